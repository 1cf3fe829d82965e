// Fonts by script: which fonts a leaflet asks for in each language, and which characters none of them can draw (read
// from fontconfig's list of what each installed font covers).
import { describe, expect, it } from 'vitest';
import { describeMissing, fontCoverage, missingGlyphs, scriptFonts } from '../../src/formats/leaflet/fonts.js';

/** What `fc-list --format '%{family[0]}\t%{charset}\n'` prints, for a machine with a few fonts. */
const FC_LIST = [
  'Noto Sans\t20-7e a0-17f 2013-2014 2018-201d 2022',
  'Noto Naskh Arabic\t20-21 600-6ff fe70-fefc',
  'DejaVu Sans\t20-7e a0-24f 2190-21ff',
  'Noto Color Emoji\t1f300-1f64f',
  'Noto Sans Egyptian Hieroglyphs\t13000-1342e',
].join('\n');

describe('script fonts', () => {
  it('are Noto fonts made for the script, from the Debian package that has them', () => {
    expect(scriptFonts('ar')).toMatchObject({
      families: ['Noto Naskh Arabic', 'Noto Sans Arabic'],
      debianPackage: 'fonts-noto-core',
    });
    expect(scriptFonts('ur-PK')?.families[0]).toBe('Noto Nastaliq Urdu');
    expect(scriptFonts('zh-CN')).toMatchObject({ families: ['Noto Sans CJK SC'], debianPackage: 'fonts-noto-cjk' });
    expect(scriptFonts('zh-TW')?.families[0]).toBe('Noto Sans CJK TC');
    expect(scriptFonts('cy')).toBeUndefined();
    expect(scriptFonts('pl')).toBeUndefined();
  });
});

describe('characters no font draws', () => {
  const coverage = fontCoverage(() => FC_LIST);

  it('are none for text the fonts cover, in its language', () => {
    expect(coverage).toBeDefined();
    if (!coverage) return;
    expect(missingGlyphs('Rest your ankle – then “walk” 😀', 'en-GB', coverage)).toEqual([]);
    expect(missingGlyphs('ألم الظهر', 'ar', coverage)).toEqual([]);
  });

  it('are named, with the font that would stand in, or none', () => {
    if (!coverage) return;
    const missing = missingGlyphs('A hieroglyph 𓀀, a Devanagari letter क and 𓀀 again', 'en-GB', coverage);
    expect(missing).toEqual([
      { char: '𓀀', fallback: 'Noto Sans Egyptian Hieroglyphs' },
      { char: 'क', fallback: undefined },
    ]);
    expect(describeMissing(missing)).toBe(
      '"𓀀" (U+13000, drawn from Noto Sans Egyptian Hieroglyphs), "क" (U+0915, in no font here: an empty box)',
    );
  });

  it('cannot be told without fontconfig', () => {
    expect(
      fontCoverage(() => {
        throw new Error('fc-list: not found');
      }),
    ).toBeUndefined();
  });
});
