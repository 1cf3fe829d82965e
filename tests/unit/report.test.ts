// The rows of `leaflet report`: each article's review state as of a date (overdue, due soon, not due, no date), its
// translations marked when they fell behind their source, what needs action first, and the CSV read back by a CSV
// parser as a spreadsheet would read it.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseArticle } from '../../src/articles/read-article.js';
import type { CheckedArticle, CheckReport } from '../../src/check/check.js';
import { reportCsv } from '../../src/commands/report/csv.js';
import { isBehind, type ReportRow, reportRows, reportTotals, reviewState } from '../../src/commands/report/rows.js';
import { testConfig } from '../helpers.js';

const config = testConfig({ defaults: { lang: 'en-GB' } });
const TODAY = '2026-11-25';

/** An article read from `articles/<shown>` with these front matter lines (titled by its name unless they say). */
function article(shown: string, ...lines: string[]): Article {
  const title = lines.some((line) => line.startsWith('title:')) ? [] : [`title: ${shown.replace(/\.md$/, '')}`];
  return parseArticle(
    ['---', ...title, ...lines, '---', '', 'Text.'].join('\n'),
    `/site/articles/${shown}`,
    `articles/${shown}`,
    config,
  ).article;
}

/** What `leaflet check` found in each file (nothing, unless told), and the files it could not read. */
function checked(
  articles: Article[],
  found: Record<string, Partial<CheckedArticle>>,
  unreadable: CheckedArticle[],
): CheckReport {
  const rows: CheckedArticle[] = [
    ...articles.map((each) => ({
      file: each.shownPath,
      slug: each.slug,
      title: each.title,
      errors: 0,
      warnings: 0,
      findings: [],
      ...found[each.shownPath],
    })),
    ...unreadable,
  ];
  return {
    tool: 'leaflet',
    version: '0',
    today: TODAY,
    strict: false,
    ok: true,
    checks: { checked: articles.length, cached: 0 },
    notes: [],
    totals: { articles: rows.length, errors: 0, warnings: 0 },
    articles: rows,
  };
}

function rows(
  articles: Article[],
  found: Record<string, Partial<CheckedArticle>> = {},
  unreadable: CheckedArticle[] = [],
): ReportRow[] {
  return reportRows({ articles, check: checked(articles, found, unreadable), today: TODAY, dueWithinDays: 90 });
}

const dated = (next: string, ...more: string[]): string[] => [
  'author: Sam Taylor',
  'reviewer: Dr Asha Patel',
  'published: 2025-01-10',
  'reviewed: 2025-11-01',
  `next_review: ${next}`,
  ...more,
];

describe('the review state', () => {
  it('is overdue before today, due soon within the window (its last day too), fine after it, and says the days', () => {
    expect(reviewState('2026-11-24', TODAY, 90)).toEqual({ review: 'overdue', reviewInDays: -1 });
    expect(reviewState('2026-11-25', TODAY, 90)).toEqual({ review: 'due-soon', reviewInDays: 0 });
    expect(reviewState('2027-02-23', TODAY, 90)).toEqual({ review: 'due-soon', reviewInDays: 90 });
    expect(reviewState('2027-02-24', TODAY, 90)).toEqual({ review: 'fine', reviewInDays: 91 });
    expect(reviewState(undefined, TODAY, 90)).toEqual({ review: 'no-date', reviewInDays: undefined });
  });
});

describe('a translation behind its source', () => {
  const source = { published: '2026-01-01', reviewed: '2026-06-08' };
  it('was reviewed, or never reviewed but published, before its source was last reviewed or published', () => {
    expect(isBehind({ published: '2026-01-01', reviewed: '2026-06-01' }, source)).toBe(true);
    expect(isBehind({ published: '2026-02-01', reviewed: undefined }, source)).toBe(true);
    expect(isBehind({ published: undefined, reviewed: undefined }, source)).toBe(true);
    expect(
      isBehind({ published: '2026-03-01', reviewed: undefined }, { published: '2026-04-01', reviewed: undefined }),
    ).toBe(true);
  });

  it('is not behind when reviewed (or published) on the day its source changed or later, or its source has no date', () => {
    expect(isBehind({ published: '2026-01-01', reviewed: '2026-06-08' }, source)).toBe(false);
    expect(isBehind({ published: '2026-07-01', reviewed: undefined }, source)).toBe(false);
    expect(isBehind({ published: undefined, reviewed: undefined }, { published: undefined, reviewed: undefined })).toBe(
      false,
    );
  });
});

