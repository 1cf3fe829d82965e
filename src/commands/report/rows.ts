// The rows of `leaflet report`: one per article and exercise, with what a clinic's governance lead asks of each (who
// wrote and reviewed it, when it is next due, how hard it is to read, its sources, what `leaflet check` found, and
// whether its translations have fallen behind), sorted so that what needs action comes first. Pure: the articles, the
// check's report and a date in, rows out.
import type { Article, Source } from '../../articles/article.js';
import type { CheckedArticle, CheckReport } from '../../check/check.js';
import type { Finding, ReadabilityStats } from '../../check/findings.js';
import { describeStats } from '../../check/format.js';

/** A review due within this many days is "due soon", unless the report is told otherwise: a quarter ahead. */
export const DUE_WITHIN_DAYS = 90;

/** Where an article's next review stands on the report's date. */
export type ReviewState = 'overdue' | 'due-soon' | 'fine' | 'no-date';

/** What needs doing about an article, most urgent kind first (the order rows are sorted in). */
export const NEED_KINDS = [
  'unreadable',
  'review-overdue',
  'errors',
  'translation-behind',
  'review-due-soon',
  'no-review-date',
  'warnings',
] as const;

export type NeedKind = (typeof NEED_KINDS)[number];

/** One thing to do about an article, in words. */
export interface Need {
  kind: NeedKind;
  text: string;
}

/** One translation of an article, and whether it has fallen behind it. */
export interface ReportTranslation {
  slug: string;
  lang: string;
  title: string;
  file: string;
  reviewed: string | undefined;
  /** Reviewed (or, never reviewed, published) before its source was last reviewed or published. */
  behind: boolean;
}

/** One row of the report: an article or exercise, or a file that could not be read as one. */
export interface ReportRow {
  file: string;
  slug: string | undefined;
  title: string;
  type: Article['type'] | undefined;
  lang: string | undefined;
  draft: boolean;
  author: string | undefined;
  reviewer: string | undefined;
  published: string | undefined;
  reviewed: string | undefined;
  nextReview: string | undefined;
  review: ReviewState;
  /** Days from the report's date to the next review: negative when it is overdue. */
  reviewInDays: number | undefined;
  /** The English reading grade (the higher of SMOG and Flesch-Kincaid), as `leaflet check` reports it. */
  grade: number | undefined;
  /** The reading figures in words, as `leaflet check` says them (every language's, as check has them). */
  reading: string | undefined;
  words: number | undefined;
  stats: ReadabilityStats | undefined;
  sources: Source[];
  errors: number;
  warnings: number;
  findings: Finding[];
  /** The slug of the article this one translates. */
  translationOf: string | undefined;
  /** Set when this is a translation that has fallen behind its source: the source, and when it last changed. */
  behindSource: { slug: string; file: string; changed: string } | undefined;
  translations: ReportTranslation[];
  /** What needs doing, most urgent first; empty when nothing does. */
  needs: Need[];
}

