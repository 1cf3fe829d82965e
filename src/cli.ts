// The command line: commander lives here and nowhere else. Flags are parsed and checked, then a
// typed options object goes to the core. Only this module prints; `main` returns the exit code.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { dateProblem } from './articles/front-matter.js';
import type { Shard } from './articles/shards.js';
import type { BuildOptions } from './build.js';
import { heapForBuild, startHeap } from './commands/heap.js';
import type { NewsletterResult } from './commands/newsletter/newsletter.js';
import { BuildProgress, formatEvent, formatSummary, progressMode } from './commands/progress.js';
import { loadConfig } from './config/load-config.js';
import type { ConfigOverrides } from './config/schema.js';
import { FORMATS, type Format, PAGE_SIZES, type PageSize, type ResolvedConfig } from './config/schema.js';
import { LeafletError, messageOf, UsageError, WriteError } from './errors.js';
import type { BrowserPool } from './machinery/browser.js';
import type { BuildReport } from './machinery/report.js';
import { stopsEveryWrite, writeErrorFor } from './machinery/write-stop.js';
import { jsonPieces } from './machinery/writer.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Help for `-c, --config`, which every command takes. */
const CONFIG_HELP = 'config file (default: leaflet.config.{json,yaml,yml,mjs,js} in this folder)';

/** Exit codes: 0 built, 1 an article failed, 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface BuildFlags {
  format?: Format[];
  out: string;
  config?: string;
  jobs?: number;
  drafts?: boolean;
  browser?: string;
  size?: PageSize;
  largePrint?: boolean;
  booklet?: boolean;
  force?: boolean;
  cacheDir?: string;
  shard?: Shard;
  verbose?: boolean;
  quiet?: boolean;
  watch?: boolean;
  json?: boolean;
  today?: string;
}

interface MergeFlags {
  out: string;
  config?: string;
  json?: boolean;
}

interface PreviewFlags {
  port: number;
  host: string;
  out: string;
  config?: string;
  drafts?: boolean;
}

interface CheckFlags {
  config?: string;
  strict?: boolean;
  json?: boolean;
  format: 'text' | 'github';
  today?: string;
}

interface NewFlags {
  config?: string;
  dir?: string;
  slug?: string;
  today?: string;
}

interface InitFlags {
  name?: string;
  website?: string;
  colour?: string;
  color?: string;
  today?: string;
}

interface DoctorFlags {
  config?: string;
  browser?: string;
}

interface PackFlags {
  patient?: string;
  therapist?: string;
  note?: string;
  exercise?: string[];
  title?: string;
  output?: string;
  date?: string;
  booklet?: boolean;
  browser?: string;
  config?: string;
  json?: boolean;
}

interface NewsletterFlags {
  tag?: string[];
  since?: string;
  limit?: number;
  title?: string;
  intro?: string;
  name?: string;
  to?: string;
  out: string;
  config?: string;
  json?: boolean;
}

/** Where the CLI reads and writes: stderr for people, stdout for data. Tests pass their own to run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder the command runs in. */
  cwd: string;
  /** Environment variables (default: this process's): NO_COLOR, PUPPETEER_EXECUTABLE_PATH, LEAFLET_STRICT_TEMPLATES. */
  env?: NodeJS.ProcessEnv;
  /** Colour the output (default: when the terminal supports it and NO_COLOR is not set). */
  color?: boolean;
  /** A browser to print with that the caller keeps open across runs (tests share one); otherwise each build starts its own. */
  browser?: BrowserPool;
  /** Aborting it is Ctrl-C: it stops a build, a watch or a preview run in-process (tests use it). */
  interrupt?: AbortSignal;
  /** The terminal stderr is, when it is one: progress is drawn there as one live line. */
  terminal?: NodeJS.WriteStream;
  /** Ask the person at the terminal; absent when nobody is there to answer (CI, a pipe): flags and defaults then. */
  ask?: (question: string) => Promise<string>;
  /** Told how many articles a build found, before it builds them: the command's own process sizes its heap by it. */
  articlesFound?: (count: number) => void;
}

/** The command's own process: its streams, folder and environment, and its terminal when there is one. */
function processIo(): CliIo {
  startHeap();
  return {
    articlesFound: heapForBuild,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
    ...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askAtTerminal } : {}),
  };
}

/** One question at the terminal; the answer without surrounding spaces. */
async function askAtTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await terminal.question(question)).trim();
  } finally {
    terminal.close();
  }
}

/** What every command's action gets: the io, colours for people, and the environment. */
interface Run {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  colors: Colors;
}