describe('the rows', () => {
  const english = article('ankle-sprain.md', ...dated('2027-06-08'));
  const welsh = article(
    'cy/ankle-sprain.md',
    'lang: cy',
    ...dated('2027-06-08').map((line) => line.replace('2025-11-01', '2025-12-01')),
  );
  const polish = article(
    'pl/ankle-sprain.md',
    'lang: pl',
    ...dated('2027-06-08').map((line) => line.replace('2025-11-01', '2025-10-01')),
  );
  const overdue = article('knee-pain.md', ...dated('2026-10-01'));
  const dueSoon = article('back-pain.md', ...dated('2027-01-15'));
  const undated = article('neck-pain.md', 'author: Sam Taylor');
  const draft = article('hip-pain.md', ...dated('2026-09-01', 'draft: true'));
  const withErrors = article('wrist.md', ...dated('2027-09-01'));
  const all = [english, welsh, polish, overdue, dueSoon, undated, draft, withErrors];
  const found = {
    'articles/wrist.md': {
      errors: 1,
      findings: [{ rule: 'article' as const, severity: 'error' as const, message: 'm' }],
    },
  };
  const broken: CheckedArticle = {
    file: 'articles/broken.md',
    errors: 1,
    warnings: 0,
    findings: [{ rule: 'front-matter', severity: 'error', message: 'a quote is opened and never closed', line: 2 }],
  };

  it('give every article its flags: overdue, due soon, fine, no date, draft, and its translations marked', () => {
    const bySlug = new Map(rows(all, found).map((row) => [row.slug, row]));
    expect(bySlug.get('knee-pain')).toMatchObject({ review: 'overdue', reviewInDays: -55 });
    expect(bySlug.get('back-pain')).toMatchObject({ review: 'due-soon', reviewInDays: 51 });
    expect(bySlug.get('ankle-sprain')).toMatchObject({
      review: 'fine',
      author: 'Sam Taylor',
      reviewer: 'Dr Asha Patel',
    });
    expect(bySlug.get('neck-pain')).toMatchObject({ review: 'no-date', reviewInDays: undefined });
    expect(bySlug.get('hip-pain')).toMatchObject({ draft: true, review: 'overdue' });
    expect(bySlug.get('ankle-sprain')?.translations).toEqual([
      expect.objectContaining({ lang: 'cy', slug: 'ankle-sprain-cy', behind: false }),
      expect.objectContaining({ lang: 'pl', slug: 'ankle-sprain-pl', behind: true }),
    ]);
    expect(bySlug.get('ankle-sprain-pl')?.behindSource).toEqual({
      slug: 'ankle-sprain',
      file: 'articles/ankle-sprain.md',
      changed: '2025-11-01',
    });
    expect(bySlug.get('ankle-sprain-cy')?.behindSource).toBeUndefined();
  });

  it('put what needs action first: unreadable, overdue (drafts after), errors, translations behind, due soon, no date', () => {
    const order = rows(all, found, [broken]).map(
      (row) => `${row.slug ?? row.file}: ${row.needs.map((need) => need.text).join('; ')}`,
    );
    expect(order).toEqual([
      'articles/broken.md: cannot be read: 1 error to fix',
      'knee-pain: review overdue by 55 days',
      'hip-pain: review overdue by 85 days',
      'wrist: 1 error to fix',
      'ankle-sprain: translation behind: pl',
      'ankle-sprain-pl: check against its source, which changed on 2025-11-01',
      'back-pain: review due in 51 days',
      'neck-pain: no next review date',
      'ankle-sprain-cy: ',
    ]);
  });

  it('are counted for the summary', () => {
    expect(reportTotals(rows(all, found))).toEqual({
      articles: 8,
      overdue: 2,
      dueSoon: 1,
      noReviewDate: 1,
      translationsBehind: 1,
      withErrors: 1,
      drafts: 1,
    });
  });
});

describe('the CSV', () => {
  it('reads back, by a CSV parser, as the rows: quotes, commas, line breaks and non-English text intact', () => {
    const quoted = article(
      'quoted.md',
      ...dated('2026-10-01'),
      'sources:',
      '  - title: "NHS, \\"Sprains\\" and strains"',
      '    url: https://www.nhs.uk/conditions/sprains-and-strains/',
      '  - title: NICE CKS',
      '    url: https://cks.nice.org.uk/',
    );
    const polish = article(
      'pl/quoted.md',
      'lang: pl',
      'title: "Skręcenie kostki: pierwsze tygodnie"',
      'translation_of: quoted',
    );
    const formula = article('formula.md', 'title: "=HYPERLINK(\\"http://x\\")"');
    const made = rows([quoted, polish, formula]);
    const text = reportCsv(made);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((record) => record.slug)).toEqual(made.map((row) => row.slug));
    const [first] = records;
    expect(first).toMatchObject({
      title: 'quoted',
      'review state': 'overdue',
      'days to next review': '-55',
      sources: '2',
      'source list':
        'NHS, "Sprains" and strains <https://www.nhs.uk/conditions/sprains-and-strains/>\nNICE CKS <https://cks.nice.org.uk/>',
      translations: 'pl quoted-pl (behind)',
      needs: 'review overdue by 55 days; translation behind: pl',
    });
    expect(records.find((record) => record.slug === 'quoted-pl')).toMatchObject({
      title: 'Skręcenie kostki: pierwsze tygodnie',
      language: 'pl',
      'translation of': 'quoted',
      'behind its source': 'yes',
    });
    // A title a spreadsheet would run as a formula is read as text.
    expect(records.find((record) => record.slug === 'formula')?.title).toBe(`'=HYPERLINK("http://x")`);
  });
});
