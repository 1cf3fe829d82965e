// The build report: what was built, skipped and failed, per article and format. Written to out/report.json, printed
// with --json, and summarised on stderr; and the recorder that fills it in as a build goes.
import { z } from 'zod';
import type { Warning } from '../articles/article.js';
import type { Shard } from '../articles/shards.js';
import { FORMATS, type Format, formatSchema } from '../config/schema.js';
import { type ErrorCode, InterruptedError, LeafletError, messageOf, problemsOf } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

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
  /** A leaflet's pages (its standard variant). */
  pages?: number;
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

/** How a build's quality checks ran. */
export interface ChecksRun {
  /** Articles checked in this build. */
  checked: number;
  /** Articles whose findings were kept from the last build (nothing they depend on changed). */
  cached: number;
  /** Where they were checked: a worker thread beside the build, or the build's own thread. */
  thread: 'worker' | 'main' | 'none';
  /** The languages of the articles whose spelling is not checked: leaflet has no dictionary for them. */
  noDictionary?: string[];
}

/** The whole build's outcome (the shape of out/report.json and of --json). */
export interface BuildReport {
  tool: string;
  version: string;
  startedAt: string;
  durationMs: number;
  outDir: string;
  formats: Format[];
  /** The part of a split build (`--shard`) this report is of; `leaflet merge-reports` joins the parts. */
  shard?: Shard;
  ok: boolean;
  /** How many times Chromium was started (0 when no leaflet needed printing). */
  browserLaunches: number;
  /** Worker threads the build started for emails, web pages and checks (none for a few articles, or nothing to do). */
  workerThreads: number;
  /** Warnings from the quality checks over all articles (`leaflet check` lists them). */
  checkWarnings: number;
  /** How the quality checks ran: articles checked now (and on which thread), and kept from the last build. */
  checks?: ChecksRun;
  totals: FormatTotals & { articles: { built: number; skipped: number; failed: number } };
  articles: ArticleResult[];
  /** The standard packs (`packs/*.yaml`) printed with the leaflets, when there are any. */
  packs?: PackResult[];
  /**
   * Files written (or kept) for the build as a whole rather than for one article: the site's stylesheet and images,
   * its index and lists. Relative to the working directory; `leaflet merge-reports` copies them with the articles'.
   */
  shared?: string[];
  /** Problems not tied to one article (config, browser, index page). */
  errors: ReportedError[];
  warnings: Warning[];
}

/** Progress for whoever is watching (the CLI prints it to stderr). */
export type BuildEvent =
  | { type: 'start'; articles: number; formats: Format[]; outputs: Partial<Record<Format, number>> }
  | { type: 'output'; file: string; format: Format; files: string[]; unchanged?: boolean }
  | { type: 'failed'; file: string; format?: Format; error: ReportedError }
  | { type: 'warning'; warning: Warning };

/** An error as the report shows it: known errors keep their place, others are marked internal. */
export function toReported(error: unknown, file?: string, format?: Format): ReportedError {
  if (error instanceof LeafletError) {
    return {
      code: error.code,
      message: error.message,
      ...((error.file ?? file) ? { file: error.file ?? file } : {}),
      ...(error.line ? { line: error.line } : {}),
    };
  }
  return {
    code: 'INTERNAL',
    message: `${format ?? 'build'} failed unexpectedly: ${messageOf(error)}`,
    ...(file ? { file } : {}),
  };
}

/** One standard pack: its file, and the PDF written (or kept), or why it failed. */
export interface PackResult {
  file: string;
  name: string;
  status: 'built' | 'failed';
  output?: string;
  unchanged?: boolean;
  /** The pages its PDF has, printed now or kept. */
  pages?: number;
  error?: ReportedError;
}

/** An article as the report first knows it. */
interface ArticleIdentity {
  shownPath: string;
  slug?: string;
  title?: string;
  /** The formats it is built in. */
  formats?: readonly Format[];
}

/** Fills in one build's report as the stages say what they did, and passes each event on to whoever watches. */
export class ReportRecorder {
  readonly #report: BuildReport;
  readonly #results = new Map<string, ArticleResult>();
  readonly #onEvent: (event: BuildEvent) => void;

