// The spelling check on fixed texts: planted misspellings found at their place with the right word first; medical
// words, the clinic's words, names and what is not prose left alone; each language's dictionary.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/read-article.js';
import { createArticleChecker } from '../../src/check/check-article.js';
import type { Finding } from '../../src/check/findings.js';
import {
  britishForms,
  createSpelling,
  dictionaryFor,
  proseWords,
  WordList,
  warmSpelling,
} from '../../src/check/spelling.js';
import { TODAY, tempDir, testConfig } from '../helpers.js';

const FRONT_MATTER = [
  'title: Heel pain',
  'summary: What helps a sore heel.',
  'author: Tomasz Przybylski, MCSP',
  'reviewer: Dr Asha Patel',
  'reviewed: 2026-06-01',
  'next_review: 2028-06-01',
  'sources: [{title: NHS, url: "https://www.nhs.uk/"}]',
];

/** A project folder whose words.txt holds `words`. */
function projectWithWords(words: string[]): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'articles'));
  writeFileSync(path.join(dir, 'words.txt'), ['# our words', ...words, ''].join('\n'));
  return dir;
}

const PLAIN = testConfig({}, tempDir());
/** One set of dictionaries for the checks of this file whose configs have no words of their own. */
const SPELLING = createSpelling(PLAIN);

/** The spelling findings of an article with `body` (and `frontMatter`), in `lang`. */
async function spelling(
  body: string[],
  { lang = 'en-GB', frontMatter = FRONT_MATTER, config = PLAIN, own = false } = {},
): Promise<Finding[]> {
  const source = ['---', ...frontMatter, `lang: ${lang}`, '---', '', ...body].join('\n');
  const { article } = parseArticle(source, '/site/articles/heel-pain.md', 'articles/heel-pain.md', config);
  const check = own ? createArticleChecker(config) : createArticleChecker(config, SPELLING);
  const { findings } = await check(article, TODAY);
  return findings.filter((finding) => finding.rule === 'spelling');
}

describe('the spelling check', () => {
  it('finds planted misspellings at their line and column, the right word first', async () => {
    // The body starts on line 12 (9 lines of front matter with its fences, lang, a blank line).
    const found = await spelling([
      'You will recieve a plan of stretches.',
      '',
      'Do the excercise twice a day. It eases plantar fascitis.',
    ]);
    expect(found.map(({ line, column, suggestion }) => ({ line, column, suggestion }))).toEqual([
      { line: 12, column: 10, suggestion: 'receive' },
      { line: 14, column: 8, suggestion: 'exercise' },
      { line: 14, column: 48, suggestion: 'fasciitis' },
    ]);
    expect(found[0]?.message).toBe(
      '"recieve" is not in the en-GB dictionary: did you mean "receive"? If it is right (a name, a place), add it ' +
        'to words.txt.',
    );
    expect(found.every((finding) => finding.severity === 'warning')).toBe(true);
  });

  it('gives at most three suggestions, and says a word once with how often it is used', async () => {
    const found = await spelling(['The colur of the bruise changes. Its colur fades.', '', 'Colur comes back.']);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^"colur" is not in the en-GB dictionary: did you mean "colour"/);
    expect(found[0]?.message).toContain('(used 3 times)');
    expect(found[0]?.message.match(/"[^"]+"/g)?.length).toBeLessThanOrEqual(1 + 3 + 1);
  });

  it('knows medical words, the names in author and reviewer, and British spelling in en-GB', async () => {
    const found = await spelling([
      'Plantar fasciitis and sciatica are common. Your physiotherapist can help with tendinopathy and your hamstrings.',
      '',
      'Tomasz Przybylski wrote this and Dr Patel checked it. The colour of your heel may change.',
    ]);
    expect(found).toEqual([]);
    // American spellings are the British dictionary's to judge, though the medical list has them.
    expect((await spelling(['The color of your heel may change.']))[0]?.suggestion).toBe('colour');
    expect(await spelling(['The color of your heel may change.'], { lang: 'en-US' })).toEqual([]);
  });

  it("knows the clinic's own words from words.txt, and its name and address", async () => {
    const body = ['Warm up your glutes before you walk to Kingsmead.'];
    expect((await spelling(body)).map((finding) => finding.message.split('"')[1])).toEqual(['glutes', 'Kingsmead']);
    const config = testConfig(
      { clinic: { name: 'Kingsmead Physiotherapy', address: '1 Mill Lane, Exampleton' } },
      projectWithWords(['glutes']),
    );
    expect(await spelling(body, { config, own: true })).toEqual([]);
  });

  it('reads prose only: not code, e-mail or web addresses, link addresses, or words in capitals', async () => {
    const found = await spelling([
      'Email recieve@riverside.example or see www.recieve.example and riverside.recieve for more.',
      '',
      'Read [the NHS page](https://www.nhs.uk/recieve) and run `recieve --now`.',
      '',
      '```',
      'recieve excercise',
      '```',
      '',
      'Follow the RICE and POLICE advice from the NHS and the MCSP. Try the McKenzie method at 10am.',
    ]);
    expect(found).toEqual([]);
  });

  it('checks the title, summary and key points at their lines', async () => {
    const found = await spelling(['Rest your heel.'], {
      frontMatter: [
        'title: Heel pain',
        'summary: What helps a sore heal and how to recieve care.',
        'key_points: [Do the excercise every day.]',
        ...FRONT_MATTER.slice(2),
      ],
    });
    expect(found.map(({ line, suggestion }) => ({ line, suggestion }))).toEqual([
      { line: 3, suggestion: 'receive' },
      { line: 4, suggestion: 'exercise' },
    ]);
  });

  it('uses the Spanish and Polish dictionaries for articles in those languages', async () => {
    const inSpanish = ['title: Dolor de talón', 'summary: Qué ayuda.', ...FRONT_MATTER.slice(2)];
    const spanish = await spelling(['Haz el ejercisio cada día.'], { lang: 'es', frontMatter: inSpanish });
    expect(spanish.map(({ column, suggestion }) => ({ column, suggestion }))).toEqual([
      { column: 8, suggestion: 'ejercicio' },
    ]);
    expect(spanish[0]?.message).toContain('is not in the es dictionary');
    const inPolish = ['title: Ból pięty', 'summary: Co pomaga.', ...FRONT_MATTER.slice(2)];
    const polish = await spelling(['Rechabilitacja pomaga wrócić do sportu.'], { lang: 'pl', frontMatter: inPolish });
    expect(polish.map(({ column, suggestion }) => ({ column, suggestion }))).toEqual([
      { column: 1, suggestion: 'Rehabilitacja' },
    ]);
  });

  it("leaves the process's handling of uncaught exceptions as it was (Hunspell's start-up adds its own)", async () => {
    const before = process.listeners('uncaughtException');
    const speller = await createSpelling(PLAIN).forLanguage('en-US');
    expect(speller?.misspelt('recieve')).toBe(true);
    expect(process.listeners('uncaughtException')).toEqual(before);
  });

  it("takes a Hunspell made ahead for its first speller of that dictionary, and adds the clinic's words to it", async () => {
    // What an early worker thread does while the build reads the articles (warmSpelling), then the first check.
    await warmSpelling('en-GB');
    const clinic = testConfig({ clinic: { name: 'Kingsmead Physiotherapy' } }, projectWithWords(['Kinetiflex']));
    const warmed = await createSpelling(clinic).forLanguage('en-GB');
    // Another config's speller makes a Hunspell of its own: the clinic's words stay with the clinic's.
    const other = await createSpelling(PLAIN).forLanguage('en-GB');
    for (const word of ['Kinetiflex', 'Kingsmead']) {
      expect(warmed?.misspelt(word), word).toBe(false);
      expect(other?.misspelt(word), word).toBe(true);
    }
    expect(warmed?.misspelt('recieve')).toBe(true);
    expect(warmed?.suggest('recieve')[0]).toBe('receive');
    expect(warmed?.dictionary).toBe('en-GB');
    // A language without a dictionary has nothing to make.
    await expect(warmSpelling('cy')).resolves.toBeUndefined();
  });

  it('leaves a language without a dictionary, and is off when the config turns it off', async () => {
    expect(await spelling(['Mae recieve yn anghywir.'], { lang: 'cy', frontMatter: ['title: Poen sawdl'] })).toEqual(
      [],
    );
    const off = testConfig({ check: { rules: { spelling: 'off' } } }, tempDir());
    expect(await spelling(['You will recieve a plan.'], { config: off, own: true })).toEqual([]);
  });
});

