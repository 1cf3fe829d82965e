// The words leaflet adds, from a message catalogue per language: every shipped catalogue complete and valid ICU,
// plurals by each language's rules, a clinic's own catalogue over leaflet's, English for what a catalogue lacks (said
// once), and the direction each language is written in.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textDirection } from '../../src/config/language-tag.js';
import { DEFAULT_LOCALES_DIR, languageName, loadMessages } from '../../src/render/messages.js';
import { tempDir } from '../helpers.js';

const shipped = readdirSync(DEFAULT_LOCALES_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -5));
const english = JSON.parse(readFileSync(path.join(DEFAULT_LOCALES_DIR, 'en.json'), 'utf8')) as Record<string, string>;
const keys = Object.keys(english).filter((key) => !key.startsWith('$'));
const sample = {
  phone: '01234 567890',
  email: 'a@b.c',
  website: 'b.c',
  languages: 'Cymraeg',
  page: 1,
  pages: 3,
  date: '1 May 2026',
  reviewer: 'R',
  author: 'A',
  reps: 10,
  sets: 3,
  count: 2,
  duration: '30',
  clinic: 'none',
  tag: 'knees',
  title: 'T',
  titles: 'T',
  month: 'May',
};

describe('the shipped catalogues', () => {
  it('cover English, Welsh, Spanish, Polish, Arabic, Urdu and Simplified Chinese', () => {
    expect(shipped.sort()).toEqual(['ar', 'cy', 'en', 'es', 'pl', 'ur', 'zh-Hans']);
  });

  it('each have every key, in valid ICU MessageFormat, with no English left in them', () => {
    const messages = loadMessages(undefined);
    expect(messages.gaps(shipped, (file) => file)).toEqual([]);
    for (const lang of shipped) {
      for (const key of keys) {
        const text = messages.format(lang, key, sample);
        expect(text, `${lang} ${key}`).not.toBe('');
        // Labels a patient sees must not stay English in another language (numbers, names and "PDF" may).
        if (
          lang !== 'en' &&
          english[key] &&
          /[a-z]{4,}/.test(english[key] ?? '') &&
          !['web.feed', 'contact.web'].includes(key)
        ) {
          expect(text, `${lang} ${key}`).not.toBe(messages.format('en', key, sample));
        }
      }
    }
  });
});

describe('a message', () => {
  const messages = loadMessages(undefined);

  it('is found for a regional or scripted tag: cy-GB reads cy, zh-CN reads zh-Hans, ar-EG reads ar', () => {
    expect(messages.catalogueFor('cy-GB')).toBe('cy');
    expect(messages.catalogueFor('zh-CN')).toBe('zh-Hans');
    expect(messages.catalogueFor('ar-EG')).toBe('ar');
    expect(messages.catalogueFor('de')).toBeUndefined();
    expect(messages.format('cy-GB', 'inShort')).toBe('Yn gryno');
    expect(messages.format('zh-CN', 'inShort')).toBe('要点');
  });

  it("takes each language's plural forms", () => {
    const seconds = (lang: string, count: number) => messages.format(lang, 'dose.seconds', { count });
    expect([1, 2, 5, 22].map((count) => seconds('pl', count))).toEqual([
      '1 sekunda',
      '2 sekundy',
      '5 sekund',
      '22 sekundy',
    ]);
    expect([1, 2, 3, 11].map((count) => seconds('ar', count))).toEqual([
      'ثانية واحدة',
      'ثانيتان',
      '3 ثوانٍ',
      '11 ثانية',
    ]);
    expect([1, 30].map((count) => seconds('en-GB', count))).toEqual(['1 second', '30 seconds']);
    expect(messages.format('en', 'footer.page', { page: 2, pages: 3 })).toBe('Page 2 of 3');
  });

  it(
    'falls back to English, for a language with no catalogue and for a key a catalogue lacks, and ' + 'says so once',
    () => {
      const project = tempDir();
      const locales = path.join(project, 'locales');
      mkdirSync(locales);
      // A clinic's own Welsh phrase over leaflet's, and a Breton catalogue with one phrase only.
      writeFileSync(path.join(locales, 'cy.json'), JSON.stringify({ inShort: 'Y pethau pwysig' }));
      writeFileSync(path.join(locales, 'br.json'), JSON.stringify({ inShort: 'E berr' }));
      const own = loadMessages(locales);
      expect(own.format('cy', 'inShort')).toBe('Y pethau pwysig');
      expect(own.format('cy', 'sources')).toBe('Ble i gael rhagor o wybodaeth');
      expect(own.format('br', 'inShort')).toBe('E berr');
      expect(own.format('br', 'sources')).toBe('Where to find out more');
      expect(own.format('de', 'sources')).toBe('Where to find out more');
      const gaps = own.gaps(['cy', 'br', 'br-FR', 'de', 'de-AT', 'en-GB'], (file) => path.relative(project, file));
      expect(gaps).toHaveLength(2);
      expect(gaps[0]).toMatchObject({
        file: path.join('locales', 'br.json'),
        message: expect.stringMatching(/^the "br" catalogue has no messages "kind", .*"sources".* said in English/),
      });
      expect(gaps[1]).toMatchObject({
        file: path.join('locales', 'de.json'),
        message: expect.stringContaining('no message catalogue for "de"'),
      });
    },
  );

  it('names the file of a catalogue that is not valid, and of a message that is not valid ICU', () => {
    const locales = path.join(tempDir(), 'locales');
    mkdirSync(locales);
    writeFileSync(path.join(locales, 'cy.json'), '{ "inShort": ');
    expect(() => loadMessages(locales)).toThrow(/not valid JSON/);
    writeFileSync(path.join(locales, 'cy.json'), JSON.stringify({ inShort: 'Yn {gryno' }));
    expect(() => loadMessages(locales).format('cy', 'inShort')).toThrow(
      expect.objectContaining({
        file: path.join(locales, 'cy.json'),
        message: expect.stringMatching(/"inShort" is not valid ICU MessageFormat/),
      }),
    );
  });
});

