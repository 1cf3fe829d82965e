// Language tags are checked where they enter, by every Intl service leaflet later hands them to.
import { describe, expect, it } from 'vitest';
import { checkLanguageTag } from '../../src/config/language-tag.js';
import { resolveConfig } from '../../src/config/load-config.js';

describe('a language tag', () => {
  it('is taken in its canonical form: en-gb is en-GB, zh-hans is zh-Hans, EN is en', () => {
    expect(['en-gb', 'zh-hans', 'EN', 'cy', 'ar', 'en-GB-oxendict', 'sr-Latn-RS'].map(checkLanguageTag)).toEqual(
      ['en-GB', 'zh-Hans', 'en', 'cy', 'ar', 'en-GB-oxendict', 'sr-Latn-RS'].map((tag) => ({ tag })),
    );
  });

  it('is refused when Intl refuses it, saying which part is wrong and what a tag looks like', () => {
    expect(checkLanguageTag('en-12')).toEqual({
      problem:
        'en-12 is not a language tag ("12" cannot follow "en"): write a language code, then a region ' +
        'if needed, like en-GB, cy or ar',
    });
    expect(checkLanguageTag('en-GB-GB')).toEqual({ problem: expect.stringContaining('("GB" cannot follow "en-GB")') });
    expect(checkLanguageTag('English')).toEqual({
      problem: expect.stringContaining('("English" is not a language code of two or three letters)'),
    });
    expect(checkLanguageTag('x-private')).toEqual({ problem: expect.stringContaining('is not a language tag') });
  });

  it('is refused when longer than 35 characters, without repeating it', () => {
    const long = `en-x-${'abcdefgh-'.repeat(30)}a`;
    expect(checkLanguageTag(long)).toEqual({
      problem:
        `is ${long.length} characters long, too long for a language tag: write a language ` +
        `code, then a region if needed, like en-GB, cy or ar`,
    });
  });

  it('in the config, names the key: defaults.lang and a language of check.jargon.languages', () => {
    expect(() => resolveConfig({ defaults: { lang: 'en-12' } }, '/x/leaflet.config.json', '/x')).toThrow(
      /"defaults.lang": en-12 is not a language tag \("12" cannot follow "en"\)/,
    );
    expect(() =>
      resolveConfig({ check: { jargon: { languages: { 'pl-PL-PL': { a: 'b' } } } } }, undefined, '/x'),
    ).toThrow(/"check.jargon.languages.pl-PL-PL": pl-PL-PL is not a language tag/);
    expect(resolveConfig({ defaults: { lang: 'cy-gb' } }, undefined, '/x').defaults.lang).toBe('cy-GB');
  });
});
