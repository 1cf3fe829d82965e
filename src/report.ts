// The build report: what was built, skipped and failed, per article and format. Written to
// out/report.json, printed with --json, and summarised on stderr.
import type { Warning } from './articles/article.js';
import type { Format } from './config/schema.js';
import type { ErrorCode } from './errors.js';

/** A problem that stopped an article or one of its outputs. */
export interface ReportedError {
  code: ErrorCode | 'INTERNAL';
  message: string;
  file?: string;
  line?: number;
}

/** One output file of one article. */
export interface OutputResult {
  format: Format;
  status: 'built' | 'failed';
  /** Paths relative to the working directory. */
  files: string[];
  /** Kept from an earlier build: the incremental cache found nothing it was made from had changed. */
  unchanged?: boolean;
  error?: ReportedError;
}

/** One article's outcome. */
export interface ArticleResult {
  file: string;
  slug?: string;
  title?: string;
  status: 'built' | 'skipped' | 'failed';
  reason?: string;
  outputs: OutputResult[];
  errors: ReportedError[];
  warnings: Warning[];
  /** Warnings from the quality checks (`leaflet check` lists them). */
  checkWarnings?: number;
}

/** Per format: outputs built (of which `unchanged` were kept from the last build), skipped and failed. */
export type FormatTotals = Record<Format, { built: number; unchanged: number; skipped: number; failed: number }>;

/** The whole build's outcome (the shape of out/report.json and of --json). */
export interface BuildReport {
  tool: string;
  version: string;
  startedAt: string;
  durationMs: number;
  outDir: string;
  formats: Format[];
  ok: boolean;
  /** How many times Chromium was started (0 when no leaflet needed printing). */
  browserLaunches: number;
  /** Warnings from the quality checks over all articles (`leaflet check` lists them). */
  checkWarnings: number;
  totals: FormatTotals & { articles: { built: number; skipped: number; failed: number } };
  articles: ArticleResult[];
  /** Problems not tied to one article (config, browser, index page). */
  errors: ReportedError[];
  warnings: Warning[];
}
