// The quality checks on fixed texts: reading figures counted by hand, jargon with its places, review dates, structure,
// rule settings and the GitHub annotation format.
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/read-article.js';
import type { CheckReport } from '../../src/check/check.js';
import { createArticleChecker } from '../../src/check/check-article.js';
import type { Finding } from '../../src/check/findings.js';
import { formatCheckGithub } from '../../src/check/format.js';
import { addYears } from '../../src/check/governance.js';
import { createJargonMatcher } from '../../src/check/jargon.js';
import { JARGON } from '../../src/check/jargon-list.js';
import { lineAndColumn, proseSegments } from '../../src/check/prose.js';
import { measureReadability } from '../../src/check/readability.js';
import { createSpelling } from '../../src/check/spelling.js';
import { TODAY, testConfig } from '../helpers.js';

/** Front matter that passes every governance and structure check, so a test sees only what its body causes. */
const COMPLETE = [
  'title: Knee pain',
  'summary: What helps a sore knee.',
  'author: Sam Taylor',
  'reviewer: Dr Asha Patel',
  'reviewed: 2026-06-01',
  'next_review: 2028-06-01',
  'sources:',
  '  - title: NHS',
  '    url: https://www.nhs.uk/',
];

/** Check an article made of `frontMatter` lines and `body` lines. */
async function check(
  body: string[],
  { frontMatter = COMPLETE, config = {} }: { frontMatter?: string[]; config?: object } = {},
) {
  const resolved = testConfig(config);
  const source = ['---', ...frontMatter, '---', '', ...body].join('\n');
  const { article } = parseArticle(source, '/site/articles/knee-pain.md', 'articles/knee-pain.md', resolved);
  return createArticleChecker(resolved, SPELLING)(article, TODAY);
}

/** The dictionaries, loaded once for the file's checks (their configs have the same words). */
const SPELLING = createSpelling(testConfig());

const rules = (findings: Finding[]): string[] => findings.map((finding) => finding.rule);

/** A body that passes the structure checks. */
const SECTIONS = [
  '## What you can do',
  '',
  'Rest your knee for a day or two.',
  '',
  '## When to get help',
  '',
  'See a GP if it swells.',
];

describe('readability figures', () => {
  // Counted by hand: 3 sentences; 16 words; syllables 6 + 6 + 12 = 24 ("sun-ny", "phy-si-o-ther-a-py", "re-cov-er");
  // 2 words of three or more syllables ("physiotherapy", "recover").
  //   Flesch-Kincaid grade = 0.39 × 16/3 + 11.8 × 24/16 − 15.59 = 4.19
  //   Flesch reading ease  = 206.835 − 1.015 × 16/3 − 84.6 × 24/16 = 74.52
  //   SMOG grade           = 1.043 × √(2 × 30/3) + 3.1291 = 7.79
  const text = 'The cat sat on the mat. It was a sunny day. Physiotherapy can help you recover.';

  it('counts sentences, words and syllables of a paragraph and gives the three grades', async () => {
    const { stats } = measureReadability(proseSegments(text), new Set());
    expect(stats).toMatchObject({
      sentences: 3,
      words: 16,
      syllables: 24,
      polysyllabicWords: 2,
      averageSentenceWords: 5.3,
    });
    expect(stats.fleschKincaid).toBe(4.2);
    expect(stats.fleschReadingEase).toBe(74.5);
    expect(stats.smog).toBe(7.8);
  });

  it('leaves headings, table cells, code, images and web addresses out; a list item is a sentence of its own', async () => {
    const markdown = [
      '## Physiotherapy information',
      '',
      text,
      '',
      '- rest well',
      '',
      '| Treatment | Recommendation |',
      '| --- | --- |',
      '| Physiotherapy | Recommended |',
      '',
      '```',
      'physiotherapy physiotherapy physiotherapy.',
      '```',
      '',
      '![Physiotherapy exercises](./knee.png)',
      '',
      'Visit https://example.org/physiotherapy-information today.',
    ].join('\n');
    const { stats } = measureReadability(proseSegments(markdown), new Set());
    // + "rest well" (1 sentence, 2 words, 2 syllables) + "Visit today." (2 words: vis-it 2, to-day 2).
    expect(stats).toMatchObject({ sentences: 5, words: 20, syllables: 30, polysyllabicWords: 2 });
  });

  it('counts a hyphenated word as its parts, and a number as a one-syllable word', async () => {
    // It, is, wear, and, tear, af-ter, 20, years: 8 words, 9 syllables.
    const { stats } = measureReadability(proseSegments('It is wear-and-tear after 20 years.'), new Set());
    expect(stats).toMatchObject({ sentences: 1, words: 8, syllables: 9 });
  });

  it('counts topic words as one-syllable words, and says which were counted so', async () => {
    const body = 'Plantar fasciitis heals slowly. Most fasciitis gets better.';
    const plain = measureReadability(proseSegments(body), new Set());
    const topical = measureReadability(proseSegments(body), new Set(['fasciitis']));
    expect(plain.stats.syllables - topical.stats.syllables).toBe(6); // fas-ci-i-tis counted as 4 by syllable, twice
    expect(topical.stats.polysyllabicWords).toBe(0);
    expect(topical.stats.topicWords).toEqual([{ word: 'fasciitis', count: 2 }]);
  });

  it('finds passive sentences, regular and irregular, but not adjectives', async () => {
    const { stats, sentences } = measureReadability(
      proseSegments('Your ankle was injured. The ball was thrown. I am tired. You can rest.'),
      new Set(),
    );
    expect(stats.passiveSentences).toBe(2);
    expect(sentences.map((sentence) => sentence.passive.map((p) => p.phrase))).toEqual([
      ['injured'],
      ['thrown'],
      [],
      [],
    ]);
  });
});