describe('the words the spelling check reads', () => {
  it('skips addresses, paths, words touching digits, single letters and words in capitals', () => {
    expect(proseWords("Don't walk 10km; see hello@x.example, x.example/a and a/b. NHS McKenzie I Rest.")).toEqual([
      { word: "Don't", index: 0 },
      { word: 'walk', index: 6 },
      { word: 'see', index: 17 },
      { word: 'and', index: 50 },
      { word: 'Rest', index: 74 },
    ]);
  });

  it('picks the dictionary of each language: British English unless American, Spanish, Polish, or none', () => {
    expect(['en', 'en-GB', 'en-AU', 'en-US', 'es', 'es-MX', 'pl', 'cy', 'ar'].map(dictionaryFor)).toEqual([
      'en-GB',
      'en-GB',
      'en-GB',
      'en-US',
      'es',
      'es',
      'pl',
      undefined,
      undefined,
    ]);
  });

  it('knows the British forms of American endings', () => {
    expect(britishForms('color')).toEqual(['colour']);
    expect(britishForms('centers')).toEqual(['centres']);
    expect(britishForms('analyzed')).toEqual(['analysed']);
    expect(britishForms('heel')).toEqual([]);
  });
});

describe('a word list kept in little memory', () => {
  it('finds every word it holds and no other, from sorted lines or not', () => {
    const words = ['Achilles', 'achilles', 'bursitis', "Baker's", 'zygote', 'Ωmega', 'ab'];
    for (const lines of [[...words].sort().join('\n'), words.join('\n')]) {
      const list = new WordList(lines);
      expect(list.size).toBe(words.length);
      for (const word of words) expect(list.has(word), word).toBe(true);
      for (const word of ['', 'a', 'abb', 'Bursitis', 'zygotes', 'aaa', 'zzz', 'Baker'])
        expect(list.has(word), word).toBe(false);
      // As a Hunspell .dic body: each word once, a line each, sorted.
      expect(list.text.split('\n')).toEqual([...words].sort());
    }
  });

  it('keeps one of a word listed twice', () => {
    const list = new WordList('knee\nankle\nknee');
    expect(list.size).toBe(2);
    expect(list.has('knee') && list.has('ankle')).toBe(true);
  });
});
