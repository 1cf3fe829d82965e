// The orchestrator, in the order a build goes: read the articles, start their quality checks, then walk the output
// steps (one per format, each after the steps whose hand-over it reads), and write the report. It knows no format by
// name: what each format does lives in its step (src/steps/).

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Article, Warning } from './articles/article.js';
import { type LoadedArticles, loadArticles } from './articles/load-articles.js';
import { inShard, type Shard } from './articles/shards.js';
import { translationGroups } from './articles/translations.js';
import type { Finding } from './check/findings.js';
import { todayIso } from './check/governance.js';
import { checkKey, type QualityChecks, runQualityChecks, WORKERS_FROM_ARTICLES } from './check/run-checks.js';
import { languagesWithoutDictionary } from './check/spelling.js';
import type { Format, ResolvedConfig } from './config/schema.js';
import { buildFormats } from './config/settings.js';
import { CheckError, InterruptedError, messageOf, NothingToBuildError, WriteError } from './errors.js';
import { STEPS, WHOLE_BUILD_OUTPUTS } from './formats/registry.js';
import type { OutputStep, StepJob, StepRegistry, Upstream } from './formats/step.js';
import { articleChecker, THREAD_TABLE } from './formats/thread-tasks.js';
import { THREAD_WORKER_FILE } from './formats/worker-file.js';
import { BrowserManager, type BrowserPool } from './machinery/browser.js';
import { CACHE_FILE, PrintCache } from './machinery/cache.js';
import { checksAhead, EarlyWorkers, workerCount } from './machinery/early-workers.js';
import { FRONT_MATTER_MEMO_FILE, FrontMatterMemoFile } from './machinery/front-matter-memo.js';
import { lockOutputFolder } from './machinery/lock.js';
import { type BuildEvent, type BuildReport, outputsKept, ReportRecorder, toReported } from './machinery/report.js';
import { type ArticleWork, articleWork } from './machinery/threads.js';
import { WriteStop } from './machinery/write-stop.js';
import { prepareOutputFolder, removeOutputs, writeJsonAtomic } from './machinery/writer.js';
import { brandColors } from './render/colors.js';
import { createRenderContext, loadProjectMessages, type RenderContext, sourceDateOf } from './render/context.js';
import type { Messages } from './render/messages.js';

export type { BuildEvent } from './machinery/report.js';

/** Everything a build needs, already checked (the CLI or a script fills this in). */
export interface BuildOptions {
  /** The config, with the command line's settings (`--format`, `--size`, `--large-print`) as its overrides. */
  config: ResolvedConfig;
  /** The project folder: article paths are relative to it, and shown relative to it. */
  cwd: string;
  /** Article paths, folders or globs; empty for the config's `articles` pattern. */
  paths: string[];
  /** Output root, relative to cwd or absolute. */
  outDir: string;
  /** Parallel PDF renders (default: the number of cores). */
  jobs?: number;
  /** Build articles marked `draft: true` too. */
  drafts?: boolean;
  /** Explicit Chrome/Chromium executable (`--browser`). */
  browser?: string;
  /** Where to look for PUPPETEER_EXECUTABLE_PATH (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Print every leaflet, write every output, even those the incremental cache says are unchanged (`--force`). */
  force?: boolean;
  /** The folder of the incremental cache (`--cache-dir`), relative to cwd or absolute; default the output folder. */
  cacheDir?: string;
  /** Build only this part of the articles (`--shard 2/4`); the others are read, for links and the site's lists. */
  shard?: Shard;
  /** Stops the build: no new work starts, the browser is closed at once, what was written stays complete. */
  signal?: AbortSignal;
  /** The date review dates are checked against (YYYY-MM-DD; default today). */
  today?: string;
  /** Fail on a template variable that is not there, instead of leaving it empty. */
  strictTemplates?: boolean;
  /**
   * Pages to print with, from a browser the caller keeps open across builds (tests share one). Without it, the build
   * launches its own when the first leaflet needs printing and closes it at the end.
   */
  browserPool?: BrowserPool;
  /** The output steps by format (default: every format's step); a test registers a toy format here. */
  steps?: StepRegistry;
  /** Told how many articles were found (in every shard), before they are built. */
  onArticles?: (count: number) => void;
}