describe("a clinic's catalogue", () => {
  /** A project whose locales/<name> holds `text`; loading it, with paths shown from the project. */
  const load = (name: string, text: string) => {
    const project = tempDir();
    mkdirSync(path.join(project, 'locales'));
    writeFileSync(path.join(project, 'locales', name), text);
    return () => loadMessages(path.join(project, 'locales'), { cwd: project });
  };

  it("is held to the same rules as leaflet's own: each shipped catalogue passes them", () => {
    const project = tempDir();
    cpSync(DEFAULT_LOCALES_DIR, path.join(project, 'locales'), { recursive: true });
    expect(() => loadMessages(path.join(project, 'locales'), { cwd: project })).not.toThrow();
  });

  it('may choose plural forms for a number leaflet gives, and leave a placeholder out', () => {
    const messages = load(
      'pl.json',
      JSON.stringify({
        'dose.repsInSet': '{reps, plural, one {# powtórzenie} few {# powtórzenia} other {# powtórzeń}} w serii',
        'footer.page': 'Strona {page}',
      }),
    )();
    expect(messages.format('pl', 'dose.repsInSet', { reps: 3 })).toBe('3 powtórzenia w serii');
  });

  it('refuses a message that is not valid ICU, naming the file, line and key, when it is loaded', () => {
    expect(load('cy.json', '{\n  "inShort": "Yn {gryno"\n}\n')).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        file: path.join('locales', 'cy.json'),
        line: 2,
        message: expect.stringMatching(
          /^the message "inShort" is not valid ICU MessageFormat \(at character 4\): it opens a \{ that is never closed/,
        ),
      }),
    );
    expect(load('cy.json', JSON.stringify({ 'dose.seconds': '{count, plural, one {# eiliad}}' }))).toThrow(
      /"dose.seconds" is not valid ICU MessageFormat .*without its "other \{...\}" case/,
    );
  });

  it('refuses a placeholder leaflet does not fill in for that key, saying which it may use', () => {
    expect(load('en.json', JSON.stringify({ 'footer.page': 'Page {page} of {total}' }))).toThrow(
      'the message "footer.page" uses the placeholder {total}, which leaflet does not fill in for ' +
        'this phrase: it may use only {page} and {pages}',
    );
    expect(load('cy.json', JSON.stringify({ inShort: 'Yn gryno, {clinic}' }))).toThrow(
      'uses the placeholder {clinic}, which leaflet does not fill in for this phrase: it takes none',
    );
  });

  it('refuses a date or number format on a placeholder leaflet gives as text', () => {
    expect(load('en.json', JSON.stringify({ 'review.sentence': 'Last reviewed {date, date, long}.' }))).toThrow(
      'formats {date} as a date or time, but leaflet gives it already written out: write {date} alone.',
    );
    expect(load('en.json', JSON.stringify({ 'footer.page': '{page, number} / {pages}' }))).toThrow(
      'uses {page} as a number (plural, number), but leaflet gives it as text',
    );
  });

  it('refuses a file that is not JSON, not an object of strings, or not named after a language', () => {
    expect(load('cy.json', '{\n  "inShort": "Yn gryno"\n  "sources": "Ffynonellau"\n}')).toThrow(
      expect.objectContaining({ line: 3, message: expect.stringContaining('not valid JSON here') }),
    );
    expect(load('cy.json', '["Yn gryno"]')).toThrow(
      'a message catalogue must be a JSON object of "key": "message" pairs',
    );
    expect(load('cy.json', JSON.stringify({ inShort: 3 }))).toThrow(
      'the message "inShort" is a number: a message is text in quotes',
    );
    expect(load('en-12.json', '{}')).toThrow(
      expect.objectContaining({
        file: path.join('locales', 'en-12.json'),
        message: expect.stringContaining('the file name en-12 is not a language tag ("12" cannot follow "en")'),
      }),
    );
  });
});

describe('a language', () => {
  it('is written right to left when it is Arabic, Urdu, Persian or Hebrew', () => {
    expect(['ar', 'ur-PK', 'fa', 'he', 'en-GB', 'cy', 'zh-Hans', 'pl'].map(textDirection)).toEqual([
      'rtl',
      'rtl',
      'rtl',
      'rtl',
      'ltr',
      'ltr',
      'ltr',
      'ltr',
    ]);
  });

  it('is named in itself, for a language switcher', () => {
    expect(['cy', 'pl', 'ar', 'en-GB', 'zh-Hans'].map(languageName)).toEqual([
      'Cymraeg',
      'Polski',
      'العربية',
      'English',
      '简体中文',
    ]);
  });
});
