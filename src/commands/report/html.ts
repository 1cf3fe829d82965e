// The report as one HTML page, from templates/report/ (which a clinic may override, as it may any template): a
// summary, then a table of every article, what needs action first, that prints on landscape pages.
import type { ResolvedConfig } from '../../config/schema.js';
import { createTemplates } from '../../render/templates.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import type { ReportRow, ReportTotals, ReviewState } from './rows.js';

/** What the page is made from. */
export interface ReportPageInputs {
  config: ResolvedConfig;
  cwd: string;
  rows: readonly ReportRow[];
  totals: ReportTotals;
  today: string;
  dueWithinDays: number;
  /** Fail on a template variable that is not there (LEAFLET_STRICT_TEMPLATES=1). */
  strictTemplates: boolean;
  /** The addresses of an article's web page and check page, where they can be opened (the preview). */
  links?: (slug: string) => { page: string; check: string };
}

/** The words and class of each review state. */
const REVIEW_MARKS: Record<ReviewState, { label: (days: number) => string; mark: string }> = {
  overdue: { label: (days) => `Overdue by ${-days} day${days === -1 ? '' : 's'}`, mark: '⚠' },
  'due-soon': { label: (days) => `Due in ${days} day${days === 1 ? '' : 's'}`, mark: '◷' },
  fine: { label: () => 'Not due yet', mark: '✓' },
  'no-date': { label: () => 'No next review date', mark: '⚠' },
};

/** A date as people read it in the report ("25 November 2026"). */
function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** One row as the template shows it. */
function rowView(row: ReportRow, links: ReportPageInputs['links']) {
  const rules = [...new Set(row.findings.map((finding) => finding.rule))];
  return {
    ...row,
    typeLabel: row.type === 'exercise' ? 'Exercise' : row.type === 'article' ? 'Article' : '',
    review: {
      state: row.review,
      label: REVIEW_MARKS[row.review].label(row.reviewInDays ?? 0),
      mark: REVIEW_MARKS[row.review].mark,
    },
    needs: row.needs.map((need) => need.text),
    rules: rules.join(', '),
    links: row.slug && links ? links(row.slug) : undefined,
  };
}

/** The counts the page opens with, in words. */
function summaryView(totals: ReportTotals, dueWithinDays: number) {
  const item = (kind: string, count: number, one: string, many: string) => ({
    kind,
    count,
    text: count === 1 ? one : many,
  });
  return [
    item('overdue', totals.overdue, 'review overdue', 'reviews overdue'),
    item(
      'due-soon',
      totals.dueSoon,
      `review due within ${dueWithinDays} days`,
      `reviews due within ${dueWithinDays} days`,
    ),
    item('no-date', totals.noReviewDate, 'with no next review date', 'with no next review date'),
    item('behind', totals.translationsBehind, 'translation behind its source', 'translations behind their source'),
    item('errors', totals.withErrors, 'with errors', 'with errors'),
    item('drafts', totals.drafts, 'draft', 'drafts'),
  ];
}

/** The report page. */
export async function renderReportPage(inputs: ReportPageInputs): Promise<string> {
  const { config, totals, today } = inputs;
  const templates = await createTemplates(config.templatesDir, {
    cwd: inputs.cwd,
    strict: inputs.strictTemplates,
  }).load('report');
  return templates.render('report.hbs', {
    clinic: config.clinic.name,
    today,
    todayText: longDate(today),
    dueWithinDays: inputs.dueWithinDays,
    generator: `${TOOL_NAME} ${TOOL_VERSION}`,
    totals,
    summary: summaryView(totals, inputs.dueWithinDays),
    rows: inputs.rows.map((row) => rowView(row, inputs.links)),
    style: templates.file('style.css'),
  });
}