describe('prose from the Markdown', () => {
  it('keeps the words of quotes, lists and tables, each at its place in the file', async () => {
    const body = [
      '> First line of the quote',
      '> and its **second** line.',
      '',
      '1. An item',
      '   that goes on.',
      '',
      '| a | b |',
      '|---|---|',
      '| cell &amp; more | x |',
      '',
    ].join('\n');
    const segments = proseSegments(body);
    expect(segments.map((segment) => [segment.kind, segment.text])).toEqual([
      ['paragraph', 'First line of the quote\nand its second line.'],
      ['list-item', 'An item\nthat goes on.'],
      ['table-cell', 'a'],
      ['table-cell', 'b'],
      ['table-cell', 'cell & more'],
      ['table-cell', 'x'],
    ]);
    const place = (word: string): { line: number; column: number } | undefined => {
      const segment = segments.find((candidate) => candidate.text.includes(word));
      return segment && lineAndColumn(body, segment.offsets[segment.text.indexOf(word)] ?? -1);
    };
    // After the "> " and the "**" of the quote's second line, and after the list item's indentation.
    expect(place('second')).toEqual({ line: 2, column: 13 });
    expect(place('goes')).toEqual({ line: 5, column: 9 });
    expect(place('&')).toEqual({ line: 9, column: 8 });
  });
});

describe('readability findings', () => {
  it('lists each sentence over 25 words at its line and column', async () => {
    const long = `You can ${Array.from({ length: 24 }, () => 'walk').join(' ')}.`;
    const { findings } = await check([...SECTIONS, '', `Short one. ${long}`]);
    expect(findings.filter((finding) => finding.rule === 'long-sentence')).toEqual([
      expect.objectContaining({ line: 21, column: 12, message: expect.stringContaining('26 words') }),
    ]);
  });

  it('lists paragraphs of more than 5 sentences', async () => {
    const { findings } = await check([
      ...SECTIONS,
      '',
      'You rest. You walk. You sit. You stand. You stretch. You sleep.',
    ]);
    expect(findings.filter((finding) => finding.rule === 'long-paragraph')).toEqual([
      expect.objectContaining({ line: 21, column: 1 }),
    ]);
  });

  it('warns about a reading grade above check.maxGrade, naming the topic words it counted as easy', async () => {
    const hard = Array.from(
      { length: 10 },
      () => 'Physiotherapy rehabilitation facilitates functional independence for individuals.',
    ).join(' ');
    const { findings, stats } = await check([...SECTIONS, '', hard]);
    expect(stats.smog).toBeGreaterThan(8);
    expect(findings.find((finding) => finding.rule === 'reading-grade')?.message).toMatch(
      /^reading grade [\d.]+ is above the target of 8/,
    );
    expect(
      rules((await check([...SECTIONS, '', hard], { config: { check: { maxGrade: 50 } } })).findings),
    ).not.toContain('reading-grade');
  });

  it('warns when more than 20% of sentences are passive, at each passive phrase', async () => {
    // With the two sentences of SECTIONS: 2 of 5 sentences (40%) are passive.
    const { findings } = await check([...SECTIONS, '', 'Your knee was twisted. It was strained too. You can walk.']);
    const passive = findings.filter((finding) => finding.rule === 'passive-voice');
    expect(passive).toEqual([
      expect.objectContaining({
        line: 21,
        column: 15,
        message: expect.stringContaining('"twisted" (2 of 5 sentences, 40%, are passive'),
      }),
      expect.objectContaining({ line: 21, column: 31 }),
    ]);
    // 1 of 6 sentences (17%) is under the limit.
    expect(
      rules(
        (await check([...SECTIONS, '', 'Your knee was twisted. You can walk. You can swim. You can sit.'])).findings,
      ),
    ).not.toContain('passive-voice');
  });
});