/** Build the articles and write out/report.json. Throws only for usage and config errors. */
export async function build(
  options: BuildOptions,
  onEvent: (event: BuildEvent) => void = () => {},
): Promise<BuildReport> {
  const started = Date.now();
  const { config, cwd } = options;
  const outDir = path.resolve(cwd, options.outDir);
  // Checked before anything starts: a SOURCE_DATE_EPOCH no date can hold builds nothing.
  const sourceDate = sourceDateOf(options.env ?? process.env);
  const browser =
    options.browserPool ??
    new BrowserManager({ executablePath: options.browser, jobs: jobsOf(options), env: options.env });
  const launchesBefore = browser.launches;
  // A build that will surely print (--force, or no cache yet) starts its browser now, while the articles are read.
  if (
    !options.browserPool &&
    buildFormats(config, []).some((format) => (options.steps ?? STEPS)[format]?.prints) &&
    (options.force || !existsSync(cacheFile(options, outDir)))
  ) {
    try {
      browser.find();
      browser.warm();
    } catch {
      // No browser: said once, when the first leaflet needs it.
    }
  }
  try {
    return await buildFrom(options, { started, outDir, browser, launchesBefore, sourceDate }, onEvent);
  } finally {
    if (!options.browserPool) await browser.dispose();
  }
}

/** The build, from reading the articles on, with its browser. */
async function buildFrom(
  options: BuildOptions,
  begun: Pick<BuildStart, 'started' | 'outDir' | 'browser' | 'launchesBefore' | 'sourceDate'>,
  onEvent: (event: BuildEvent) => void,
): Promise<BuildReport> {
  const { config, cwd } = options;
  const { outDir } = begun;
  // Front matter read by the last build (or check) is recalled, not parsed again: with --force too, since what a text
  // gives depends on the text alone.
  const frontMatter = await FrontMatterMemoFile.read(
    path.join(path.dirname(cacheFile(options, outDir)), FRONT_MATTER_MEMO_FILE),
  );
  let early: EarlyWorkers | undefined;
  try {
    const every = await loadArticles(config, {
      cwd,
      paths: options.paths,
      drafts: options.drafts ?? false,
      frontMatter,
      onDiscovered: (files) => {
        early = startEarly(options, outDir, files);
      },
    });
    return await buildRead(options, { ...begun, frontMatter, every, early }, onEvent);
  } finally {
    await early?.close();
  }
}

/**
 * Worker threads started as soon as the articles are found, so that they load their modules while the articles are
 * read: when a cold build (no cache) has enough articles for them, and they load what its checks need too. A rebuild
 * most often has little to do. A forced one (--force) makes every output again, but takes the findings of unchanged
 * articles from the cache: its workers start early only for emails and web pages, and load nothing for the checks.
 */
function startEarly(options: BuildOptions, outDir: string, files: number): EarlyWorkers | undefined {
  const workers = workerCount(jobsOf(options));
  const articles = Math.ceil(files / (options.shard?.count ?? 1));
  if (workers === 0 || articles < WORKERS_FROM_ARTICLES) return undefined;
  if (!existsSync(cacheFile(options, outDir)))
    return new EarlyWorkers(THREAD_WORKER_FILE, workers, checksAhead(options.config));
  const steps = options.steps ?? STEPS;
  const threaded = buildFormats(options.config, []).some((format) => !steps[format]?.prints);
  return options.force && threaded ? new EarlyWorkers(THREAD_WORKER_FILE, workers) : undefined;
}