/** What the rows are made from. */
export interface RowInputs {
  /** Every article read (drafts too). */
  articles: readonly Article[];
  check: CheckReport;
  /** The report's date (YYYY-MM-DD). */
  today: string;
  /** A review due within this many days is "due soon". */
  dueWithinDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** When an article last changed, as far as its front matter says: its last review, else its publication. */
export function changedOn(article: Pick<Article, 'reviewed' | 'published'>): string | undefined {
  return article.reviewed ?? article.published;
}

/**
 * Whether a translation has fallen behind its source: it was last reviewed (or, never reviewed, published) before the
 * source was last reviewed (or published), so the source may say something it does not. A translation with no date at
 * all is behind any dated source.
 */
export function isBehind(
  translation: Pick<Article, 'reviewed' | 'published'>,
  source: Pick<Article, 'reviewed' | 'published'>,
): boolean {
  const sourceChanged = changedOn(source);
  if (!sourceChanged) return false;
  const translated = changedOn(translation);
  return translated === undefined || translated < sourceChanged;
}

/** Where a next review stands on `today`. */
export function reviewState(
  nextReview: string | undefined,
  today: string,
  dueWithinDays: number,
): { review: ReviewState; reviewInDays: number | undefined } {
  if (!nextReview) return { review: 'no-date', reviewInDays: undefined };
  const days = daysBetween(today, nextReview);
  return { review: days < 0 ? 'overdue' : days <= dueWithinDays ? 'due-soon' : 'fine', reviewInDays: days };
}

/** The report's rows, what needs action first. */
export function reportRows({ articles, check, today, dueWithinDays }: RowInputs): ReportRow[] {
  const byFile = new Map(articles.map((article) => [article.shownPath, article]));
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const translationsOf = new Map<string, Article[]>();
  for (const article of articles) {
    if (!article.translationOf) continue;
    translationsOf.set(article.translationOf, [...(translationsOf.get(article.translationOf) ?? []), article]);
  }
  const rows = check.articles.map((checked) => {
    const article = byFile.get(checked.file);
    return article
      ? articleRow(article, checked, { bySlug, translationsOf, today, dueWithinDays })
      : unreadableRow(checked);
  });
  return rows.sort(byUrgency);
}

interface Lookups {
  bySlug: ReadonlyMap<string, Article>;
  translationsOf: ReadonlyMap<string, readonly Article[]>;
  today: string;
  dueWithinDays: number;
}

/** The row of an article that was read. */
function articleRow(article: Article, checked: CheckedArticle, lookups: Lookups): ReportRow {
  const { review, reviewInDays } = reviewState(article.nextReview, lookups.today, lookups.dueWithinDays);
  const source = article.translationOf ? lookups.bySlug.get(article.translationOf) : undefined;
  const sourceChanged = source ? changedOn(source) : undefined;
  const translations = (lookups.translationsOf.get(article.slug) ?? [])
    .map((translation) => ({
      slug: translation.slug,
      lang: translation.lang,
      title: translation.title,
      file: translation.shownPath,
      reviewed: translation.reviewed,
      behind: isBehind(translation, article),
    }))
    .sort((a, b) => a.lang.localeCompare(b.lang));
  const row: ReportRow = {
    ...readingOf(checked.stats),
    file: article.shownPath,
    slug: article.slug,
    title: article.title,
    type: article.type,
    lang: article.lang,
    draft: article.draft,
    author: article.author,
    reviewer: article.reviewer,
    published: article.published,
    reviewed: article.reviewed,
    nextReview: article.nextReview,
    review,
    reviewInDays,
    sources: article.sources,
    errors: checked.errors,
    warnings: checked.warnings,
    findings: checked.findings,
    translationOf: article.translationOf,
    behindSource:
      source && sourceChanged && isBehind(article, source)
        ? { slug: source.slug, file: source.shownPath, changed: sourceChanged }
        : undefined,
    translations,
    needs: [],
  };
  row.needs = needsOf(row);
  return row;
}

/** The reading columns of a row, from the check's figures. */
function readingOf(stats: ReadabilityStats | undefined): Pick<ReportRow, 'grade' | 'reading' | 'words' | 'stats'> {
  if (!stats) return { grade: undefined, reading: undefined, words: undefined, stats: undefined };
  return {
    grade: stats.english ? Math.round(Math.max(stats.smog, stats.fleschKincaid) * 10) / 10 : undefined,
    reading: describeStats(stats)[0],
    words: stats.words,
    stats,
  };
}

/** The row of a file that could not be read as an article: its errors say why. */
function unreadableRow(checked: CheckedArticle): ReportRow {
  const row: ReportRow = {
    file: checked.file,
    slug: checked.slug,
    title: checked.title ?? checked.file,
    type: undefined,
    lang: undefined,
    draft: false,
    author: undefined,
    reviewer: undefined,
    published: undefined,
    reviewed: undefined,
    nextReview: undefined,
    review: 'no-date',
    reviewInDays: undefined,
    grade: undefined,
    reading: undefined,
    words: undefined,
    stats: undefined,
    sources: [],
    errors: checked.errors,
    warnings: checked.warnings,
    findings: checked.findings,
    translationOf: undefined,
    behindSource: undefined,
    translations: [],
    needs: [],
  };
  row.needs = [
    { kind: 'unreadable', text: `cannot be read: ${checked.errors} error${checked.errors === 1 ? '' : 's'} to fix` },
  ];
  return row;
}

/** "1 day", "3 days". */
function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

/** What needs doing about a row, most urgent first. */
function needsOf(row: ReportRow): Need[] {
  const needs: Need[] = [];
  if (row.review === 'overdue' && row.reviewInDays !== undefined)
    needs.push({ kind: 'review-overdue', text: `review overdue by ${days(-row.reviewInDays)}` });
  if (row.errors > 0) needs.push({ kind: 'errors', text: `${row.errors} error${row.errors === 1 ? '' : 's'} to fix` });
  if (row.behindSource)
    needs.push({
      kind: 'translation-behind',
      text: `check against its source, which changed on ${row.behindSource.changed}`,
    });
  const behind = row.translations.filter((translation) => translation.behind);
  if (behind.length > 0)
    needs.push({
      kind: 'translation-behind',
      text: `translation${behind.length === 1 ? '' : 's'} behind: ${behind.map((t) => t.lang).join(', ')}`,
    });
  if (row.review === 'due-soon' && row.reviewInDays !== undefined)
    needs.push({ kind: 'review-due-soon', text: `review due in ${days(row.reviewInDays)}` });
  if (row.review === 'no-date') needs.push({ kind: 'no-review-date', text: 'no next review date' });
  if (row.warnings > 0)
    needs.push({ kind: 'warnings', text: `${row.warnings} warning${row.warnings === 1 ? '' : 's'} to read` });
  return needs;
}

/** The most urgent kind of need of a row (past the last kind when nothing is needed). */
function urgency(row: ReportRow): number {
  return Math.min(NEED_KINDS.length, ...row.needs.map((need) => NEED_KINDS.indexOf(need.kind)));
}

/**
 * Most urgent first; then published articles before drafts, more needs before fewer, the sooner review first, and by
 * title.
 */
function byUrgency(a: ReportRow, b: ReportRow): number {
  return (
    urgency(a) - urgency(b) ||
    Number(a.draft) - Number(b.draft) ||
    b.needs.length - a.needs.length ||
    (a.reviewInDays ?? Number.POSITIVE_INFINITY) - (b.reviewInDays ?? Number.POSITIVE_INFINITY) ||
    a.title.localeCompare(b.title) ||
    a.file.localeCompare(b.file)
  );
}

/** The counts a report opens with. */
export interface ReportTotals {
  articles: number;
  overdue: number;
  dueSoon: number;
  noReviewDate: number;
  translationsBehind: number;
  withErrors: number;
  drafts: number;
}

/** Count what the rows need. */
export function reportTotals(rows: readonly ReportRow[]): ReportTotals {
  const count = (test: (row: ReportRow) => boolean): number => rows.filter(test).length;
  return {
    articles: rows.length,
    overdue: count((row) => row.review === 'overdue'),
    dueSoon: count((row) => row.review === 'due-soon'),
    noReviewDate: count((row) => row.review === 'no-date'),
    translationsBehind: count((row) => row.behindSource !== undefined),
    withErrors: count((row) => row.errors > 0),
    drafts: count((row) => row.draft),
  };
}