describe('jargon', () => {
  it('ships at least 150 terms, each with plain words and a source', async () => {
    expect(JARGON.length).toBeGreaterThanOrEqual(150);
    for (const entry of JARGON) {
      expect(entry.plain.trim()).not.toBe('');
      expect(['NHS', 'PEC', 'CDC', 'PT']).toContain(entry.source);
    }
  });

  it('reports the first use of each term at its line and column, with the plain words', async () => {
    const { findings } = await check([
      ...SECTIONS,
      '',
      'Your lumbar spine is sore.',
      'Take an analgesic. The lumbar area is stiff.',
      '',
      '| Pain | Bilateral |',
      '| --- | --- |',
    ]);
    const jargon = findings.filter((finding) => finding.rule === 'jargon');
    expect(jargon.map(({ line, column, suggestion }) => ({ line, column, suggestion }))).toEqual([
      { line: 21, column: 6, suggestion: 'lower back' },
      { line: 22, column: 9, suggestion: 'painkiller' },
      { line: 24, column: 10, suggestion: 'both sides' },
    ]);
    expect(jargon[0]?.message).toBe(
      '"lumbar" is a medical or official word: say "lower back", or explain it the first time, like ' +
        '"lumbar (lower back)" (NHS; used 2 times).',
    );
  });

  it('finds a term within one piece of text, never across a heading, paragraph or list item and the next', async () => {
    const find = createJargonMatcher(JARGON);
    const found = (markdown: string) => find(proseSegments(markdown)).map(({ text, offset }) => [text, offset]);
    // Searched all at once, the pieces are kept apart: "plantar" ends a heading, "fascia" starts the paragraph.
    expect(found('## Heel and plantar\n\nfascia pain, lumbar-\n\n- spine\n')).toEqual([
      ['plantar', 12],
      ['fascia', 21],
      ['lumbar', 34],
    ]);
    expect(found('Heel and plantar fascia pain, lumbar spine\n')).toEqual([
      ['plantar fascia', 9],
      ['lumbar', 30],
    ]);
  });

  it('accepts a term explained at its first use', async () => {
    const explained = [
      'The lumbar spine (your lower back) is sore.',
      'It is called the patella, which is your kneecap.',
      'Plantar fasciitis is pain under your heel.',
      'Tendinopathy means a sore tendon.',
      'The heel bone (calcaneus) takes your weight.',
      'Pronation, or rolling inwards, is normal.',
      'The muscles in your buttock (your glutes) work hard.',
    ];
    const { findings } = await check([...SECTIONS, '', ...explained.flatMap((line) => [line, ''])]);
    const jargon = findings.filter((finding) => finding.rule === 'jargon');
    // "tendon" in the tendinopathy line is not explained, everything else is.
    expect(jargon.map((finding) => finding.suggestion)).toEqual(['cord that joins a muscle to a bone']);
  });

  it('lets a heading name a term that the text then explains, and decides at the first use in the text', async () => {
    const { findings } = await check([
      '## What is bursitis?',
      '',
      'Bursitis (a swollen fluid sac) makes your hip sore.',
      ...SECTIONS,
    ]);
    expect(rules(findings)).not.toContain('jargon');
    const unexplained = (await check(['## What is bursitis?', '', 'You may have bursitis in your hip.', ...SECTIONS]))
      .findings;
    expect(unexplained.find((finding) => finding.rule === 'jargon')).toMatchObject({ line: 15, column: 14 });
  });

  it("checks the summary and key points too, at their lines, but lets them name the title's topic", async () => {
    const frontMatter = [
      'title: Knee bursitis',
      'summary: Bursitis and bilateral knee pain.',
      ...COMPLETE.slice(2),
      'key_points: [Take an analgesic.]',
    ];
    const { findings } = await check(SECTIONS, { frontMatter });
    expect(
      findings
        .filter((finding) => finding.rule === 'jargon')
        .map(({ line, message }) => ({ line, message: message.slice(0, 30) })),
    ).toEqual([
      { line: 3, message: 'in "summary": "bilateral" is a' },
      { line: 11, message: 'in "key_points": "analgesic" i' },
    ]);
  });

  it('takes terms added, replaced and removed in the config', async () => {
    const body = [...SECTIONS, '', 'Your lumbar spine and your glutes need a warm-up for proprioception.'];
    const config = {
      check: { jargon: { add: { 'warm-up': 'gentle start', proprioception: 'balance' }, remove: ['glutes'] } },
    };
    const suggestions = (await check(body, { config })).findings
      .filter((finding) => finding.rule === 'jargon')
      .map((finding) => finding.suggestion);
    expect(suggestions).toEqual(['lower back', 'gentle start', 'balance']);
  });
});