/** Run the CLI with `argv` (without "node" and the script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const env = io.env ?? process.env;
  const run: Run = { io, env, colors: pc.createColors(io.color ?? (!env.NO_COLOR && pc.isColorSupported)) };
  let exitCode: number = EXIT.ok;
  const program = createProgram(run, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (argv.length === 0) program.outputHelp();
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { red } = run.colors;
    if (error instanceof LeafletError) {
      io.stderr(`${red('error')} ${error.format()}\n`);
      // A wrong command line, config or output folder means nothing was built. A full (or read-only) disk is no
      // mistake of the command: it fails as a build stopped by one does.
      return error.code === 'USAGE' || error.code === 'CONFIG' || (error.code === 'WRITE' && !stopsEveryWrite(error))
        ? EXIT.usage
        : EXIT.failed;
    }
    io.stderr(`${red('internal error')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    io.stderr('This is a bug in leaflet; please report it with the command you ran.\n');
    return EXIT.failed;
  }
}

/** The program and its commands; each action sets the exit code through `exit`. */
function createProgram(run: Run, exit: (code: number) => void): Command {
  const program = new Command()
    .name(TOOL_NAME)
    .description("Turn a clinic's Markdown articles into printable PDF leaflets, emails and web pages.")
    .version(TOOL_VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run "leaflet --help" for usage)')
    .configureOutput({ writeOut: run.io.stdout, writeErr: run.io.stderr });
  addBuildCommand(program, run, exit);
  addPreviewCommand(program, run, exit);
  addCheckCommand(program, run, exit);
  addNewCommand(program, run, exit);
  addNewsletterCommand(program, run, exit);
  addPackCommand(program, run, exit);
  addInitCommand(program, run, exit);
  addMergeCommand(program, run, exit);
  addDoctorCommand(program, run, exit);
  addBrowserCommand(program, run, exit);
  return program;
}

function addBuildCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('build')
    .description('build articles (default: every article in articles/ that is not a draft)')
    .argument('[paths...]', 'article files, folders or globs')
    .option(
      '-f, --format <list>',
      `formats to build, comma-separated: ${FORMATS.join(',')} (default: all, or the config's)`,
      parseFormats,
    )
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option(
      '-j, --jobs <n>',
      `PDFs printed at once (default: number of cores, ${os.availableParallelism()})`,
      parseCount,
    )
    .addOption(new Option('--size <size>', "leaflet page size (default: the config's, or A4)").choices(PAGE_SIZES))
    .option('--large-print', 'also print <slug>.large-print.pdf of every leaflet (16pt and larger)')
    .option(
      '--booklet',
      'also print <slug>.booklet.pdf of every leaflet: A5 pages two to a side of A4 landscape, to fold',
    )
    .option('--drafts', 'also build articles with "draft: true"')
    .option('--browser <path>', 'Chrome or Chromium to print with (default: found automatically)')
    .option('--force', 'print every leaflet again, even those unchanged since the last build')
    .option(
      '--shard <part/parts>',
      'build one part of the articles, like 2/4, for CI runners side by side; "leaflet merge-reports" joins the parts',
      parseShardOption,
    )
    .option(
      '--cache-dir <dir>',
      'folder of the incremental cache, which says what is unchanged since the last build (default: the output folder)',
    )
    .option(
      '-w, --watch',
      'build, then rebuild what changed whenever an article, image, template or the config is saved',
    )
    .option('--json', 'print the build report as JSON on stdout')
    .addOption(
      new Option('-v, --verbose', 'say each file as it is written (default: one line of progress)').conflicts('quiet'),
    )
    .option('-q, --quiet', 'say nothing until the summary')
    .addOption(
      new Option('--today <date>', 'check review dates as of this date (YYYY-MM-DD)').argParser(parseDate).hideHelp(),
    )
    .action(async (paths: string[], flags: BuildFlags) => exit(await runBuild(paths, flags, run)));
}

function addPreviewCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('preview')
    .description(
      'serve the web pages on this computer, rebuild them on every save and reload the browser; print previews of each leaflet',
    )
    .argument('[paths...]', 'article files, folders or globs (default: every article)')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', parsePort, 4173)
    .option('--host <host>', 'address to listen on (0.0.0.0 to let other computers on the network see it)', '127.0.0.1')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--no-drafts', 'leave out articles with "draft: true" (they are shown, marked DRAFT, by default)')
    .action(async (paths: string[], flags: PreviewFlags) => exit(await runPreview(paths, flags, run)));
}

function addCheckCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('check')
    .description(
      'check articles without building them: errors that stop a build, review dates, reading grade, jargon and structure',
    )
    .argument('[paths...]', 'article files, folders or globs (default: every article, drafts too)')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--strict', 'count warnings as errors (exit 1 when there are any)')
    .addOption(
      new Option('--format <format>', 'text for people, github for GitHub Actions annotations')
        .choices(['text', 'github'])
        .default('text'),
    )
    .option('--json', 'print the findings and reading figures as JSON on stdout')
    .addOption(
      new Option('--today <date>', 'check review dates as of this date (YYYY-MM-DD)').argParser(parseDate).hideHelp(),
    )
    .action(async (paths: string[], flags: CheckFlags) => exit(await runCheck(paths, flags, run)));
}

function addNewCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('new')
    .description('write a new article with its front matter filled in and a body to start from')
    .argument('<title>', "the article's title, in quotes")
    .option('--slug <slug>', 'file name and web address (default: from the title)')
    .option('-d, --dir <folder>', 'folder to write it in (default: the folder of the config\'s "articles" pattern)')
    .option('-c, --config <file>', CONFIG_HELP)
    .addOption(
      new Option('--today <date>', 'the date written as published and reviewed (YYYY-MM-DD)')
        .argParser(parseDate)
        .hideHelp(),
    )
    .action(async (title: string, flags: NewFlags) => exit(await runNew(title, flags, run)));
}

function addNewsletterCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('newsletter')
    .description('put several articles into one newsletter email: out/newsletter/<name>.html, .txt and .eml')
    .argument('[paths...]', 'articles to include, in this order (default: every article, newest first)')
    .option('-t, --tag <tag>', 'only articles with this tag (repeat for any of several)', collect)
    .option('--since <date>', 'only articles published on or after this date (YYYY-MM-DD)', parseDate)
    .option('-n, --limit <n>', 'at most this many articles', parseCount)
    .option('--title <text>', 'the subject and heading (default: the intro\'s title, or "<clinic> news: <month year>")')
    .option(
      '--intro <file>',
      "a Markdown file with the newsletter's own introduction (front matter: title, date, summary)",
    )
    .option('--name <name>', 'output file name, without extension (default: newsletter-<date>)')
    .option('--to <address>', "recipient written into the .eml (default: the config's email.to)")
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', 'print what was written as JSON on stdout')
    .action(async (paths: string[], flags: NewsletterFlags) => exit(await runNewsletter(paths, flags, run)));
}

function addPackCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('pack')
    .description("print several articles and exercises as one PDF for a patient, with the therapist's doses and notes")
    .argument('<paths...>', 'articles and exercises, in the order they are printed')
    .option('--patient <name>', "the patient's name, printed on the cover (and written nowhere else)")
    .option('--therapist <name>', 'who gives the pack, printed on the cover')
    .option('--note <text>', 'the therapist\'s note (Markdown), printed under "Notes from your physiotherapist"')
    .option(
      '--exercise <name:dose>',
      "an exercise's dose for this patient, like heel-raises:sets=3,reps=10,per_day=2 (repeat for each)",
      each,
    )
    .option('--title <text>', 'the pack\'s title (default: "Advice and exercises from your physiotherapist")')
    .option('-o, --output <file>', 'the PDF to write (default: pack-<date>.pdf in this folder)')
    .option(
      '--booklet',
      'A5 pages two to a side of A4 landscape, in booklet order: print on both sides, fold in the middle',
    )
    .option('--browser <path>', 'Chrome or Chromium to print with (default: found automatically)')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', "print what went into the pack as JSON on stdout (never the patient's name or note)")
    .addOption(
      new Option('--date <date>', 'the date printed on the cover (YYYY-MM-DD)').argParser(parseDate).hideHelp(),
    )
    .action(async (paths: string[], flags: PackFlags) => exit(await runPack(paths, flags, run)));
}

function addInitCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('init')
    .description(
      "start a clinic's project: config, an example article, a logo to replace, npm scripts and a CI workflow",
    )
    .argument('[folder]', 'where to start it (default: this folder)')
    .option('--name <name>', "the clinic's name (asked when not given, at a terminal)")
    .option('--website <url>', "the clinic's website, where the web pages will be published (https://...)")
    .option('--colour <#rrggbb>', "the clinic's main colour (default: #0b5394)")
    .addOption(new Option('--color <#rrggbb>', 'the same as --colour').hideHelp())
    .addOption(
      new Option('--today <date>', 'the date written into the example article (YYYY-MM-DD)')
        .argParser(parseDate)
        .hideHelp(),
    )
    .action(async (folder: string | undefined, flags: InitFlags) => exit(await runInit(folder, flags, run)));
}

function addMergeCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('merge-reports')
    .description(
      'join the parts of a build split with --shard (one report.json each) into one output folder, with the lists of every article',
    )
    .argument('<reports...>', "each part's report.json, or a pattern of them, like out-*/report.json")
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', 'print the joined report as JSON on stdout')
    .action(async (reports: string[], flags: MergeFlags) => exit(await runMerge(reports, flags, run)));
}

function addDoctorCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('doctor')
    .description('say which browser and fonts leaflet will use, and what to install when something is missing')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--browser <path>', 'Chrome or Chromium to print with (default: found automatically)')
    .action(async (flags: DoctorFlags) => exit(await runDoctor(flags, run)));
}

function addBrowserCommand(program: Command, run: Run, exit: (code: number) => void): void {
  program
    .command('browser')
    .description('get a browser for printing leaflets, for computers that have none')
    .command('install')
    .description(
      "download the Chrome for Testing this version of leaflet was made with (about 150 MB) into leaflet's cache folder",
    )
    .action(async () => exit(await runBrowserInstall(run)));
}

/** The settings the build's flags give, over the config file and front matter. */
function overridesOf(flags: BuildFlags): ConfigOverrides {
  return {
    ...(flags.format ? { formats: flags.format } : {}),
    ...(flags.size ? { size: flags.size } : {}),
    ...(flags.largePrint ? { largePrint: true } : {}),
    ...(flags.booklet ? { booklet: true } : {}),
  };
}

/** The core's build options from the command line's flags. */
function buildOptions(
  paths: string[],
  flags: BuildFlags,
  run: Run,
  config: ResolvedConfig,
  signal: AbortSignal,
): BuildOptions {
  return {
    signal,
    config,
    cwd: run.io.cwd,
    paths,
    outDir: flags.out,
    drafts: flags.drafts ?? false,
    env: run.env,
    // Template authors set LEAFLET_STRICT_TEMPLATES=1 to make a misspelt variable an error instead of an empty string.
    strictTemplates: run.env.LEAFLET_STRICT_TEMPLATES === '1',
    ...(flags.jobs ? { jobs: flags.jobs } : {}),
    ...(flags.browser ? { browser: flags.browser } : {}),
    ...(flags.force ? { force: true } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.shard ? { shard: flags.shard } : {}),
    ...(flags.today ? { today: flags.today } : {}),
    ...(run.io.browser && !flags.browser ? { browserPool: run.io.browser } : {}),
    ...(run.io.articlesFound ? { onArticles: run.io.articlesFound } : {}),
  };
}

