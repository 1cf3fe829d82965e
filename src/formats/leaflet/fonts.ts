// The fonts a leaflet is printed with, by script: which families the leaflet stylesheet asks for in each language, and
// which characters of an article none of them can draw (so Chromium takes them from another font, or draws a box).
// Coverage comes from fontconfig (`fc-list`), which is what Chromium itself uses on Linux.
import { execFile } from 'node:child_process';

/** The fonts for one script, and the Debian package that has them. */
export interface ScriptFonts {
  script: string;
  families: readonly string[];
  debianPackage: string;
}

/** Latin, Greek and Cyrillic text, and emoji: what every leaflet's stylesheet asks for after a script's own fonts. */
export const TEXT_FONTS = ['Noto Sans', 'Liberation Sans', 'Arial'] as const;
/** The stylesheet's last text font, found on most Linux machines: it draws what the others lack, in its own style. */
const LAST_TEXT_FONT = 'DejaVu Sans';
export const EMOJI_FONTS = ['Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji'] as const;

const ARABIC: ScriptFonts = {
  script: 'Arabic',
  families: ['Noto Naskh Arabic', 'Noto Sans Arabic'],
  debianPackage: 'fonts-noto-core',
};
const CJK = (region: 'SC' | 'TC' | 'JP' | 'KR', script: string): ScriptFonts => ({
  script,
  families: [`Noto Sans CJK ${region}`],
  debianPackage: 'fonts-noto-cjk',
});
const noto = (script: string, family = `Noto Sans ${script}`): ScriptFonts => ({
  script,
  families: [family],
  debianPackage: 'fonts-noto-core',
});

/** The script fonts by language, as templates/leaflet/style.css names them. */
const BY_LANGUAGE: Record<string, ScriptFonts> = {
  ar: ARABIC,
  fa: ARABIC,
  ps: ARABIC,
  ckb: ARABIC,
  ur: {
    script: 'Urdu (Nastaliq)',
    families: ['Noto Nastaliq Urdu', 'Noto Naskh Arabic'],
    debianPackage: 'fonts-noto-core',
  },
  he: noto('Hebrew'),
  yi: noto('Hebrew'),
  'zh-Hans': CJK('SC', 'Simplified Chinese'),
  'zh-Hant': CJK('TC', 'Traditional Chinese'),
  ja: CJK('JP', 'Japanese'),
  ko: CJK('KR', 'Korean'),
  hi: noto('Devanagari'),
  mr: noto('Devanagari'),
  ne: noto('Devanagari'),
  bn: noto('Bengali'),
  pa: noto('Gurmukhi'),
  gu: noto('Gujarati'),
  ta: noto('Tamil'),
};

/** The fonts made for a language's script, or undefined when the text fonts cover it (Latin, Greek, Cyrillic). */
export function scriptFonts(lang: string): ScriptFonts | undefined {
  try {
    const locale = new Intl.Locale(lang).maximize();
    return BY_LANGUAGE[`${locale.language}-${locale.script}`] ?? BY_LANGUAGE[locale.language];
  } catch {
    return undefined;
  }
}

/** Which installed font families draw which characters. */
export interface FontCoverage {
  families: readonly string[];
  /** Whether `family` (any of its styles) has a glyph for the code point. */
  covers(family: string, codePoint: number): boolean;
  /** An installed family that has a glyph for the code point, when any has. */
  anyCovering(codePoint: number): string | undefined;
}

/**
 * The fonts installed here, with what each can draw; undefined where there is no fontconfig (macOS, Windows). Asked of
 * `fc-list` in a process of its own, while this one goes on: it took 50 ms of a rebuild's own thread when waited for.
 */
export function installedFonts(): Promise<FontCoverage | undefined> {
  return new Promise((resolve) => {
    execFile(
      'fc-list',
      ['--format', '%{family[0]}\t%{charset}\n'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, text) => resolve(error ? undefined : fontCoverage(() => text)),
    );
  });
}

/** Which fonts of fontconfig's list (`%{family[0]}\t%{charset}` a line) draw what; undefined when `list` throws. */
export function fontCoverage(list: () => string): FontCoverage | undefined {
  let text: string;
  try {
    text = list();
  } catch {
    return undefined;
  }
  // A family's character set is parsed when first asked about: a leaflet asks about a few families of the hundreds a
  // machine with the Noto fonts has (parsing them all took a tenth of a second at the start of every build).
  const charsets = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    const family = tab < 0 ? line : line.slice(0, tab);
    if (!family) continue;
    const key = family.toLowerCase();
    names.set(key, family);
    const own = charsets.get(key) ?? [];
    if (tab >= 0) own.push(line.slice(tab + 1));
    charsets.set(key, own);
  }
  const ranges = new Map<string, [number, number][]>();
  const rangesOf = (key: string): [number, number][] => {
    let own = ranges.get(key);
    if (!own) {
      own = [];
      for (const charset of charsets.get(key) ?? []) {
        for (const part of charset.split(' ')) {
          if (!part) continue;
          const [from = '', to = from] = part.split('-');
          own.push([parseInt(from, 16), parseInt(to, 16)]);
        }
      }
      ranges.set(key, own);
    }
    return own;
  };
  const covers = (family: string, codePoint: number): boolean =>
    rangesOf(family.toLowerCase()).some(([from, to]) => codePoint >= from && codePoint <= to);
  const families = [...charsets.keys()];
  const anyCovering = (codePoint: number): string | undefined => {
    const found = families.find((family) => covers(family, codePoint));
    return found ? names.get(found) : undefined;
  };
  return { families: [...names.values()], covers, anyCovering };
}

/** Characters of `text` that the fonts a leaflet in `lang` asks for cannot draw, with the font that would stand in. */
export function missingGlyphs(
  text: string,
  lang: string,
  coverage: FontCoverage,
): { char: string; fallback: string | undefined }[] {
  const stack = [...(scriptFonts(lang)?.families ?? []), ...TEXT_FONTS, LAST_TEXT_FONT, ...EMOJI_FONTS];
  const missing = new Map<string, string | undefined>();
  // ASCII is left out first: every text font draws it, and it is nearly all of an English article.
  for (const char of new Set(text.match(/[^\0-\x7F]/gu))) {
    const codePoint = char.codePointAt(0) ?? 0;
    // Spaces, controls, joiners, variation selectors and bidi marks are not drawn.
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: the variation selectors are meant as a range of their own (the u flag reads them as code points)
    if (/[\s\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}]/u.test(char)) continue;
    if (stack.some((family) => coverage.covers(family, codePoint))) continue;
    missing.set(char, coverage.anyCovering(codePoint));
  }
  return [...missing].map(([char, fallback]) => ({ char, fallback }));
}

/** The warning's words for missing glyphs: `"𓀀" (U+13000, drawn from Noto Sans Egyptian Hieroglyphs)`. */
export function describeMissing(missing: readonly { char: string; fallback: string | undefined }[], limit = 8): string {
  const shown = missing
    .slice(0, limit)
    .map(
      ({ char, fallback }) =>
        `"${char}" (U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}, ` +
        `${fallback ? `drawn from ${fallback}` : 'in no font here: ' + 'an empty box'})`,
    );
  return `${shown.join(', ')}${missing.length > limit ? ` and ${missing.length - limit} more` : ''}`;
}
