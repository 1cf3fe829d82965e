// `leaflet check`: the quality checks without a build, for people (text), CI (GitHub annotations) or programs (JSON).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { CheckOptions } from '../check/check.js';
import { type FindingsStore, WORKERS_FROM_ARTICLES } from '../check/run-checks.js';
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { messageOf } from '../errors.js';
import { THREAD_WORKER_FILE } from '../formats/worker-file.js';
import { checksAhead, EarlyWorkers, workerCount } from '../machinery/early-workers.js';
import type { FrontMatterMemoFile } from '../machinery/front-matter-memo.js';
import { CONFIG_HELP, EXIT, type Exit, parseDate, printJson, type Run } from './command.js';

interface CheckFlags {
  out: string;
  cacheDir?: string;
  config?: string;
  strict?: boolean;
  json?: boolean;
  format: 'text' | 'github';
  today?: string;
}

export function addCheckCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('check')
    .description(
      'check articles without building them: errors that stop a build, review dates, reading grade, ' +
        'jargon and structure',
    )
    .argument('[paths...]', 'article files, folders or globs (default: every article, drafts too)')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('-o, --out <dir>', "the build's output folder, whose incremental cache the checks share", 'out')
    .option('--cache-dir <dir>', 'folder of the incremental cache, as for build (default: the output folder)')
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