/** The build, once its articles are read. */
async function buildRead(
  options: BuildOptions,
  {
    started,
    outDir,
    browser,
    launchesBefore,
    sourceDate,
    frontMatter,
    every,
    early,
  }: Pick<BuildStart, 'started' | 'outDir' | 'browser' | 'launchesBefore' | 'sourceDate' | 'frontMatter' | 'every'> & {
    early: EarlyWorkers | undefined;
  },
  onEvent: (event: BuildEvent) => void,
): Promise<BuildReport> {
  const { config, cwd } = options;
  const shown = (file: string): string => path.relative(cwd, file) || file;
  options.onArticles?.(every.articles.length);
  const loaded = shardOf(every, options.shard);
  // Every shard builds the same formats, and links to every article.
  const formats = buildFormats(config, every.articles);
  const steps: StepRegistry = options.steps ?? STEPS;
  const missing = formats.filter((format) => !steps[format]);
  if (missing.length > 0) throw new Error(`no output step for the format "${missing.join('", "')}"`);
  // The project's message catalogues are checked before the output folder is touched: a bad one builds nothing.
  const messages = loadProjectMessages(config, cwd);

  const recorder = new ReportRecorder(
    { startedAt: started, outDir: shown(outDir), formats, shard: options.shard },
    onEvent,
  );
  await prepareOutputFolder(outDir).catch((error: unknown) => {
    throw error instanceof WriteError ? error.shownFrom(cwd) : error;
  });
  const lock = await lockOutputFolder(outDir, {
    signal: options.signal,
    onWait: (pid) =>
      recorder.warn({
        file: shown(outDir),
        message: `another build (process ${pid}) is writing to this folder: waiting for it to finish.`,
      }),
  }).catch((error: unknown) => {
    throw error instanceof WriteError ? error.shownFrom(cwd) : error;
  });
  try {
    return await buildLocked(options, {
      started,
      outDir,
      shown,
      loaded,
      every,
      formats,
      steps,
      recorder,
      browser,
      launchesBefore,
      sourceDate,
      messages,
      frontMatter,
      early,
    });
  } finally {
    await lock.release();
  }
}

/** Where the incremental cache of this build is kept. */
function cacheFile(options: BuildOptions, outDir: string): string {
  return path.join(options.cacheDir ? path.resolve(options.cwd, options.cacheDir) : outDir, CACHE_FILE);
}

/** What `build` has found before it takes the output folder's lock. */
interface BuildStart {
  started: number;
  outDir: string;
  shown: (file: string) => string;
  /** The articles of this build (of its shard, when split). */
  loaded: LoadedArticles;
  /** Every article found, in every shard. */
  every: LoadedArticles;
  formats: Format[];
  steps: StepRegistry;
  recorder: ReportRecorder;
  /** The browser: the caller's, or one of the build's own, launched when the first leaflet needs it (or earlier). */
  browser: BrowserPool;
  /** Its launches before this build, so that the report counts this build's. */
  launchesBefore: number;
  /** SOURCE_DATE_EPOCH, checked: the date every output carries. */
  sourceDate: Date | undefined;
  /** The front matter this build read, written beside the cache for the next. */
  frontMatter: FrontMatterMemoFile;
  /** The message catalogues, checked. */
  messages: Messages;
  /** Worker threads started while the articles were read, if any. */
  early: EarlyWorkers | undefined;
}