  constructor(
    start: { startedAt: number; outDir: string; formats: Format[]; shard?: Shard | undefined },
    onEvent: (event: BuildEvent) => void,
  ) {
    this.#onEvent = onEvent;
    this.#report = {
      tool: TOOL_NAME,
      version: TOOL_VERSION,
      startedAt: new Date(start.startedAt).toISOString(),
      durationMs: 0,
      outDir: start.outDir,
      formats: start.formats,
      ...(start.shard ? { shard: start.shard } : {}),
      ok: true,
      browserLaunches: 0,
      workerThreads: 0,
      checkWarnings: 0,
      totals: { ...emptyTotals(start.formats), articles: { built: 0, skipped: 0, failed: 0 } },
      articles: [],
      errors: [],
      warnings: [],
    };
  }

  warn(warning: Warning): void {
    this.#report.warnings.push(warning);
    this.#onEvent({ type: 'warning', warning });
  }

  /** A problem not tied to one article's output (the browser, the site's index); `file` is where it happened. */
  error(error: unknown, where?: { file: string; format: Format }): void {
    const reported = toReported(error, where?.file, where?.format);
    this.#report.errors.push(reported);
    if (where) this.#onEvent({ type: 'failed', file: where.file, format: where.format, error: reported });
  }

  /** An article that could not be read or may not be built, with every problem found in it. */
  articleFailed(shownPath: string, error: unknown): void {
    const reported = (error instanceof LeafletError ? problemsOf(error) : [error]).map((problem) =>
      toReported(problem, shownPath),
    );
    this.#report.articles.push({ file: shownPath, status: 'failed', outputs: [], errors: reported, warnings: [] });
    for (const each of reported) this.#onEvent({ type: 'failed', file: shownPath, error: each });
  }

  articleSkipped(article: ArticleIdentity, reason: string): void {
    this.#report.articles.push({
      file: article.shownPath,
      slug: article.slug,
      title: article.title,
      status: 'skipped',
      reason,
      outputs: [],
      errors: [],
      warnings: [],
    });
  }

  /** The articles about to be built. */
  start(articles: readonly ArticleIdentity[]): void {
    for (const article of articles) {
      this.#results.set(article.shownPath, {
        file: article.shownPath,
        slug: article.slug,
        title: article.title,
        status: 'built',
        outputs: [],
        errors: [],
        warnings: [],
      });
    }
    // How many outputs of each format are coming, for whoever shows progress.
    const outputs = Object.fromEntries(
      this.#report.formats.map((format) => [
        format,
        articles.filter((article) => article.formats?.includes(format) ?? true).length,
      ]),
    );
    this.#onEvent({ type: 'start', articles: articles.length, formats: this.#report.formats, outputs });
  }

  /** One format of one article was written (or kept, `unchanged`); `files` as the user is shown them. */
  output(article: ArticleIdentity, format: Format, files: string[], unchanged: boolean, pages?: number): void {
    this.#result(article).outputs.push({
      format,
      status: 'built',
      files,
      ...(unchanged ? { unchanged } : {}),
      ...(pages !== undefined ? { pages } : {}),
    });
    this.#onEvent({ type: 'output', file: article.shownPath, format, files, unchanged });
  }

  /**
   * One format of one article failed. After Ctrl-C, or with no browser to print with, one line says why for the whole
   * build; each output that was not attempted need not.
   */
  outputFailed(article: ArticleIdentity, format: Format, error: unknown): void {
    const reported = toReported(error, article.shownPath, format);
    const result = this.#result(article);
    result.outputs.push({ format, status: 'failed', files: [], error: reported });
    result.errors.push(reported);
    if (!(error instanceof InterruptedError) && reported.code !== 'BROWSER')
      this.#onEvent({ type: 'failed', file: article.shownPath, format, error: reported });
  }

  /** The standard packs: each written, kept, or failed (a failed pack fails the build, as a failed article does). */
  packs(
    outcomes: readonly {
      file: string;
      name: string;
      output?: string;
      unchanged?: boolean;
      pages?: number;
      error?: unknown;
    }[],
  ): void {
    if (outcomes.length === 0) return;
    this.#report.packs = outcomes.map((outcome) => {
      if (outcome.error === undefined)
        return {
          file: outcome.file,
          name: outcome.name,
          status: 'built',
          output: outcome.output,
          ...(outcome.unchanged ? { unchanged: true } : {}),
          ...(outcome.pages !== undefined ? { pages: outcome.pages } : {}),
        };
      const error = toReported(outcome.error, outcome.file);
      // Not tried (a full disk stopped the build): the build says why once.
      if (outcome.error instanceof InterruptedError)
        return { file: outcome.file, name: outcome.name, status: 'failed', error };
      this.#report.errors.push(error);
      this.#onEvent({ type: 'failed', file: outcome.file, error });
      return { file: outcome.file, name: outcome.name, status: 'failed', error };
    });
  }

  /** Files written or kept for the build as a whole (`files` as the user is shown them). */
  shared(files: readonly string[]): void {
    this.#report.shared = [...new Set([...(this.#report.shared ?? []), ...files])].sort();
  }

  /** The finished report: quality-warning counts per article added, totals counted, articles in file order. */
  finish(end: {
    durationMs: number;
    browserLaunches: number;
    workerThreads: number;
    checks: ChecksRun | undefined;
    checkWarnings: ReadonlyMap<string, number>;
    interrupted: boolean;
    /** Set when a full disk stopped the build: the line that says so, given how many outputs were kept. */
    stopped?: ((kept: number) => string) | undefined;
  }): BuildReport {
    const report = this.#report;
    for (const result of this.#results.values()) {
      if (result.errors.length > 0) result.status = 'failed';
      const warnings = end.checkWarnings.get(result.file);
      if (warnings) result.checkWarnings = warnings;
      report.articles.push(result);
    }
    report.articles.sort((a, b) => a.file.localeCompare(b.file));
    report.checkWarnings = [...end.checkWarnings.values()].reduce((sum, count) => sum + count, 0);
    if (end.checks) report.checks = end.checks;
    report.browserLaunches = end.browserLaunches;
    report.workerThreads = end.workerThreads;
    if (end.interrupted)
      report.errors.push({
        code: 'INTERRUPTED',
        message: 'the build was interrupted; files already written are complete, the rest were not built.',
      });
    tally(report);
    // Last, so that it can say how many outputs were kept (and be found last).
    if (end.stopped) {
      report.errors.push({ code: 'WRITE', message: end.stopped(outputsKept(report)) });
      report.ok = false;
    }
    report.durationMs = end.durationMs;
    return report;
  }

  #result(article: ArticleIdentity): ArticleResult {
    const result = this.#results.get(article.shownPath);
    if (!result) throw new Error(`${article.shownPath} is not an article of this build`);
    return result;
  }
}

