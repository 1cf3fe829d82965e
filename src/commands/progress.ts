// What a build says while it runs, on stderr. At a terminal: one live line (done of total per format, time taken,
// time left), redrawn in place. In CI or a pipe: that line every few seconds, so that a thousand articles make a few
// lines, not thousands. With --verbose: a line per output written; with --quiet: nothing until the summary. Failures
// and warnings are said as they happen, except with --quiet (the summary lists the failures).
import type { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { noDictionaryNote } from '../check/spelling.js';
import type { Format } from '../config/schema.js';
import type { BuildEvent, BuildReport, PackResult, ReportedError } from '../machinery/report.js';

export type ProgressMode = 'verbose' | 'live' | 'plain' | 'quiet';

/** How often the plain line is written, in milliseconds. */
export const PLAIN_EVERY_MS = 5_000;

/** How often the live line is redrawn at most, in milliseconds. */
const LIVE_EVERY_MS = 100;

/** The mode for these flags: --verbose and --quiet win; then a terminal outside CI gets the live line. */
export function progressMode(
  flags: { verbose?: boolean; quiet?: boolean },
  terminal: NodeJS.WriteStream | undefined,
  env: NodeJS.ProcessEnv,
): ProgressMode {
  if (flags.verbose) return 'verbose';
  if (flags.quiet) return 'quiet';
  const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  // A terminal that says it has no rows (some pseudo-terminals) cannot show the line: it gets the plain one.
  return terminal?.isTTY && terminal.rows !== 0 && !ci ? 'live' : 'plain';
}

export interface ProgressOptions {
  mode: ProgressMode;
  write: (text: string) => void;
  colors: Colors;
  /** The terminal the live line is drawn on (live mode only). */
  terminal?: NodeJS.WriteStream | undefined;
  /** The clock (tests give their own). */
  now?: () => number;
}

/** Follows one build's events and says what they mean, in its mode. */
export class BuildProgress {
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  readonly #started: number;
  readonly #done = new Map<Format, number>();
  #totals = new Map<Format, number>();
  #live: ReturnType<typeof createLogUpdate> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastDrawn = 0;
  #lastPlain = 0;
  #finished = false;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#lastDrawn = this.#started;
    this.#lastPlain = this.#started;
    const { terminal } = options;
    // Loaded only for a terminal (it takes a while to load): until it is, the line is not drawn.
    this.ready =
      options.mode === 'live' && terminal
        ? import('log-update').then(
            (loaded) => {
              if (!this.#finished) this.#live = loaded.createLogUpdate(terminal);
            },
            () => undefined,
          )
        : Promise.resolve();
  }

  /** Settles once the live line can be drawn (at once for the other modes); nothing waits for it but a test. */
  readonly ready: Promise<void>;

  /** Take one event of the build. */
  event(event: BuildEvent): void {
    const { mode } = this.#options;
    if (mode === 'verbose') {
      this.#say(formatEvent(event, this.#options.colors));
      return;
    }
    switch (event.type) {
      case 'start':
        this.#totals = new Map(Object.entries(event.outputs) as [Format, number][]);
        if (mode !== 'quiet') this.#say(formatEvent(event, this.#options.colors));
        if (mode === 'plain') {
          // Also when nothing is finished for a while (a long print): the line shows the build is still going.
          this.#timer = setInterval(() => this.#plain(), 1000);
          this.#timer.unref();
        }
        break;
      case 'output':
        this.#count(event.format);
        break;
      case 'failed':
        if (event.format) this.#count(event.format);
        if (mode !== 'quiet') this.#say(formatEvent(event, this.#options.colors));
        break;
      case 'warning':
        if (mode !== 'quiet') this.#say(formatEvent(event, this.#options.colors));
        break;
    }
    this.#draw();
  }

  /** The build is over: the live line is taken away (the summary says it all) and the plain line stops. */
  finish(): void {
    this.#finished = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#live?.clear();
    this.#live?.done();
    this.#live = undefined;
  }

  /** "leaflet 120/1000 · email 1000/1000 · web 0/1000 · 12s, about 30s left". */
  status(): string {
    const parts = [...this.#totals].map(([format, total]) => `${format} ${this.#done.get(format) ?? 0}/${total}`);
    const elapsed = this.#now() - this.#started;
    const done = [...this.#done.values()].reduce((sum, count) => sum + count, 0);
    const total = [...this.#totals.values()].reduce((sum, count) => sum + count, 0);
    // Said once enough is done to tell the pace by.
    const left =
      done >= Math.max(5, total / 50) && done < total && elapsed >= 1000
        ? `, about ${duration((elapsed / done) * (total - done))} left`
        : '';
    return `${parts.join(' · ')} · ${duration(elapsed)}${left}`;
  }

  #count(format: Format): void {
    this.#done.set(format, (this.#done.get(format) ?? 0) + 1);
  }

  /** The plain line, when PLAIN_EVERY_MS have passed since the last. */
  #plain(): void {
    const time = this.#now();
    if (time - this.#lastPlain < PLAIN_EVERY_MS) return;
    this.#lastPlain = time;
    this.#options.write(`  ${this.status()}\n`);
  }

  /** Redraw the live line, at most every LIVE_EVERY_MS, or write the plain line when it is due. */
  #draw(): void {
    if (this.#options.mode === 'plain') this.#plain();
    if (!this.#live) return;
    const now = this.#now();
    if (now - this.#lastDrawn < LIVE_EVERY_MS) return;
    this.#lastDrawn = now;
    this.#live(`  ${this.status()}`);
  }

  /** A line of its own, above the live line. */
  #say(text: string): void {
    this.#live?.clear();
    this.#options.write(text);
    this.#lastDrawn = 0;
  }
}

/** "12s", "3m 05s". */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

function place(error: ReportedError): string {
  if (!error.file) return '';
  return `${error.file}${error.line ? `:${error.line}` : ''}: `;
}

/** One event as a line for stderr. */
export function formatEvent(event: BuildEvent, colors: Colors): string {
  const { dim, green, red, yellow } = colors;
  switch (event.type) {
    case 'start':
      return `Building ${event.articles} article${event.articles === 1 ? '' : 's'} (${event.formats.join(', ')})\n`;
    case 'output':
      return (
        `  ${green('✓')} ${event.format.padEnd(7)} ` +
        `${event.files[0] ?? event.file}${event.unchanged ? dim(' (unchanged)') : ''}\n`
      );
    case 'failed':
      return (
        `  ${red('✗')} ` +
        `${event.format ? `${event.format.padEnd(7)} ` : ''}${place(event.error)}${event.error.message}\n`
      );
    case 'warning': {
      const { file, line, message } = event.warning;
      return `  ${yellow('!')} ${file}${line ? `:${line}` : ''}: ${message}\n`;
    }
  }
}

/** The closing summary for stderr: counts per format, failures, time taken. */
export function formatSummary(report: BuildReport, colors: Colors = pc): string {
  const { green, red, yellow } = colors;
  // Outputs that were never attempted (Ctrl-C, no browser) are "not built": the reason is said once, not as failures.
  const unattempted = (error: ReportedError | undefined): boolean =>
    error?.code === 'INTERRUPTED' || error?.code === 'BROWSER';
  const outputs = report.articles.flatMap((article) => article.outputs);
  const parts = report.formats.map((format) => {
    const t = report.totals[format];
    const notBuilt = outputs.filter(
      (output) => output.format === format && output.status === 'failed' && unattempted(output.error),
    ).length;
    const failed = t.failed - notBuilt;
    const extra = [
      t.unchanged ? `${t.unchanged} unchanged` : '',
      failed ? red(`${failed} failed`) : '',
      notBuilt ? `${notBuilt} not built` : '',
      t.skipped ? `${t.skipped} skipped` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `${format} ${t.built} built${extra ? ` (${extra})` : ''}`;
  });
  if (report.packs) {
    const built = report.packs.filter((pack) => pack.status === 'built');
    const unchanged = built.filter((pack) => pack.unchanged).length;
    // Packs a full disk stopped the build before: said once, above.
    const notBuilt = report.packs.filter((pack) => pack.error?.code === 'INTERRUPTED').length;
    const failed = report.packs.length - built.length - notBuilt;
    const extra = [
      unchanged ? `${unchanged} unchanged` : '',
      failed ? red(`${failed} failed`) : '',
      notBuilt ? `${notBuilt} not built` : '',
    ]
      .filter(Boolean)
      .join(', ');
    parts.push(`packs ${built.length} built${extra ? ` (${extra})` : ''}${packPages(built)}`);
  }
  const seconds = (report.durationMs / 1000).toFixed(1);
  const lines = [
    `${report.ok ? green('Done') : red('Finished with errors')} in ${seconds}s: ${parts.join('; ')}. ` +
      `Output in ${report.outDir}/`,
  ];
  for (const error of report.errors) lines.push(`${red('error')} ${place(error)}${error.message}`);
  // After Ctrl-C, or without a browser, the line above says so; articles that were merely not reached are not failures.
  const failed = report.articles.filter(
    (article) => article.status === 'failed' && article.errors.some((error) => !unattempted(error)),
  );
  if (failed.length > 0) {
    lines.push(red(`${failed.length} article${failed.length === 1 ? '' : 's'} failed:`));
    for (const article of failed)
      for (const error of article.errors.filter((e) => !unattempted(e)))
        lines.push(`  ${place({ ...error, file: error.file ?? article.file })}${error.message}`);
  }
  if (report.warnings.length > 0)
    lines.push(yellow(`${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}`));
  if (report.checkWarnings > 0) {
    const articles = report.articles.filter((article) => article.checkWarnings).length;
    lines.push(
      `${yellow(`${plural(report.checkWarnings, 'quality warning')} in ${plural(articles, 'article')}`)} ` +
        '(reading grade, spelling, jargon, review dates...): run "leaflet check" to see them',
    );
  }
  const note = noDictionaryNote(report.checks?.noDictionary ?? []);
  if (note) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** "1 article", "2 articles". */
function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The pages of the packs built, for the summary (", 4 pages each", ", 3 to 5 pages"); report.json gives each one's. */
function packPages(built: readonly PackResult[]): string {
  const pages = built.flatMap((pack) => (pack.pages === undefined ? [] : [pack.pages]));
  if (pages.length === 0) return '';
  const least = Math.min(...pages);
  const most = Math.max(...pages);
  if (least !== most) return `, ${least} to ${most} pages`;
  return `, ${plural(most, 'page')}${pages.length > 1 ? ' each' : ''}`;
}