/** The build, once it alone writes to the output folder: the cache, the render context and the per-article work. */
async function buildLocked(options: BuildOptions, start: BuildStart): Promise<BuildReport> {
  const { config, cwd } = options;
  const file = cacheFile(options, start.outDir);
  const cache = await PrintCache.open(start.outDir, {
    ignore: options.force ?? false,
    root: cwd,
    file,
    outsideInputs: config.logoPath ? [config.logoPath] : [],
  });
  // The cache may come back from a CI cache or artifact: one that cannot be trusted is not obeyed, and the build says
  // so.
  if (cache.distrusted)
    start.recorder.warn({
      file: start.shown(file),
      message:
        `the incremental cache was not used: ${cache.distrusted}. Everything is built again, ` +
        `and the cache written anew.`,
    });
  const strictTemplates = options.strictTemplates ?? false;
  // A build of some articles still links each to its translations among all the project's articles.
  const translations =
    options.paths.length > 0
      ? translationGroups(
          (
            await loadArticles(config, {
              cwd,
              paths: [],
              drafts: options.drafts ?? false,
              frontMatter: start.frontMatter,
            })
          ).articles,
        )
      : undefined;
  // Every article is read now: the memo keeps what it will save, and no more.
  start.frontMatter.settle();
  const ctx = createRenderContext(config, start.every.articles, {
    cwd,
    strictTemplates,
    sourceDate: start.sourceDate,
    translations,
    messages: start.messages,
  });
  const today = options.today ?? todayIso();
  // Threads beside the browser: while leaflets print, they take only the time the browser leaves.
  const printing = start.formats.some((format) => start.steps[format]?.prints);
  const init = { config, cwd, strictTemplates, today, lowPriority: printing };
  const work = articleWork({
    ctx,
    articles: start.loaded.articles.length,
    threads: jobsOf(options),
    init,
    table: THREAD_TABLE,
    workerFile: THREAD_WORKER_FILE,
    early: start.early,
  });
  // Ctrl-C, or a full disk: no new work starts.
  const halt = new WriteStop(options.signal);
  const stop = (): void => void work.close();
  halt.signal.addEventListener('abort', stop, { once: true });
  try {
    return await buildArticles(options, start, { cache, ctx, work, today, halt });
  } finally {
    halt.signal.removeEventListener('abort', stop);
    await work.close();
  }
}

/** What the build makes its outputs with. */
interface BuildTools {
  cache: PrintCache;
  ctx: RenderContext;
  work: ArticleWork;
  today: string;
  /** Stops the build's work at Ctrl-C or at the first write that found the disk full (which it keeps, to say once). */
  halt: WriteStop;
}

/** Check and build the articles, and write the report. */
async function buildArticles(options: BuildOptions, start: BuildStart, tools: BuildTools): Promise<BuildReport> {
  const { config } = options;
  const { shown, loaded, recorder } = start;
  // Then, once a build: a language with no catalogue, or phrases one lacks (said in English meanwhile).
  const langs = new Set(loaded.articles.map((article) => article.lang));
  for (const warning of [
    ...loaded.warnings,
    ...configWarnings(config, shown),
    ...tools.ctx.messages.gaps(langs, shown),
  ]) {
    recorder.warn(warning);
  }
  const checking = startChecks(loaded, start.every.articles, options, tools, recorder);
  const articles = await checking.buildable;
  for (const failed of loaded.failed) recorder.articleFailed(failed.shownPath, failed.error);
  for (const { article, reason } of loaded.skipped) recorder.articleSkipped(article, reason);
  // A shard may have nothing of its own; a build whose every shard has nothing has found nothing.
  const nothing = nothingToBuild(start.every, options);
  if (nothing) recorder.error(nothing);
  recorder.start(articles);
  try {
    await buildOutputs(options, start, tools, articles);
  } finally {
    // The findings go into the cache too, so the checks finish first (unless the build was stopped).
    await checking.done.catch(() => undefined);
    await tools.cache.save().catch((error: unknown) => {
      if (!tools.halt.take(shownError(error, options.cwd)))
        recorder.warn({
          file: shown(start.outDir),
          message: `could not save the incremental cache: ${messageOf(error)}`,
        });
    });
    // Beside the cache; a memo not saved only means front matter parsed again next time.
    await start.frontMatter
      .save(path.join(path.dirname(cacheFile(options, start.outDir)), FRONT_MATTER_MEMO_FILE))
      .catch((error: unknown) => tools.halt.take(shownError(error, options.cwd)));
  }
  const checks = await checking.done.catch((error: unknown) => {
    if (!(error instanceof InterruptedError))
      recorder.warn({
        file: shown(options.cwd),
        message: `the quality checks could not run: ${messageOf(error)}. Run "leaflet check" to see them.`,
      });
    return undefined;
  });
  const { browser, launchesBefore } = start;
  const report = recorder.finish({
    durationMs: Date.now() - start.started,
    browserLaunches: browser.launches - launchesBefore,
    workerThreads: tools.work.started,
    checks: checks && {
      checked: checks.checked,
      cached: checks.cached,
      thread: checks.thread,
      ...noDictionary(loaded.articles, config),
    },
    checkWarnings: warningCounts(checks),
    interrupted: options.signal?.aborted ?? false,
    stopped: tools.halt.error && ((kept) => tools.halt.message(kept)),
  });
  await writeReport(report, start, tools.halt, options.cwd);
  return report;
}