async function runCheck(paths: string[], flags: CheckFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { checkArticles } = await import('../check/check.js');
  const { formatCheckGithub, formatCheckText } = await import('../check/format.js');
  const { todayIso } = await import('../check/governance.js');
  const today = flags.today ?? todayIso();
  // The checks are kept in the build's cache, for the build after (and a build's, for this check).
  const warn = (message: string): void => io.stderr(`${colors.yellow('warning')} ${message}\n`);
  // A check of every article leaves the front matter it read for the build after it (CI checks, then builds).
  const every = paths.length === 0;
  const report = await withSharedChecks({ config, cwd: io.cwd, flags, today, warn, every }, (shared) =>
    checkArticles({ config, cwd: io.cwd, paths, strict: flags.strict ?? false, today, ...shared }),
  );
  if (flags.json) printJson(io, report);
  else if (flags.format === 'github') io.stdout(formatCheckGithub(report));
  else io.stdout(formatCheckText(report, colors));
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** Where the build keeps its output, as `check` and `report` are told it (`--out`, `--cache-dir`). */
export interface CacheFlags {
  out: string;
  cacheDir?: string;
}

/** The build's incremental cache and its front matter, opened for the checks of `leaflet check` or `leaflet report`. */
interface SharedChecks {
  store: FindingsStore;
  /** No cache was there (or it was not trusted): every article will be checked. */
  cold: boolean;
  frontMatter: FrontMatterMemoFile;
  /**
   * Keep this run's checks in the cache, for the next build or check, and (`every`: it read every article) the front
   * matter it read beside it; a failure is only warned of.
   */
  save(every: boolean): Promise<void>;
}

/**
 * Open the build's cache to share the quality checks with it: an article whose checks a build (or an earlier check)
 * made, with nothing they depend on changed, is not checked again; the checks made now are kept for the next build.
 * The front matter the last build (or check of every article) read is recalled as the build would.
 */
async function openSharedChecks(
  config: ResolvedConfig,
  cwd: string,
  flags: CacheFlags,
  warn: (message: string) => void,
): Promise<SharedChecks> {
  const [{ CACHE_FILE, PrintCache }, { FRONT_MATTER_MEMO_FILE, FrontMatterMemoFile }] = await Promise.all([
    import('../machinery/cache.js'),
    import('../machinery/front-matter-memo.js'),
  ]);
  const outDir = path.resolve(cwd, flags.out);
  const file = path.join(flags.cacheDir ? path.resolve(cwd, flags.cacheDir) : outDir, CACHE_FILE);
  const outsideInputs = config.logoPath ? [config.logoPath] : [];
  const store = await PrintCache.open(outDir, { root: cwd, file, outsideInputs });
  const shown = path.relative(cwd, file) || file;
  if (store.distrusted) warn(`${shown}: the incremental cache was not used: ${store.distrusted}.`);
  const memoFile = path.join(path.dirname(file), FRONT_MATTER_MEMO_FILE);
  const frontMatter = await FrontMatterMemoFile.read(memoFile);
  return {
    store,
    cold: store.distrusted !== undefined || !existsSync(file),
    frontMatter,
    save: async (every) => {
      await store.save().catch((error: unknown) => warn(`could not save the checks in ${shown}: ${messageOf(error)}`));
      // Only a memo of every article: one of a few would leave the build to parse the others again.
      if (every) await frontMatter.save(memoFile).catch(() => undefined);
    },
  };
}

/** What the checks of `leaflet check` and `leaflet report` share with builds: the cache, its front matter, threads. */
export type SharedCheckOptions = Pick<CheckOptions, 'workersFor' | 'onDiscovered' | 'store' | 'frontMatter'>;

/**
 * Run `checks` with the build's cache and worker threads (see `openSharedChecks` and `checkThreads`), then keep what
 * they found in the cache (unless `save` is false: the cache is only read) and end the threads.
 */
export async function withSharedChecks<T>(
  where: {
    config: ResolvedConfig;
    cwd: string;
    flags: CacheFlags;
    today: string;
    warn: (message: string) => void;
    save?: boolean;
    /** The checks read every article (no paths given): the front matter they read is kept for the next build. */
    every?: boolean;
  },
  checks: (shared: SharedCheckOptions) => Promise<T>,
): Promise<T> {
  const { config, cwd, flags, today, warn, save = true, every = false } = where;
  const shared = await openSharedChecks(config, cwd, flags, warn);
  // Many articles are checked in worker threads, one a core.
  const threads = checkThreads(config, cwd, today, shared.cold);
  const found = await checks({
    workersFor: threads.workersFor,
    onDiscovered: threads.onDiscovered,
    store: shared.store,
    frontMatter: shared.frontMatter,
  }).finally(() => threads.close());
  if (save) await shared.save(every);
  return found;
}

/** The worker threads of `leaflet check` and `leaflet report`. */
interface CheckThreads {
  workersFor: NonNullable<CheckOptions['workersFor']>;
  /** Told how many article files were found: a cold run of many starts its workers then, to load while it reads. */
  onDiscovered(files: number): void;
  /** End the threads started early that the checks did not take. */
  close(): Promise<void>;
}

/**
 * The worker threads many articles are checked in, one a core, this thread checking beside them. When the run is
 * `cold` (no cache to take findings from) and finds many articles, they are started as soon as the files are counted
 * (as a cold build starts its own), so that they load their modules while the articles are read.
 */
function checkThreads(config: ResolvedConfig, cwd: string, today: string, cold: boolean): CheckThreads {
  let early: EarlyWorkers | undefined;
  return {
    onDiscovered(files) {
      const workers = workerCount();
      if (cold && files >= WORKERS_FROM_ARTICLES && workers > 0)
        early = new EarlyWorkers(THREAD_WORKER_FILE, workers, checksAhead(config));
    },
    async workersFor(articles) {
      // The formats' modules, which a check of few articles never loads (one article answers within a second).
      const [{ articleWork }, { createRenderContext }, { articleChecker, THREAD_TABLE }] = await Promise.all([
        import('../machinery/threads.js'),
        import('../render/context.js'),
        import('../formats/thread-tasks.js'),
      ]);
      const init = { config, cwd, strictTemplates: false, today, lowPriority: false };
      const ctx = createRenderContext(config, [], { cwd });
      const work = articleWork({
        ctx,
        articles,
        init,
        table: THREAD_TABLE,
        workerFile: THREAD_WORKER_FILE,
        early,
        // This thread checks too: it has nothing else to do.
        checksHere: true,
      });
      return articleChecker(work);
    },
    async close() {
      await early?.close();
    },
  };
}
