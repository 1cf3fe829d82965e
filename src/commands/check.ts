// `leaflet check`: the quality checks without a build, for people (text), CI (GitHub annotations) or programs (JSON).

import path from 'node:path';
import { type Command, Option } from 'commander';
import type { CheckOptions } from '../check/check.js';
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { messageOf } from '../errors.js';
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
  // Many articles are checked in worker threads, one a core.
  const workersFor = checkWorkers(config, io.cwd, today);
  // The checks are kept in the build's cache, for the build after (and a build's, for this check).
  const { CACHE_FILE, PrintCache } = await import('../machinery/cache.js');
  const outDir = path.resolve(io.cwd, flags.out);
  const file = path.join(flags.cacheDir ? path.resolve(io.cwd, flags.cacheDir) : outDir, CACHE_FILE);
  const outsideInputs = config.logoPath ? [config.logoPath] : [];
  const store = await PrintCache.open(outDir, { root: io.cwd, file, outsideInputs });
  const shown = path.relative(io.cwd, file) || file;
  if (store.distrusted)
    io.stderr(`${colors.yellow('warning')} ${shown}: the incremental cache was not used: ${store.distrusted}.\n`);
  // The front matter the last build read, recalled as the build would (only a build writes it).
  const { FRONT_MATTER_MEMO_FILE, FrontMatterMemoFile } = await import('../machinery/front-matter-memo.js');
  const frontMatter = await FrontMatterMemoFile.read(path.join(path.dirname(file), FRONT_MATTER_MEMO_FILE));
  const report = await checkArticles({
    config,
    cwd: io.cwd,
    paths,
    strict: flags.strict ?? false,
    today,
    workersFor,
    store,
    frontMatter,
  });
  await store.save().catch((error: unknown) => {
    io.stderr(`${colors.yellow('warning')} could not save the checks in ${shown}: ${messageOf(error)}\n`);
  });
  if (flags.json) printJson(io, report);
  else if (flags.format === 'github') io.stdout(formatCheckGithub(report));
  else io.stdout(formatCheckText(report, colors));
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** The worker threads many articles are checked in, one a core (`leaflet check` and `leaflet report`). */
export function checkWorkers(
  config: ResolvedConfig,
  cwd: string,
  today: string,
): NonNullable<CheckOptions['workersFor']> {
  return async (articles: number) => {
    const [{ articleWork }, { createRenderContext }, { articleChecker, THREAD_TABLE, THREAD_WORKER_FILE }] =
      await Promise.all([
        import('../machinery/threads.js'),
        import('../render/context.js'),
        import('../formats/thread-tasks.js'),
      ]);
    const init = { config, cwd, strictTemplates: false, today, lowPriority: false };
    const ctx = createRenderContext(config, [], { cwd });
    return articleChecker(articleWork({ ctx, articles, init, table: THREAD_TABLE, workerFile: THREAD_WORKER_FILE }));
  };
}