/** Run the output steps over `articles`, then (in a whole build) delete what is gone and print the standard packs. */
async function buildOutputs(
  options: BuildOptions,
  start: BuildStart,
  tools: BuildTools,
  articles: readonly Article[],
): Promise<void> {
  const { config, cwd } = options;
  const { outDir, shown, loaded, formats, steps, recorder, browser } = start;
  const { cache, ctx, work, halt } = tools;
  const stop = (): void => void browser.dispose();
  if (!options.browserPool) halt.signal.addEventListener('abort', stop, { once: true });
  try {
    // What every output is made from besides its article and templates (hashed once, not once an output).
    const sharedKey = cache.inputKey({
      config: cacheableConfig(config),
      slugs: [...ctx.slugsByFile],
      translations: [...ctx.translations],
      sourceDate: ctx.sourceDate?.toISOString(),
    });
    const job = (step: OutputStep): StepJob => ({
      articles: articles.filter((article) => article.formats.includes(step.format)),
      ctx,
      cwd,
      outDir,
      cache,
      sharedKey,
      browser,
      work,
      jobs: jobsOf(options),
      partial: options.paths.length > 0,
      shard: options.shard,
      everyArticle: start.every.articles.filter((article) => article.formats.includes(step.format)),
      signal: halt.signal,
      shown,
      warn: (warning) => recorder.warn(warning),
      output: (article, make) => recordOutput(cwd, recorder, step.format, article, make, halt, shown),
      shared: (files) => recorder.shared(files.map(shown)),
      fail: (error, file) => {
        if (!halt.take(shownError(error, cwd))) recorder.error(error, file ? { file, format: step.format } : undefined);
      },
    });
    await runSteps(formats, steps, job);
    const whole = options.paths.length === 0 && !halt.signal.aborted;
    if (whole) await removeGone(formats, loaded, cache, outDir).catch((error: unknown) => recorder.error(error));
    // The standard packs go with the leaflets of a whole build (in a split build, with the first part's).
    const { standardPacks } = WHOLE_BUILD_OUTPUTS;
    const follows = steps[standardPacks.follows];
    if (whole && follows && formats.includes(follows.format) && (options.shard?.index ?? 1) === 1) {
      const drafts = start.every.skipped.map(({ article }) => article);
      const packs = await standardPacks.make(job(follows), { every: start.every.articles, drafts });
      recorder.packs(
        packs.map((pack) =>
          halt.take(shownError(pack.error, cwd)) ? { ...pack, error: new InterruptedError(NOT_WRITTEN) } : pack,
        ),
      );
    }
  } finally {
    if (!options.browserPool) {
      halt.signal.removeEventListener('abort', stop);
      await browser.dispose();
    }
  }
}

/** Why an output was not built, once the disk was found full (the build says the rest once). */
const NOT_WRITTEN = 'not built: the disk is full';

/**
 * Write out/report.json. When it cannot be written, the report of the last build is deleted (so that it is not read
 * as this build's), and the report handed back says why.
 */
async function writeReport(report: BuildReport, start: BuildStart, halt: WriteStop, cwd: string): Promise<void> {
  const file = path.join(start.outDir, 'report.json');
  try {
    await writeJsonAtomic(file, report, 2);
  } catch (error) {
    const last =
      existsSync(file) &&
      (await rm(file, { force: true }).then(
        () => true,
        () => false,
      ));
    const unwritten =
      `${start.shown(file)} could not be ` +
      `written${last ? " (the last build's was " + "deleted, so that it is not taken for this one's)" : ''}.`;
    // The line that says the build stopped is the report's last error; when this write is what found the disk full,
    // it is said now.
    const stopped = halt.error ? report.errors.at(-1) : undefined;
    if (stopped) stopped.message = `${stopped.message} ${unwritten}`;
    else if (halt.take(shownError(error, cwd)))
      report.errors.push({ code: 'WRITE', message: `${halt.message(outputsKept(report))} ${unwritten}` });
    else report.errors.push(toReported(shownError(error, cwd)));
    report.ok = false;
  }
}