describe('review governance', () => {
  const withDates = (reviewed: string, next: string, extra: string[] = []) =>
    check(SECTIONS, {
      frontMatter: [
        'title: Knee pain',
        'summary: A sore knee.',
        'author: Sam',
        'reviewer: Asha',
        `reviewed: ${reviewed}`,
        `next_review: ${next}`,
        ...extra,
        'sources: [{title: NHS, url: "https://www.nhs.uk/"}]',
      ],
    });

  it('warns when the review is overdue, at the next_review line', async () => {
    const { findings } = await withDates('2024-01-01', '2026-11-01');
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: 'review-overdue', line: 7, message: expect.stringContaining('24 days ago') }),
    );
  });

  it('warns within check.reviewWarnDays of the next review, and not before', async () => {
    expect(rules((await withDates('2026-01-01', '2027-01-20')).findings)).toContain('review-due-soon');
    expect(rules((await withDates('2026-01-01', '2027-01-25')).findings)).not.toContain('review-due-soon');
    expect(
      rules(
        (
          await check(SECTIONS, {
            frontMatter: [
              ...COMPLETE.slice(0, 4),
              'reviewed: 2026-01-01',
              'next_review: 2027-01-25',
              ...COMPLETE.slice(6),
            ],
            config: { check: { reviewWarnDays: 90 } },
          })
        ).findings,
      ),
    ).toContain('review-due-soon');
  });

  it('warns when the next review is more than check.reviewWithinYears after the last, and says the latest date', async () => {
    const { findings } = await withDates('2026-06-01', '2029-06-02');
    expect(findings.find((finding) => finding.rule === 'review-too-far')).toMatchObject({
      suggestion: '2029-06-01',
      line: 7,
    });
    expect(rules((await withDates('2026-06-01', '2029-06-01')).findings)).not.toContain('review-too-far');
  });

  it('warns about a missing author, reviewer, sources and review dates', async () => {
    const { findings } = await check(SECTIONS, { frontMatter: ['title: Knee pain', 'summary: A sore knee.'] });
    expect(rules(findings)).toEqual(expect.arrayContaining(['review-dates', 'no-author', 'no-reviewer', 'no-sources']));
  });

  it('adds years the way a calendar does', async () => {
    expect(addYears('2026-03-01', 3)).toBe('2029-03-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
  });
});

describe('structure', () => {
  it('passes an article with a summary, sections, "you", things to do and when to get help', async () => {
    expect((await check(SECTIONS)).findings).toEqual([]);
  });

  it('warns about each missing part, with why', async () => {
    const { findings } = await check(['Patients rest the knee.'], {
      frontMatter: COMPLETE.filter((line) => !line.startsWith('summary')),
    });
    expect(rules(findings)).toEqual(['no-summary', 'no-you', 'no-action-section', 'no-help-section']);
  });

  it('accepts instructions and a "see a GP" line in place of headings', async () => {
    const { findings } = await check([
      'Rest your knee. Keep it raised. Use an ice pack.',
      '',
      '> [!WARNING]',
      '> Call 111 if it swells.',
    ]);
    expect(rules(findings)).toEqual([]);
  });

  it('warns about a long stretch without a heading, at its start', async () => {
    const words = Array.from({ length: 40 }, () => 'You can rest your knee for a day.').join(' ');
    const { findings } = await check([...SECTIONS, '', '## More', '', words]);
    expect(findings.find((finding) => finding.rule === 'long-section')).toMatchObject({
      line: 21,
      column: 4,
      message: expect.stringMatching(/^320 words/),
    });
  });

  it('warns about steps written as a paragraph', async () => {
    const { findings } = await check([
      ...SECTIONS,
      '',
      'First, sit down. Then lift your leg. Next, hold it. Finally, lower it.',
    ]);
    expect(findings.find((finding) => finding.rule === 'steps-not-list')).toMatchObject({ line: 21, column: 1 });
  });

  it('warns about alt text that does not describe the picture', async () => {
    const { findings } = await check([
      ...SECTIONS,
      '',
      '![knee.png](knee.png)',
      '',
      '![Image](knee.png)',
      '',
      '![Picture of a knee](knee.png)',
      '',
      '![A swollen knee](knee.png)',
    ]);
    expect(findings.filter((finding) => finding.rule === 'alt-text').map((finding) => finding.line)).toEqual([
      21, 23, 25,
    ]);
  });

  it('warns about text still marked TODO', async () => {
    const { findings } = await check([...SECTIONS, '', 'TODO: write the rest.'], {
      frontMatter: [...COMPLETE, 'key_points: ["TODO: the main point"]'],
    });
    expect(findings.filter((finding) => finding.rule === 'todo').map((finding) => finding.line)).toEqual([11, 22]);
  });
});

