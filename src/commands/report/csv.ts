// The report as CSV, for a spreadsheet: RFC 4180 (every field quoted, quotes doubled, CRLF between records), with a
// byte-order mark so that Excel reads it as UTF-8 (Welsh, Polish and Arabic titles), and a text that a spreadsheet
// would take for a formula (=, +, -, @ first) led by an apostrophe, so that opening it runs nothing. Written by hand:
// it is the few lines below, where a library would be a dependency for them.
import type { ReportRow } from './rows.js';

/** The columns, their headings and how each is read from a row. */
const COLUMNS: [string, (row: ReportRow) => string | number | undefined][] = [
  ['title', (row) => row.title],
  ['file', (row) => row.file],
  ['slug', (row) => row.slug],
  ['type', (row) => row.type],
  ['language', (row) => row.lang],
  ['draft', (row) => (row.draft ? 'yes' : 'no')],
  ['author', (row) => row.author],
  ['reviewer', (row) => row.reviewer],
  ['published', (row) => row.published],
  ['reviewed', (row) => row.reviewed],
  ['next review', (row) => row.nextReview],
  ['review state', (row) => row.review],
  ['days to next review', (row) => row.reviewInDays],
  ['reading grade', (row) => row.grade],
  ['reading figures', (row) => row.reading],
  ['words', (row) => row.words],
  ['sources', (row) => row.sources.length],
  ['source list', (row) => row.sources.map((source) => `${source.title} <${source.url}>`).join('\n')],
  ['errors', (row) => row.errors],
  ['warnings', (row) => row.warnings],
  ['rules found', (row) => [...new Set(row.findings.map((finding) => finding.rule))].join(', ')],
  ['translation of', (row) => row.translationOf],
  ['behind its source', (row) => (row.behindSource ? 'yes' : row.translationOf ? 'no' : '')],
  [
    'translations',
    (row) =>
      row.translations
        .map((translation) => `${translation.lang} ${translation.slug}${translation.behind ? ' (behind)' : ''}`)
        .join(', '),
  ],
  ['needs', (row) => row.needs.map((need) => need.text).join('; ')],
];

/** One field, quoted; text a spreadsheet would read as a formula is made plain text. */
function field(value: string | number | undefined): string {
  if (value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

/** The report's rows as a CSV file, a heading row first. */
export function reportCsv(rows: readonly ReportRow[]): string {
  const records = [
    COLUMNS.map(([heading]) => field(heading)),
    ...rows.map((row) => COLUMNS.map(([, read]) => field(read(row)))),
  ];
  return `\uFEFF${records.map((record) => record.join(',')).join('\r\n')}\r\n`;
}
