// Articles in the patients' languages: the sample Welsh, Polish and Arabic versions of the ankle-sprain leaflet, built
// in every format. The words leaflet adds come from each language's catalogue, Arabic is laid out right to left with an
// Arabic font, and every version links the others (web hreflang and switcher, the leaflet's list, the sitemap).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copySamples, leaflet, pdfFonts, pdfText, sharedBrowser } from './cli.js';

const browser = sharedBrowser();
let dir: string;
const out = (...parts: string[]): string => path.join(dir, 'out', ...parts);
const read = (...parts: string[]): string => readFileSync(out(...parts), 'utf8');
/** Text as a reader sees it: tags, comments and the head taken out, bidi marks dropped, spaces collapsed. */
const visible = (html: string): string =>
  html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
const bidiMarks = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The words leaflet adds in English, which must not be left on a page in another language. */
const ENGLISH_LABELS = [
  'Patient information',
  'In short',
  'Your notes',
  'Where to find out more',
  'Page 1 of',
  'Last reviewed',
  'Next review',
  'Written by',
  'Clinically reviewed',
  'Read this leaflet online',
  'Phone:',
  'This is general information',
  'Note',
  'Read this on our website',
  'Skip to main content',
  'Related information',
  'Download the printable leaflet',
  'Topics',
];