/**
 * Run the steps of `formats`, each once the steps in its `after` list have handed over (a step outside this build
 * hands over what it kept from earlier builds). Steps that need nothing from each other run side by side.
 */
async function runSteps(
  formats: readonly Format[],
  steps: StepRegistry,
  job: (step: OutputStep) => StepJob,
): Promise<void> {
  const running = new Map<Format, Promise<unknown>>();
  const stepOf = (format: Format): OutputStep => {
    const step = steps[format];
    if (!step) throw new Error(`no output step for the format "${format}"`);
    return step;
  };
  const handover = (format: Format): Promise<unknown> => {
    const step = stepOf(format);
    if (!formats.includes(format)) return Promise.resolve(step.kept(job(step)));
    let run = running.get(format);
    if (!run) {
      run = (async () => {
        const beside: Upstream = Object.fromEntries((step.beside ?? []).map((other) => [other, handover(other)]));
        const upstream: Upstream = {
          ...beside,
          ...Object.fromEntries(await Promise.all(step.after.map(async (before) => [before, await handover(before)]))),
        };
        return step.run(job(step), upstream);
      })();
      running.set(format, run);
    }
    return run;
  };
  await Promise.all(
    formats.map((format) =>
      handover(format).catch((error: unknown) => {
        const failed = job(stepOf(format));
        failed.fail(error, failed.shown(path.join(failed.outDir, format)));
      }),
    ),
  );
}

/** Make one output of one article, recording what was written, or why it failed. */
async function recordOutput(
  cwd: string,
  recorder: ReportRecorder,
  format: Format,
  article: Article,
  make: () => Promise<{ files: string[]; unchanged?: boolean; pages?: number }>,
  halt: WriteStop,
  shown: (file: string) => string,
): Promise<boolean> {
  try {
    if (halt.signal.aborted) throw new InterruptedError(halt.error ? NOT_WRITTEN : undefined);
    const written = await make();
    recorder.output(article, format, written.files.map(shown), written.unchanged ?? false, written.pages);
    return true;
  } catch (error) {
    const failure = shownError(error, cwd);
    // A full disk is said once, for the build: each output it stopped is only "not built".
    recorder.outputFailed(article, format, halt.take(failure) ? new InterruptedError(NOT_WRITTEN) : failure);
    return false;
  }
}

/** A WriteError with its path shown as the user is shown paths; any other error as it is. */
function shownError(error: unknown, cwd: string): unknown {
  return error instanceof WriteError ? error.shownFrom(cwd) : error;
}

/**
 * Start the quality checks. They run while the articles are built, unless the config makes a rule an error: then an
 * article that breaks it is stopped before it is built (`buildable` waits for the checks).
 */
function startChecks(
  loaded: LoadedArticles,
  every: readonly Article[],
  options: BuildOptions,
  tools: BuildTools,
  recorder: ReportRecorder,
): { done: Promise<QualityChecks>; buildable: Promise<Article[]> } {
  const { config } = options;
  const { cache, work, today } = tools;
  const done = runQualityChecks(loaded.articles, {
    store: cache,
    keyOf: (article) => checkKey(cache, article, config, today),
    checker: articleChecker(work),
    every,
    rules: config.check.rules,
  });
  done.catch(() => undefined); // awaited by the build; this only keeps an early failure from going unhandled
  if (!Object.values(config.check.rules).includes('error'))
    return { done, buildable: Promise.resolve(loaded.articles) };
  const buildable = done.then((checks) =>
    loaded.articles.filter((article) => {
      const error = checks.findings.get(article)?.find((finding: Finding) => finding.severity === 'error');
      if (!error) return true;
      const message = `${error.message} (check "${error.rule}" is an error in this config; "leaflet check" lists every finding)`;
      recorder.articleFailed(
        article.shownPath,
        new CheckError(message, { file: article.shownPath, ...(error.line ? { line: error.line } : {}) }),
      );
      return false;
    }),
  );
  return { done, buildable };
}