/** The outputs a build wrote or kept: every format's, and the standard packs. */
export function outputsKept(report: BuildReport): number {
  const outputs = report.formats.reduce((sum, format) => sum + report.totals[format].built, 0);
  return outputs + (report.packs ?? []).filter((pack) => pack.status === 'built').length;
}

/** Zero totals for every format, and for any other format this build makes. */
function emptyTotals(formats: readonly Format[]): FormatTotals {
  const all = new Set([...FORMATS, ...formats]);
  return Object.fromEntries(
    [...all].map((format) => [format, { built: 0, unchanged: 0, skipped: 0, failed: 0 }]),
  ) as FormatTotals;
}

function tally(report: BuildReport): void {
  for (const article of report.articles) {
    report.totals.articles[article.status] += 1;
    if (article.status === 'built' || article.status === 'failed') {
      for (const output of article.outputs) {
        report.totals[output.format][output.status] += 1;
        if (output.unchanged) report.totals[output.format].unchanged += 1;
      }
    }
    if (article.status === 'skipped') for (const format of report.formats) report.totals[format].skipped += 1;
  }
  report.ok = report.totals.articles.failed === 0 && report.errors.length === 0;
}

/** Text a report may carry: no control characters that could drive the terminal it is printed to. */
const text = z
  .string()
  .max(100_000)
  .regex(/^[^\0-\x08\x0b-\x1f\x7f-\x9f]*$/, { error: 'holds control characters' });
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const reportedErrorSchema = z.object({ code: text, message: text, file: text.optional(), line: count.optional() });
const warningSchema = z.object({ file: text, line: count.optional(), message: text, rule: text.optional() });
const totalsSchema = z.object({ built: count, unchanged: count, skipped: count, failed: count });

/**
 * The shape of a build report, as `merge-reports` checks one read back from a shard's folder (a CI artifact: untrusted
 * until it passes). The shard is checked for sense too: part 1 to `count`.
 */
export const buildReportSchema = z.object({
  tool: z.literal(TOOL_NAME),
  version: text,
  startedAt: z.iso.datetime(),
  durationMs: count,
  outDir: text.min(1),
  formats: z.array(formatSchema).min(1),
  shard: z
    .object({ index: count.min(1), count: count.min(1) })
    .refine((shard) => shard.index <= shard.count, { error: "the shard's index is more than its count" })
    .optional(),
  ok: z.boolean(),
  browserLaunches: count,
  workerThreads: count,
  checkWarnings: count,
  checks: z
    .object({
      checked: count,
      cached: count,
      thread: z.enum(['worker', 'main', 'none']),
      noDictionary: z.array(z.string()).optional(),
    })
    .optional(),
  totals: z
    .record(z.string(), totalsSchema.partial({ unchanged: true }))
    .refine((totals) => 'articles' in totals, { error: 'no article totals' }),
  articles: z.array(
    z.object({
      file: text,
      slug: text.optional(),
      title: text.optional(),
      status: z.enum(['built', 'skipped', 'failed']),
      reason: text.optional(),
      outputs: z.array(
        z.object({
          format: formatSchema,
          status: z.enum(['built', 'failed']),
          files: z.array(text),
          unchanged: z.boolean().optional(),
          pages: count.optional(),
          error: reportedErrorSchema.optional(),
        }),
      ),
      errors: z.array(reportedErrorSchema),
      warnings: z.array(warningSchema),
      checkWarnings: count.optional(),
    }),
  ),
  packs: z
    .array(
      z.object({
        file: text,
        name: text,
        status: z.enum(['built', 'failed']),
        output: text.optional(),
        unchanged: z.boolean().optional(),
        pages: count.optional(),
        error: reportedErrorSchema.optional(),
      }),
    )
    .optional(),
  shared: z.array(text).optional(),
  errors: z.array(reportedErrorSchema),
  warnings: z.array(warningSchema),
});