async function runBuild(paths: string[], flags: BuildFlags, run: Run): Promise<number> {
  const { io, colors } = run;
  if (flags.browser && !existsSync(path.resolve(io.cwd, flags.browser))) {
    throw new UsageError(
      `--browser ${flags.browser}: no such file. Give the path of a Chrome or Chromium executable, or leave --browser out to use the one leaflet finds.`,
    );
  }
  const config = await loadConfig(io.cwd, flags.config, overridesOf(flags));
  if (flags.watch) {
    await watchBuilds(paths, flags, run, config, () => undefined);
    return EXIT.ok;
  }
  // Ctrl-C or SIGTERM: stop starting work and close the browser, then exit 130/143. A second Ctrl-C exits at once.
  const controller = new AbortController();
  const stopping = stopSignal(run, () => {
    io.stderr(`${colors.yellow('Stopping')}: closing the browser; files already written are complete.\n`);
    controller.abort();
  });
  // Loaded here, not at the top: `check`, `new` and `--help` do not need the renderers.
  const report = await buildWithProgress(
    buildOptions(paths, flags, run, config, controller.signal),
    flags,
    run,
  ).finally(() => stopping.dispose());
  io.stderr(formatSummary(report, colors));
  if (flags.json) printJson(io, report);
  if (stopping.stopped) return stopping.stopped === 'SIGTERM' ? 143 : 130;
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** One build, saying how it goes in the mode the flags and the terminal ask for. */
async function buildWithProgress(
  options: BuildOptions,
  flags: { verbose?: boolean; quiet?: boolean },
  { io, env, colors }: Run,
): Promise<BuildReport> {
  // Loaded here, not at the top: `check`, `new` and `--help` do not need the renderers.
  const { build } = await import('./build.js');
  const progress = new BuildProgress({
    mode: progressMode(flags, io.terminal, env),
    write: io.stderr,
    colors,
    terminal: io.terminal,
  });
  try {
    return await build(options, (event) => progress.event(event));
  } finally {
    progress.finish();
  }
}

/**
 * Build, then watch the project and build again after every saved change, until Ctrl-C or SIGTERM (which stop the
 * build under way, the first one too). A config made invalid is reported and the last good one kept until it is fixed.
 */
async function watchBuilds(
  paths: string[],
  flags: BuildFlags,
  run: Run,
  firstConfig: ResolvedConfig,
  afterBuild: (report: BuildReport) => void | Promise<void>,
): Promise<void> {
  const { io, colors } = run;
  let config = firstConfig;
  let current: AbortController | undefined;
  const stopping = stopSignal(run, () => {
    io.stderr(`${colors.yellow('Stopping')}\n`);
    current?.abort();
  });
  const once = async (): Promise<void> => {
    current = new AbortController();
    const report = await buildWithProgress(buildOptions(paths, flags, run, config, current.signal), flags, run);
    current = undefined;
    io.stderr(formatSummary(report, colors));
    if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
    if (!stopping.stopped) await afterBuild(report);
  };
  const waiting = (): void =>
    io.stderr(`${colors.cyan('Watching')} articles, templates and the config for changes (Ctrl-C to stop)\n`);
  try {
    await once();
    if (stopping.stopped) return;
    const { watchProject } = await import('./commands/watch.js');
    const outside = (file: string | undefined): file is string =>
      !!file && path.relative(config.root, file).startsWith('..');
    const watcher = watchProject(
      {
        root: config.root,
        ignore: [path.resolve(io.cwd, flags.out)],
        extra: [config.file, config.templatesDir].filter(outside),
      },
      async (changed) => {
        if (stopping.stopped) return;
        io.stderr(
          `\n${colors.cyan('Changed')}: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}\n`,
        );
        try {
          config = await loadConfig(io.cwd, flags.config, overridesOf(flags));
        } catch (error) {
          if (!(error instanceof LeafletError)) throw error;
          io.stderr(
            `${colors.red('error')} ${error.format()}\nFix the config to build again; the last good one is kept until then.\n`,
          );
          return;
        }
        await once();
        waiting();
      },
      (message) => io.stderr(`${colors.red('error')} ${message}\n`),
    );
    await Promise.race([watcher.ready, stopping.done]);
    if (!stopping.stopped) waiting();
    await stopping.done;
    await watcher.close();
  } finally {
    stopping.dispose();
  }
}

/**
 * Ctrl-C and SIGTERM (or the io's `interrupt`, which tests use), listened for until `dispose`: the first calls
 * `onStop` and settles `done`; a second Ctrl-C exits at once.
 */
function stopSignal(
  run: Run,
  onStop: () => void,
): { readonly stopped: NodeJS.Signals | undefined; done: Promise<void>; dispose(): void } {
  let stopped: NodeJS.Signals | undefined;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((settle) => (resolve = settle));
  const stop = (signal: NodeJS.Signals): void => {
    if (stopped) process.exit(signal === 'SIGTERM' ? 143 : 130);
    stopped = signal;
    onStop();
    resolve();
  };
  const interrupt = (): void => stop('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  run.io.interrupt?.addEventListener('abort', interrupt, { once: true });
  if (run.io.interrupt?.aborted) interrupt();
  return {
    get stopped() {
      return stopped;
    },
    done,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      run.io.interrupt?.removeEventListener('abort', interrupt);
    },
  };
}

async function runPreview(paths: string[], flags: PreviewFlags, run: Run): Promise<number> {
  const { io, colors } = run;
  // The preview builds the web pages only (its print previews are rendered on request), drafts too unless told not.
  const { siteFolder, webStep } = await import('./formats/web/step.js');
  const buildFlags: BuildFlags = {
    out: flags.out,
    format: [webStep.format],
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.drafts !== false ? { drafts: true } : {}),
  };
  const config = await loadConfig(io.cwd, flags.config, overridesOf(buildFlags));
  const webDir = siteFolder(path.resolve(io.cwd, flags.out));
  const { isLoopback, startPreview } = await import('./commands/preview/server.js');
  const { renderPrintPreview } = await import('./commands/preview/print-preview.js');
  const { renderCheckPage } = await import('./commands/preview/check-page.js');
  const { makeDeskPack, readDeskForm, renderDeskPage } = await import('./commands/preview/desk.js');
  const { BrowserManager } = await import('./machinery/browser.js');
  // The desk page's packs are printed by a browser of the preview's own, started when the first pack is asked for.
  const browser = io.browser ?? new BrowserManager({ jobs: 1, env: run.env });
  let server: Awaited<ReturnType<typeof startPreview>> | undefined;
  try {
    // The server starts after the first build (so there is a site to show); later builds reload the open pages.
    await watchBuilds(paths, buildFlags, run, config, async (report) => {
      if (server) return server.reload(buildProblems(report));
      server = await startPreview({
        webDir,
        port: flags.port,
        host: flags.host,
        renderPrint: (slug) => renderPrintPreview(io.cwd, flags.config, slug),
        renderCheck: (slug) => renderCheckPage(io.cwd, flags.config, slug),
        desk: {
          page: (token) => renderDeskPage(io.cwd, flags.config, token),
          async pack(form) {
            const request = readDeskForm(form);
            return { ...(await makeDeskPack(io.cwd, flags.config, request, browser)), download: request.download };
          },
        },
        problems: buildProblems(report),
      }).catch((error: unknown) => {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        throw new UsageError(
          inUse
            ? `port ${flags.port} is in use: choose another with --port`
            : `could not start the preview server: ${messageOf(error)}`,
        );
      });
      io.stderr(
        `${colors.green('Preview')}: ${server.url}  (print preview of a leaflet: ${server.url}__leaflet/print/<slug>/)\n`,
      );
      if (isLoopback(flags.host)) io.stderr(`Make a pack for a patient: ${server.url}__leaflet/desk/\n`);
    });
  } finally {
    await server?.close();
    if (browser !== io.browser) await browser.dispose();
  }
  return EXIT.ok;
}