/** The languages whose spelling is not checked (leaflet has no dictionary for them), said once a build. */
function noDictionary(articles: readonly Article[], config: ResolvedConfig): { noDictionary?: string[] } {
  const langs = languagesWithoutDictionary(articles, config);
  return langs.length > 0 ? { noDictionary: langs } : {};
}

/** Quality warnings per article, by the path the report shows. */
function warningCounts(checks: QualityChecks | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [article, findings] of checks?.findings ?? []) {
    const warnings = findings.filter((finding) => finding.severity === 'warning').length;
    if (warnings > 0) counts.set(article.shownPath, warnings);
  }
  return counts;
}

/** What the config says that a clinic should know before reading the outputs. */
function configWarnings(config: ResolvedConfig, shown: (file: string) => string): Warning[] {
  const colors = brandColors(config.clinic.colors);
  if (!colors.adjusted) return [];
  return [
    {
      file: config.file ? shown(config.file) : 'leaflet.config',
      message:
        `clinic.colors.primary ${colors.adjusted.from} is too light for text (contrast ` +
        `${colors.adjusted.contrast}:1, at least 4.5:1 is needed), ` +
        `so headings use ${colors.adjusted.to}. Choose a darker primary colour to use your own for text.`,
    },
  ];
}

/** The config as the cache keys see it: which formats this run makes changes no output's content. */
/**
 * After a full build, delete the outputs of articles that are gone, now drafts, or no longer in a format; failed ones
 * keep theirs.
 */
async function removeGone(
  formats: readonly Format[],
  loaded: LoadedArticles,
  cache: PrintCache,
  outDir: string,
): Promise<void> {
  for (const format of formats) {
    const keep = new Set(
      [...loaded.articles.filter((article) => article.formats.includes(format)), ...loaded.failed].map(
        (article) => article.file,
      ),
    );
    await removeOutputs(cache.prune(format, keep), outDir);
  }
}

/** The part of what was found that belongs to `shard` (all of it when the build is not split). */
function shardOf(found: LoadedArticles, shard: Shard | undefined): LoadedArticles {
  if (!shard) return found;
  const slugs = new Map(
    [...found.articles, ...found.skipped.map(({ article }) => article)].map((article) => [
      article.shownPath,
      article.slug,
    ]),
  );
  return {
    articles: found.articles.filter((article) => inShard(article.slug, shard)),
    skipped: found.skipped.filter(({ article }) => inShard(article.slug, shard)),
    failed: found.failed.filter((failed) => inShard(failed.shownPath, shard)),
    // An article's warnings go with it; any other (none yet) with the first shard.
    warnings: found.warnings.filter((warning) => {
      const slug = slugs.get(warning.file);
      return slug ? inShard(slug, shard) : inShard(warning.file, shard);
    }),
  };
}

/** The error of a build that found nothing to build, if it did; articles that failed are errors of their own. */
function nothingToBuild(loaded: LoadedArticles, options: BuildOptions): NothingToBuildError | undefined {
  if (loaded.articles.length > 0 || loaded.failed.length > 0) return undefined;
  const drafts = loaded.skipped.length;
  if (drafts > 0) {
    return new NothingToBuildError(
      `every article found is a draft (${drafts}), so nothing was built. Build them with --drafts, ` +
        `or set "draft: false" in those that are ready.`,
    );
  }
  const where = options.paths.length > 0 ? options.paths.join(', ') : [options.config.articles].flat().join(', ');
  return new NothingToBuildError(
    `no articles found in ${where}, so nothing was built. Write one with: leaflet new "Title", or check the path.`,
  );
}

function cacheableConfig(config: ResolvedConfig): object {
  return { ...config, overrides: { ...config.overrides, formats: undefined } };
}

function jobsOf(options: BuildOptions): number {
  return Math.max(1, options.jobs ?? os.availableParallelism());
}
