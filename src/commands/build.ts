// `leaflet build`: its flags, and the build run with progress on stderr, once or again after every saved change
// (`--watch`, which the preview uses too).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Shard } from '../articles/shards.js';
import type { BuildOptions } from '../build.js';
import { loadConfig } from '../config/load-config.js';
import {
  type ConfigOverrides,
  FORMATS,
  type Format,
  PAGE_SIZES,
  type PageSize,
  type ResolvedConfig,
} from '../config/schema.js';
import { LeafletError, UsageError } from '../errors.js';
import type { BuildReport } from '../machinery/report.js';
import {
  CONFIG_HELP,
  EXIT,
  type Exit,
  parseCount,
  parseDate,
  parseFormats,
  parseShardOption,
  printJson,
  type Run,
  stopSignal,
} from './command.js';
import { BuildProgress, formatSummary, progressMode } from './progress.js';

export interface BuildFlags {
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

export function addBuildCommand(program: Command, run: Run, exit: Exit): void {
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

/** The settings the build's flags give, over the config file and front matter. */
export function overridesOf(flags: BuildFlags): ConfigOverrides {
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
      `--browser ${flags.browser}: no such file. Give the path of a Chrome or Chromium executable, ` +
        `or leave --browser out to use the one leaflet finds.`,
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
export async function buildWithProgress(
  options: BuildOptions,
  flags: { verbose?: boolean; quiet?: boolean },
  { io, env, colors }: Run,
): Promise<BuildReport> {
  // Loaded here, not at the top: `check`, `new` and `--help` do not need the renderers.
  const { build } = await import('../build.js');
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
export async function watchBuilds(
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
    const { watchProject } = await import('./watch.js');
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
          `\n${colors.cyan('Changed')}: ` +
            `${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}\n`,
        );
        try {
          config = await loadConfig(io.cwd, flags.config, overridesOf(flags));
        } catch (error) {
          if (!(error instanceof LeafletError)) throw error;
          io.stderr(
            `${colors.red('error')} ${error.format()}\nFix the config to build again; the last good ` +
              `one is kept until then.\n`,
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