beforeAll(async () => {
  dir = copySamples({ exercises: false });
  const articles = [
    'articles/ankle-sprain.md',
    'articles/cy/ankle-sprain.md',
    'articles/pl/ankle-sprain.md',
    'articles/ar/ankle-sprain.md',
  ];
  const run = await leaflet(['build', ...articles], dir, { browser });
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('a Welsh article', () => {
  it('is a leaflet, an email and a web page with none of the English labels', () => {
    const printed = pdfText(out('leaflet', 'ankle-sprain-cy.pdf'), { layout: false });
    const email = visible(read('email', 'ankle-sprain-cy.html'));
    const page = visible(read('web', 'ankle-sprain-cy', 'index.html'));
    for (const [name, text] of [
      ['leaflet', printed],
      ['email', email],
      ['web page', page],
    ] as const) {
      for (const label of ENGLISH_LABELS)
        expect(text.toLowerCase(), `${name}: "${label}"`).not.toContain(label.toLowerCase());
    }
    expect(printed).toContain('Yn gryno');
    expect(printed).toMatch(/Tudalen 1 o \d/);
    expect(printed).toContain('Nodyn');
    expect(email).toContain('Darllenwch hwn ar ein gwefan');
    expect(page).toContain('prif gynnwys');
  });

  it('links the English version, and the English one links it', () => {
    expect(pdfText(out('leaflet', 'ankle-sprain-cy.pdf'), { layout: false })).toMatch(
      /English: riverside-physio\.example\/advice\/ankle-sprain(?!-)/,
    );
    const page = read('web', 'ankle-sprain-cy', 'index.html');
    expect(page).toContain(
      '<link rel="alternate" hreflang="en-GB" href="https://riverside-physio.example/advice/ankle-sprain/">',
    );
    expect(page).toContain(
      '<link rel="alternate" hreflang="cy" href="https://riverside-physio.example/advice/ankle-sprain-cy/">',
    );
    expect(page).toMatch(/<a href="..\/ankle-sprain\/" hreflang="en-GB" lang="en-GB" dir="ltr">English<\/a>/);
    expect(read('web', 'ankle-sprain', 'index.html')).toMatch(
      /<a href="..\/ankle-sprain-cy\/" hreflang="cy" lang="cy" dir="ltr">Cymraeg<\/a>/,
    );
    const english = pdfText(out('leaflet', 'ankle-sprain.pdf'), { layout: false }).replace(bidiMarks, '');
    expect(english).toContain('This leaflet is also available in: العربية, Cymraeg, Polski');
    expect(english).toContain('Cymraeg: riverside-physio.example/advice/ankle-sprain-cy');
  });

  it('links its translations when it is built on its own', async () => {
    const run = await leaflet(['build', 'articles/cy/ankle-sprain.md', '-f', 'leaflet,web', '--out', 'alone'], dir, {
      browser,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(pdfText(path.join(dir, 'alone', 'leaflet', 'ankle-sprain-cy.pdf'), { layout: false })).toContain(
      "Mae'r daflen hon ar gael hefyd yn: English",
    );
    expect(readFileSync(path.join(dir, 'alone', 'web', 'ankle-sprain-cy', 'index.html'), 'utf8')).toContain(
      'hreflang="en-GB"',
    );
  });

  it('is listed in the sitemap with its other languages as alternates', () => {
    const sitemap = read('web', 'sitemap.xml');
    expect(sitemap).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    const entry =
      /<url><loc>https:\/\/riverside-physio\.example\/advice\/ankle-sprain-cy\/<\/loc>[\s\S]*?<\/url>/.exec(
        sitemap,
      )?.[0] ?? '';
    for (const [lang, slug] of [
      ['en-GB', 'ankle-sprain'],
      ['cy', 'ankle-sprain-cy'],
      ['pl', 'ankle-sprain-pl'],
      ['ar', 'ankle-sprain-ar'],
    ]) {
      expect(entry).toContain(
        `<xhtml:link rel="alternate" hreflang="${lang}" href="https://riverside-physio.example/advice/${slug}/"/>`,
      );
    }
  });
});

describe('an Arabic article', () => {
  it('prints right to left, its text in logical order, with an embedded Arabic font', () => {
    const file = out('leaflet', 'ankle-sprain-ar.pdf');
    const text = pdfText(file, { layout: false }).replace(bidiMarks, '');
    // pdftotext gives the text in reading order: the first words of the sentence first.
    expect(text).toContain('معظم حالات التواء الكاحل تتحسن وحدها');
    expect(text).toMatch(/صفحة\s*1\s*من\s*\d/);
    expect(text).toContain('باختصار');
    const arabic = pdfFonts(file).filter((font) => /Arabic/.test(font.name));
    expect(arabic.length).toBeGreaterThan(0);
    expect(arabic.every((font) => font.embedded)).toBe(true);
  });

  it(
    'has dir="rtl" on its email (html and the wrapper webmail keeps) and web page, with the ' + "email's bars mirrored",
    () => {
      const email = read('email', 'ankle-sprain-ar.html');
      expect(email).toMatch(/<html lang="ar" dir="rtl"/);
      expect(email).toMatch(/<table role="presentation" class="wrapper" dir="rtl" lang="ar"/);
      // The key points bar, on the left in English, is on the right in Arabic (inlined by juice after rtlcss).
      expect(email).toMatch(/class="key-points"[^>]*style="[^"]*border-right: 6px solid #f1c232/);
      expect(read('email', 'ankle-sprain.html')).toMatch(
        /class="key-points"[^>]*style="[^"]*border-left: 6px solid #f1c232/,
      );
      expect(read('web', 'ankle-sprain-ar', 'index.html')).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    },
  );
});

describe('checks of other languages', () => {
  it('give the Polish and Spanish samples a reading grade of their own, and say which checks were skipped', async () => {
    const run = await leaflet(['check', 'articles/pl/ankle-sprain.md', 'articles/es/plantar-fasciitis.md'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /grade [\d.]+ \(FOG-PL: [a-z ]+: [a-z ]+\); \d+ words, \d+ sentences, [\d.]+ words a sentence, \d+ hard words \(four syllables or more\)/,
    );
    expect(run.stdout).toMatch(/reading ease [\d.]+ \(INFLESZ: [a-z ]+\); \d+ words, \d+ sentences/);
    expect(run.stdout).toContain(
      'no structure checks (their patterns are for English); no jargon list for this language (add one in ' +
        'check.jargon.languages)',
    );
    // Their spelling is checked too, and the samples have no misspelling.
    expect(run.stdout).not.toContain('spelling');
    const json = await leaflet(
      ['check', '--json', 'articles/pl/ankle-sprain.md', 'articles/es/plantar-fasciitis.md'],
      dir,
    );
    const grades = (JSON.parse(json.stdout) as { articles: { stats: { grade?: { formula: string } } }[] }).articles.map(
      (article) => article.stats.grade?.formula,
    );
    expect(grades.sort()).toEqual(['FOG-PL', 'INFLESZ']);
  });

  it('say once, not for each article, that a language without a dictionary has no spelling check', async () => {
    const run = await leaflet(['check', 'articles/cy/ankle-sprain.md', 'articles/ar/ankle-sprain.md'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/spelling is not checked/g)).toHaveLength(1);
    expect(run.stdout).toContain(
      'Note: spelling is not checked in "ar", "cy": leaflet has dictionaries for English (en-GB, en-US), Spanish (es) ' +
        'and Polish (pl) only.',
    );
    const github = await leaflet(['check', '--format', 'github', 'articles/cy/ankle-sprain.md'], dir);
    expect(github.stdout).toContain('::notice title=leaflet check::spelling is not checked in "cy"');
  });

  it("use the clinic's own jargon list for a language, when it has one", async () => {
    const config = path.join(dir, 'leaflet.config.yaml');
    const before = readFileSync(config, 'utf8');
    writeFileSync(
      config,
      `${before}check:\n  jargon:\n    languages:\n      pl: { pogotowie: szpitalny oddział ratunkowy }\n`,
    );
    try {
      const run = await leaflet(['check', 'articles/pl/ankle-sprain.md'], dir);
      expect(run.stdout).toContain('jargon from your list for this language');
      expect(run.stdout).toMatch(
        /warning\s+"pogotowie" is a medical or official word: say "szpitalny oddział ratunkowy"/,
      );
    } finally {
      writeFileSync(config, before);
    }
  });

  it('warn when a translation was reviewed before its source last was', async () => {
    const source = path.join(dir, 'articles', 'ankle-sprain.md');
    writeFileSync(source, readFileSync(source, 'utf8').replace('reviewed: 2026-06-08', 'reviewed: 2026-09-01'));
    const run = await leaflet(['check', '--json'], dir);
    const report = JSON.parse(run.stdout) as {
      articles: { file: string; findings: { rule: string; message: string; line?: number }[] }[];
    };
    const welsh = report.articles.find((article) => article.file === path.join('articles', 'cy', 'ankle-sprain.md'));
    expect(welsh?.findings.find((finding) => finding.rule === 'translation')).toMatchObject({
      line: 9,
      message: expect.stringContaining(
        `before its source ${path.join('articles', 'ankle-sprain.md')} (reviewed 2026-09-01)`,
      ),
    });
  });
});

describe('characters no font draws', () => {
  it('are named in a warning, with the font that would stand in', async () => {
    writeFileSync(
      path.join(dir, 'articles', 'odd.md'),
      '---\ntitle: Odd characters\nlang: en-GB\n---\n\nA hieroglyph: 𓀀.\n',
    );
    const run = await leaflet(['build', 'articles/odd.md', '-f', 'leaflet'], dir, { browser });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /odd\.md: leaflet: no font this leaflet asks for in "en-GB" has "𓀀" \(U\+13000, (drawn from [^)]+|in no font here: an empty box)\)\. Check the characters/,
    );
  });
});