/** What the preview shows over its pages after a build: the problems that kept something from being built. */
function buildProblems(report: BuildReport): { file?: string; line?: number; message: string }[] {
  const notAttempted = (code: string): boolean => code === 'INTERRUPTED';
  const articleErrors = report.articles.flatMap((article) =>
    article.errors
      .filter((error) => !notAttempted(error.code))
      .map((error) => ({ ...error, file: error.file ?? article.file })),
  );
  return [...report.errors.filter((error) => !notAttempted(error.code)), ...articleErrors].map(
    ({ file, line, message }) => ({ ...(file ? { file } : {}), ...(line ? { line } : {}), message }),
  );
}

async function runCheck(paths: string[], flags: CheckFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { checkArticles } = await import('./check/check.js');
  const { formatCheckGithub, formatCheckText } = await import('./check/format.js');
  const { todayIso } = await import('./check/governance.js');
  const today = flags.today ?? todayIso();
  // Many articles are checked in worker threads, one a core.
  const workersFor = async (articles: number) => {
    const [{ articleWork }, { createRenderContext }, { articleChecker, THREAD_TABLE, THREAD_WORKER_FILE }] =
      await Promise.all([
        import('./machinery/threads.js'),
        import('./render/context.js'),
        import('./formats/thread-tasks.js'),
      ]);
    const init = { config, cwd: io.cwd, strictTemplates: false, today, lowPriority: false };
    const ctx = createRenderContext(config, [], { cwd: io.cwd });
    return articleChecker(articleWork({ ctx, articles, init, table: THREAD_TABLE, workerFile: THREAD_WORKER_FILE }));
  };
  const report = await checkArticles({ config, cwd: io.cwd, paths, strict: flags.strict ?? false, today, workersFor });
  if (flags.json) printJson(io, report);
  else if (flags.format === 'github') io.stdout(formatCheckGithub(report));
  else io.stdout(formatCheckText(report, colors));
  return report.ok ? EXIT.ok : EXIT.failed;
}

async function runNew(title: string, flags: NewFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { writeNewArticle } = await import('./commands/new/new-article.js');
  const written = await writeNewArticle({
    config,
    cwd: io.cwd,
    title,
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.dir ? { dir: flags.dir } : {}),
    ...(flags.today ? { today: flags.today } : {}),
  });
  io.stderr(
    `${colors.green('✓')} wrote ${written.shownPath}: fill in the parts marked TODO, then run "leaflet check ${written.shownPath}".\n`,
  );
  io.stdout(`${written.shownPath}\n`);
  return EXIT.ok;
}

