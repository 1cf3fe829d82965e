// `leaflet report`'s core: read every article (drafts too), run `leaflet check` over them, and make the report's rows
// and totals, which the command writes as HTML, CSV or JSON and the preview serves as a page.
import { loadArticles } from '../../articles/load-articles.js';
import { type CheckOptions, type CheckReport, checkArticles } from '../../check/check.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { type ReportRow, type ReportTotals, reportRows, reportTotals } from './rows.js';

export interface ReportOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Article paths, folders or globs; empty for every article. */
  paths: string[];
  /** The report's date (YYYY-MM-DD). */
  today: string;
  /** A review due within this many days is "due soon". */
  dueWithinDays: number;
  /** Worker threads for the checks of many articles, as `leaflet check` has them. */
  workersFor?: CheckOptions['workersFor'];
  /** The build's cache of findings, shared as `leaflet check` shares it. */
  store?: CheckOptions['store'];
  /** Front matter the last build read, recalled instead of parsed again. */
  frontMatter?: CheckOptions['frontMatter'];
  /** Told how many article files were found, before they are read (to start worker threads then). */
  onDiscovered?: CheckOptions['onDiscovered'];
}

/** The whole report (the shape of `leaflet report --json`). */
export interface Report {
  tool: string;
  version: string;
  clinic: string | undefined;
  today: string;
  dueWithinDays: number;
  totals: ReportTotals;
  /** Articles checked now, and those whose findings were kept from the last build or check. */
  checks: CheckReport['checks'];
  rows: ReportRow[];
}

/** Make the report. Throws only for usage errors (a path that does not exist); an article's problems are its rows'. */
export async function makeReport(options: ReportOptions): Promise<Report> {
  const { config, cwd, paths, today, dueWithinDays } = options;
  const { workersFor, store, frontMatter, onDiscovered } = options;
  // Read once: the checks and the rows are of the same articles.
  const loaded = await loadArticles(config, { cwd, paths, drafts: true, frontMatter, onDiscovered });
  const check = await checkArticles({ config, cwd, paths, today, workersFor, store, loaded });
  const articles = [...loaded.articles, ...loaded.skipped.map(({ article }) => article)];
  const rows = reportRows({ articles, check, today, dueWithinDays });
  return {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    clinic: config.clinic.name,
    today,
    dueWithinDays,
    totals: reportTotals(rows),
    checks: check.checks,
    rows,
  };
}