describe('articles in other languages', () => {
  it('get the checks that do not read English words, and no grade', async () => {
    const frontMatter = [...COMPLETE, 'lang: cy'];
    const long = `${Array.from({ length: 30 }, () => 'gair').join(' ')}.`;
    const { findings, stats } = await check(['Mae poen lumbar yn gyffredin.', '', long], { frontMatter });
    expect(stats.english).toBe(false);
    expect(rules(findings)).toEqual(['long-sentence']);
  });
});

describe('rule settings', () => {
  it('turns a rule off, or makes it an error', async () => {
    const body = ['Patients rest.'];
    const off = (
      await check(body, {
        config: { check: { rules: { 'no-you': 'off', 'no-action-section': 'error' } } },
      })
    ).findings;
    expect(rules(off)).not.toContain('no-you');
    expect(off.find((finding) => finding.rule === 'no-action-section')?.severity).toBe('error');
  });

  it('rejects an unknown rule in the config', async () => {
    expect(() => testConfig({ check: { rules: { 'no-such-rule': 'off' } } })).toThrow(/check\.rules/);
  });
});

describe('--format github', () => {
  it('writes one workflow command per finding, escaping what GitHub needs escaped', async () => {
    const report: CheckReport = {
      tool: 'leaflet',
      version: '0',
      today: TODAY,
      strict: false,
      ok: false,
      totals: { articles: 1, errors: 1, warnings: 1 },
      checks: { checked: 1, cached: 0 },
      notes: [],
      articles: [
        {
          file: 'articles/a,b.md',
          errors: 1,
          warnings: 1,
          findings: [
            { rule: 'front-matter', severity: 'error', message: '"title" is required', line: 2 },
            { rule: 'jargon', severity: 'warning', message: 'say "100%"\nnot this', line: 12, column: 5 },
          ],
        },
      ],
    };
    expect(formatCheckGithub(report).split('\n')).toEqual([
      '::error file=articles/a%2Cb.md,line=2,title=leaflet check%3A front-matter::"title" is required',
      '::warning file=articles/a%2Cb.md,line=12,col=5,title=leaflet check%3A jargon::say "100%25"%0Anot this',
      '::notice title=leaflet check::1 error, 1 warning in 1 article',
      '',
    ]);
  });
});

describe('the passive voice', () => {
  it(
    'finds the irregular passives retext-passive finds, word for word, quoted and hyphenated ones ' + 'included',
    async () => {
      const text =
        'The ball was thrown. It was "broken" in the notes. It is – thrown – away. It was (done) quickly. ' +
        'They were Thrown, and were THR-OWN. It was ’stolen’ yesterday. Being bitten hurts; been ' +
        'bitten. The leg: was broken. ' +
        'Your foot is made stronger by walking. We have made it.';
      const { ParseEnglish } = await import('parse-english');
      const { default: retextPassive } = await import('retext-passive');
      const { VFile } = await import('vfile');
      const file = new VFile(text);
      retextPassive()(new ParseEnglish().parse(text), file);
      const expected = file.messages.map((message) => String(message.actual));
      expect(expected.length).toBeGreaterThan(5);
      const offsets = Array.from({ length: text.length }, (_, index) => index);
      const found = measureReadability([{ kind: 'paragraph', text, offsets }], new Set()).sentences.flatMap(
        (sentence) => sentence.passive.map((use) => use.phrase),
      );
      // The regular ones ("is made ... -ed") are leaflet's own and come after; the irregular ones are retext-passive's.
      expect(found.filter((phrase) => expected.includes(phrase))).toEqual(expected);
    },
  );
});