async function runNewsletter(paths: string[], flags: NewsletterFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  // Loaded only for this command (it brings in nodemailer).
  const { buildNewsletter } = await import('./commands/newsletter/newsletter.js');
  const result: NewsletterResult = await buildNewsletter({
    config,
    cwd: io.cwd,
    paths,
    outDir: flags.out,
    ...(flags.tag ? { tags: flags.tag } : {}),
    ...(flags.since ? { since: flags.since } : {}),
    ...(flags.limit ? { limit: flags.limit } : {}),
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.intro ? { intro: flags.intro } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.to ? { to: flags.to } : {}),
  });
  for (const warning of result.warnings) io.stderr(formatEvent({ type: 'warning', warning }, colors));
  for (const error of result.errors) io.stderr(formatEvent({ type: 'failed', file: error.file ?? '', error }, colors));
  io.stderr(
    `${colors.green('✓')} newsletter "${result.title}" with ${result.articles.length} article${result.articles.length === 1 ? '' : 's'}:\n`,
  );
  for (const article of result.articles) io.stderr(`    ${article.title}\n`);
  io.stderr(`  ${result.files.join('\n  ')}\n`);
  if (flags.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return result.errors.length > 0 ? EXIT.failed : EXIT.ok;
}

async function runPack(paths: string[], flags: PackFlags, { io, env, colors }: Run): Promise<number> {
  const [{ checkNote, makePack, parseExerciseDose }, { sourceDateOf }] = await Promise.all([
    import('./formats/pack/pack.js'),
    import('./render/context.js'),
  ]);
  // Checked first: a SOURCE_DATE_EPOCH no date can hold, or a note nested too deep, prints nothing.
  const sourceDate = sourceDateOf(env);
  checkNote(flags.note, '--note');
  const config = await loadConfig(io.cwd, flags.config);
  const doses = new Map(
    (flags.exercise ?? []).map((value) => {
      const { slug, dose } = parseExerciseDose(value);
      return [slug, dose] as const;
    }),
  );
  const date = flags.date ?? new Date().toISOString().slice(0, 10);
  const output = path.resolve(io.cwd, flags.output ?? `pack-${date}.pdf`);
  if (!/\.pdf$/i.test(output))
    throw new UsageError(`--output ${flags.output ?? ''}: a pack is a PDF; give a file name ending in .pdf.`);
  const { BrowserManager } = await import('./machinery/browser.js');
  const browser =
    io.browser && !flags.browser ? io.browser : new BrowserManager({ executablePath: flags.browser, jobs: 1, env });
  try {
    const made = await makePack({
      config,
      cwd: io.cwd,
      paths,
      doses,
      title: flags.title,
      patient: flags.patient,
      therapist: flags.therapist,
      note: flags.note,
      date,
      booklet: flags.booklet,
      browser,
      strictTemplates: env.LEAFLET_STRICT_TEMPLATES === '1',
      sourceDate,
    });
    const { writeFileAtomic } = await import('./machinery/writer.js');
    const shown = path.relative(io.cwd, output) || output;
    await writeFileAtomic(output, made.pdf).catch((error: unknown) => {
      throw error instanceof WriteError ? writeErrorFor(error, shown, 'make the pack again') : error;
    });
    const exercises = made.articles.filter((article) => article.type === 'exercise').length;
    io.stderr(
      `${colors.green('✓')} pack "${made.title}": ${made.articles.length - exercises} article${made.articles.length - exercises === 1 ? '' : 's'} and ${exercises} exercise${exercises === 1 ? '' : 's'} in ${shown}\n`,
    );
    if (flags.json)
      io.stdout(`${JSON.stringify({ file: shown, title: made.title, articles: made.articles }, null, 2)}\n`);
    return EXIT.ok;
  } finally {
    if (browser !== io.browser) await browser.dispose();
  }
}

async function runInit(folder: string | undefined, flags: InitFlags, { io, colors }: Run): Promise<number> {
  const target = path.resolve(io.cwd, folder ?? '.');
  // At a terminal, ask for what the flags do not say; elsewhere (CI, a script), the folder's name stands in.
  const fromFolder = path
    .basename(target)
    .replace(/[-_]+/g, ' ')
    .replace(/\b\p{Ll}/gu, (letter) => letter.toUpperCase());
  const name = flags.name ?? ((await io.ask?.(`The clinic's name (${fromFolder}): `)) || fromFolder);
  const website =
    flags.website ??
    (flags.name
      ? undefined
      : (await io.ask?.("The clinic's website, where the web pages will go (https://..., or leave empty): ")) ||
        undefined);
  const { initProject } = await import('./commands/init/scaffold.js');
  const { todayIso } = await import('./check/governance.js');
  const result = await initProject({
    folder: target,
    cwd: io.cwd,
    name,
    website,
    colour: flags.colour ?? flags.color,
    today: flags.today ?? todayIso(),
  });
  for (const file of result.written) io.stderr(`  ${colors.green('✓')} wrote ${file}\n`);
  for (const file of result.updated) io.stderr(`  ${colors.green('✓')} added to ${file}\n`);
  for (const file of result.kept) io.stderr(`  ${colors.yellow('-')} left ${file} as it was\n`);
  const into = target !== io.cwd ? `cd ${path.relative(io.cwd, target)}, then ` : '';
  io.stderr(
    `${colors.green('Ready')}: ${into}run "npx leaflet build" to make the examples' leaflets, emails, web pages and pack in out/. ` +
      'Put your details and logo in leaflet.config.yaml and brand/, your articles in articles/ and your exercises in exercises/.\n',
  );
  return EXIT.ok;
}

/** A report on stdout as JSON, a piece at a time (the report of 10,000 articles is 6 MB). */
function printJson(io: Run['io'], value: unknown): void {
  for (const piece of jsonPieces(value, 2)) io.stdout(piece);
}

async function runMerge(reports: string[], flags: MergeFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { mergeReports } = await import('./commands/merge-reports/merge.js');
  const report = await mergeReports({ config, cwd: io.cwd, reports, outDir: flags.out });
  io.stderr(formatSummary(report, colors));
  if (flags.json) printJson(io, report);
  return report.ok ? EXIT.ok : EXIT.failed;
}

async function runDoctor(flags: DoctorFlags, { io, env, colors }: Run): Promise<number> {
  const { diagnose } = await import('./commands/doctor/diagnose.js');
  const report = await diagnose({ cwd: io.cwd, configFile: flags.config, search: { explicit: flags.browser, env } });
  io.stdout(`leaflet doctor: ${report.about}\n`);
  for (const check of report.checks) {
    io.stdout(`  ${check.ok ? colors.green('✓') : colors.red('✗')} ${check.name.padEnd(11)} ${check.found}\n`);
    if (check.fix) io.stdout(`    ${check.fix}\n`);
  }
  const missing = report.checks.filter((check) => !check.ok).length;
  io.stdout(
    report.ok
      ? 'Everything leaflet needs is here.\n'
      : `${missing} thing${missing === 1 ? ' needs' : 's need'} fixing: do what it says above, then run "npx leaflet doctor" again.\n`,
  );
  return report.ok ? EXIT.ok : EXIT.failed;
}

async function runBrowserInstall({ io, env, colors }: Run): Promise<number> {
  const { browserCacheDir, installBrowser } = await import('./machinery/browsers.js');
  const cacheDir = browserCacheDir(env);
  io.stderr(`Downloading Chrome for Testing into ${cacheDir}\n`);
  let shown = -1;
  const installed = await installBrowser({
    cacheDir,
    baseUrl: env.PUPPETEER_DOWNLOAD_BASE_URL,
    onProgress: (done, total) => {
      // A line every tenth of the way: readable at a terminal and in a CI log alike.
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth === shown) return;
      shown = tenth;
      io.stderr(`  ${tenth * 10}% (${(done / 1e6).toFixed(0)} of ${(total / 1e6).toFixed(0)} MB)\n`);
    },
  });
  io.stderr(
    `${colors.green('✓')} Chrome ${installed.version}: leaflet prints with it when no other browser is found.\n`,
  );
  io.stdout(`${installed.path}\n`);
  return EXIT.ok;
}

/** Each use of a repeatable option whose value has commas of its own (`--exercise a:sets=3,reps=10`). */
function each(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Each use of a repeatable option that takes a comma-separated list (`--tag knees,feet`); a use with none is refused. */
function collect(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // An empty --tag would select nothing, and so every article: refused, so that a newsletter is never sent to all by a slip.
  if (items.length === 0)
    throw new InvalidArgumentError('expected a tag, like --tag "back pain" (or several: --tag knees,feet).');
  return [...previous, ...items];
}

/** A date flag, read as strictly as a date in front matter, with the same words. */
function parseDate(value: string): string {
  const problem = dateProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}

/** More parts than this is not a split any CI runs. */
const MAX_SHARDS = 10_000;

function parseShardOption(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > MAX_SHARDS)
    throw new InvalidArgumentError(
      `expected <part>/<parts>, like 2/4 (the second of four parts), of at most ${MAX_SHARDS} parts.`,
    );
  return { index, count };
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return count;
}

function parseFormats(value: string): Format[] {
  const formats = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = formats.filter((format) => !(FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${FORMATS.join(', ')}; got "${value}".`);
  }
  return [...new Set(formats)] as Format[];
}
