// `leaflet merge-reports`: join the shards of a split build (`build --shard i/n`, one CI runner each) into one output
// folder, as one build of every article would have written it: each shard's files, the pages that list every article
// (index, tag pages, sitemap, feed), and one report.
//
// The shards' folders come back as CI artifacts, so each report is untrusted until it passes: it is checked against
// the report's schema, every shard must be there once (and no more parts claimed than reports given), and every file
// it lists must be a file inside its own folder, all before anything is copied. Then only the files the reports list
// are copied, never the folders around them.

import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { Article, Warning } from '../../articles/article.js';
import { loadArticles } from '../../articles/load-articles.js';
import { isInside } from '../../articles/local-files.js';
import type { Shard } from '../../articles/shards.js';
import { FORMATS, issueInWords, type ResolvedConfig } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { STEPS } from '../../formats/registry.js';
import { type ArticleResult, type BuildReport, buildReportSchema, type ReportedError } from '../../machinery/report.js';
import { copyFileAtomic, prepareOutputFolder, writeJsonAtomic } from '../../machinery/writer.js';
import { createRenderContext, loadProjectMessages } from '../../render/context.js';
import { LOCALES_DIR, type Messages } from '../../render/messages.js';
import { TOOL_VERSION } from '../../version.js';

export interface MergeOptions {
  config: ResolvedConfig;
  /** The project folder (the articles are read from it for the lists). */
  cwd: string;
  /** The shards' report.json files, or globs of them (`out-*\/report.json`). */
  reports: string[];
  /** The folder to write the whole build to. */
  outDir: string;
}

/** One shard's report, the folder it was written in, and the files it lists (relative to that folder). */
interface ShardReport {
  /** The report file as the user is shown it. */
  shown: string;
  dir: string;
  report: BuildReport & { shard: Shard };
  files: string[];
}

/** A report larger than this is not one leaflet wrote (10,000 articles make about 6 MB). */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** The folders a shard's report may list files in: one per format, and the standard packs. */
const OUTPUT_FOLDERS = new Set<string>([...FORMATS, 'packs']);

/** Join the shards' outputs and reports into `outDir`; returns the joined report (also written as report.json). */
export async function mergeReports(options: MergeOptions): Promise<BuildReport> {
  const outDir = path.resolve(options.cwd, options.outDir);
  const sources = sourceFolders(options.config);
  refuseOutputFolder(outDir, options, sources);
  const shards = await readShards(options, sources);
  // The catalogues are checked before anything is copied: a mistake in one stops the merge with nothing written.
  const messages = loadProjectMessages(options.config, options.cwd);
  await prepareOutputFolder(outDir);
  for (const shard of shards) {
    if (path.resolve(shard.dir) === outDir) continue;
    for (const file of shard.files) await copyFileAtomic(path.join(shard.dir, file), path.join(outDir, file));
  }
  const report = joinReports(shards, options);
  const written = await joinFormats(options, outDir, report, messages);
  if (written.length > 0) {
    report.shared = [
      ...new Set([...(report.shared ?? []), ...written.map((file) => path.relative(options.cwd, file))]),
    ].sort();
  }
  await writeJsonAtomic(path.join(outDir, 'report.json'), report, 2);
  return report;
}

/**
 * The project's own folders of sources (articles, exercises, packs, templates, catalogues): no shard's or merge's
 * output goes there.
 */
function sourceFolders(config: ResolvedConfig): string[] {
  const base = (pattern: string): string =>
    path.resolve(config.root, pattern.split(/[*?[{]/)[0]?.replace(/[^/]*$/, '') ?? '.');
  const folders = [...[config.articles].flat(), ...[config.packs].flat()].map(base);
  return [...new Set([...folders, config.templatesDir, path.join(config.root, LOCALES_DIR)])].filter(
    (folder) => folder !== config.root,
  );
}

/** Whether `folder` is `other` or inside it. */
function within(folder: string, other: string): boolean {
  return folder === other || isInside(other, folder);
}

/** Refuse an output folder that is the project, holds it, or lies among its sources: the merge writes into it. */
function refuseOutputFolder(outDir: string, options: MergeOptions, sources: readonly string[]): void {
  const shown = path.relative(options.cwd, outDir) || '.';
  if (within(options.config.root, outDir))
    throw new UsageError(
      `--out ${shown} is the project folder or holds it: choose an output folder of its own, like --out out.`,
    );
  const source = sources.find((folder) => within(outDir, folder));
  if (source)
    throw new UsageError(
      `--out ${shown} is inside the project's sources ` +
        `(${path.relative(options.cwd, source) || '.'}): choose an output folder of its own, like --out out.`,
    );
}

/**
 * The reports named, each checked to be a shard's report in a shard's folder, and together every shard of one build.
 */
async function readShards(options: MergeOptions, sources: readonly string[]): Promise<ShardReport[]> {
  const files = (await glob(options.reports, { cwd: options.cwd, absolute: true, onlyFiles: true })).sort();
  if (files.length === 0)
    throw new UsageError(
      `no report found at ${options.reports.join(', ')}: give the report.json of each shard, like out-*/report.json.`,
    );
  const shards: ShardReport[] = [];
  for (const file of files) shards.push(await readShard(file, options, sources));
  const [first] = shards;
  if (!first) throw new UsageError('no shard to merge.');
  const { count } = first.report.shard;
  const split = shards.find(({ report }) => report.shard.count !== count);
  if (split)
    throw new UsageError(
      `is of a build split ${split.report.shard.count} ways, and ${first.shown} of one split ` +
        `${count} ways: give the shards of one build.`,
      { file: split.shown },
    );
  const formats = shards.find(({ report }) => report.formats.join() !== first.report.formats.join());
  if (formats)
    throw new UsageError(
      `is of a build of ${formats.report.formats.join(', ')}, and ${first.shown} of ` +
        `${first.report.formats.join(', ')}: build every shard with the same --format.`,
      { file: formats.shown },
    );
  const byIndex = new Map<number, ShardReport>();
  for (const shard of shards) {
    const twin = byIndex.get(shard.report.shard.index);
    if (twin)
      throw new UsageError(
        `is of shard ${shard.report.shard.index}/${count}, as ${twin.shown} is: give each shard's report once.`,
        { file: shard.shown },
      );
    byIndex.set(shard.report.shard.index, shard);
  }
  if (byIndex.size < count)
    throw new UsageError(
      `the report of ${missingShards(byIndex, count)} is missing (${byIndex.size} of ${count} ` +
        `given): every shard must be built before the merge.`,
    );
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, shard]) => shard);
}

/** The first few shards of `count` with no report, in words; counted without listing a claimed count's every part. */
function missingShards(given: ReadonlyMap<number, unknown>, count: number): string {
  const shown: string[] = [];
  // With fewer reports than parts, a missing one is among the first (given + 1) indexes: the loop stays short.
  for (let index = 1; index <= count && shown.length < 5; index += 1)
    if (!given.has(index)) shown.push(`shard ${index}/${count}`);
  const more = count - given.size - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * One report, read and checked: a shard's report of this version, in a shard's folder, listing files that are there.
 */
async function readShard(file: string, options: MergeOptions, sources: readonly string[]): Promise<ShardReport> {
  const shown = path.relative(options.cwd, file) || file;
  const refuse = (message: string): never => {
    throw new UsageError(message, { file: shown });
  };
  const dir = path.dirname(file);
  if (within(options.config.root, dir))
    refuse(
      "sits in the project folder, not in a shard's output folder: give the report.json that " +
        '"leaflet build --shard i/n" wrote into its output folder, like out-1/report.json.',
    );
  const source = sources.find((folder) => within(dir, folder));
  if (source)
    refuse(
      `sits among the project's sources (${path.relative(options.cwd, source)}), not in a shard's ` +
        `output folder: give the report.json that "leaflet build --shard i/n" wrote into its output folder, ` +
        `like out-1/report.json.`,
    );
  if ((await stat(file)).size > MAX_REPORT_BYTES)
    refuse(
      `is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB: it is not a build report (report.json) that leaflet wrote.`,
    );
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    refuse('is not a build report (report.json) that leaflet wrote: it is not JSON.');
  }
  const checked = buildReportSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    refuse(
      `is not a build report (report.json) that leaflet wrote ` +
        `(${
          issue
            ? `at ${issue.path.map(String).join('.') || 'the top'}: ` + `${issueInWords(issue)}`
            : 'its shape is wrong'
        }).`,
    );
  }
  const report = checked.data as BuildReport;
  if (report.version !== TOOL_VERSION)
    refuse(
      `was written by leaflet ${report.version}, and this is leaflet ${TOOL_VERSION}: build every ` +
        `shard and merge them with the same version.`,
    );
  if (!report.shard) refuse('is the report of a whole build, not of a shard: build each part with --shard i/n.');
  return { shown, dir, report: report as BuildReport & { shard: Shard }, files: listedFiles(report, dir, refuse) };
}

/**
 * Every file `report` lists (articles' outputs, packs, the site's shared files), relative to its folder `dir`, each
 * checked to be a file there.
 */
function listedFiles(report: BuildReport, dir: string, refuse: (message: string) => never): string[] {
  const listed = [
    ...report.articles.flatMap((article) =>
      article.outputs.flatMap((output) => (output.status === 'built' ? output.files : [])),
    ),
    ...(report.packs ?? []).flatMap((pack) => (pack.output ? [pack.output] : [])),
    ...(report.shared ?? []),
  ];
  const files = new Set<string>();
  for (const file of listed) {
    const relative = inOutDir(report.outDir, file);
    if (relative === undefined)
      refuse(
        `lists "${file}", which is not in its output folder (${report.outDir}): merge only reports ` +
          `that leaflet wrote, as it wrote them.`,
      );
    const source = path.join(dir, relative);
    if (!isInside(dir, source))
      refuse(
        `lists "${file}", which leads out of its folder (a link elsewhere): merge only the output ` +
          `folders that leaflet wrote.`,
      );
    if (!statSync(source, { throwIfNoEntry: false })?.isFile())
      refuse(
        `lists "${file}", which is not in its folder: keep each shard's whole output folder (upload ` +
          `all of it as the CI artifact).`,
      );
    files.add(relative);
  }
  return [...files].sort();
}

/** `file` (as a report lists it) relative to the output folder `outDir`, when it lies in one of its format folders. */
function inOutDir(outDir: string, file: string): string | undefined {
  const prefix = outDir === '.' ? '' : `${outDir.replace(/\/+$/, '')}/`;
  if (!file.startsWith(prefix)) return undefined;
  const relative = file.slice(prefix.length);
  const parts = relative.split(/[/\\]/);
  if (
    path.isAbsolute(relative) ||
    parts.some((part) => part === '..' || part === '.' || part === '') ||
    !OUTPUT_FOLDERS.has(parts[0] ?? '')
  )
    return undefined;
  return parts.join(path.sep);
}

/** One report of the whole build, as one build of every article would have written it (times and counts summed). */
function joinReports(shards: ShardReport[], options: MergeOptions): BuildReport {
  const first = shards[0]?.report;
  if (!first) throw new UsageError('no shard to merge.');
  const outDir = path.relative(options.cwd, path.resolve(options.cwd, options.outDir)) || '.';
  const moved = (shard: ShardReport, file: string): string => {
    const relative = inOutDir(shard.report.outDir, file);
    return relative === undefined ? file : path.join(outDir, relative);
  };
  const unique = <T>(items: T[]): T[] => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
  const articles: ArticleResult[] = shards
    .flatMap((shard) =>
      shard.report.articles.map((article) => ({
        ...article,
        outputs: article.outputs.map((output) => ({
          ...output,
          files: output.files.map((file) => moved(shard, file)),
        })),
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file));
  const totals = structuredClone(first.totals);
  for (const shard of shards.slice(1)) {
    for (const [format, counts] of Object.entries(shard.report.totals)) {
      const sum = (totals[format as keyof typeof totals] ?? {}) as Record<string, number>;
      for (const [name, value] of Object.entries(counts as Record<string, number>))
        sum[name] = (sum[name] ?? 0) + value;
      (totals as Record<string, unknown>)[format] = sum;
    }
  }
  const errors: ReportedError[] = unique(shards.flatMap((shard) => shard.report.errors));
  const started = Math.min(...shards.map((shard) => Date.parse(shard.report.startedAt)));
  const shared = [
    ...new Set(shards.flatMap((shard) => (shard.report.shared ?? []).map((file) => moved(shard, file)))),
  ].sort();
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: new Date(started).toISOString(),
    durationMs:
      Math.max(...shards.map((shard) => Date.parse(shard.report.startedAt) + shard.report.durationMs)) - started,
    outDir,
    ok: shards.every((shard) => shard.report.ok) && errors.length === 0,
    browserLaunches: shards.reduce((sum, shard) => sum + shard.report.browserLaunches, 0),
    workerThreads: shards.reduce((sum, shard) => sum + shard.report.workerThreads, 0),
    checkWarnings: shards.reduce((sum, shard) => sum + shard.report.checkWarnings, 0),
    ...(first.checks
      ? {
          checks: {
            checked: shards.reduce((sum, shard) => sum + (shard.report.checks?.checked ?? 0), 0),
            cached: shards.reduce((sum, shard) => sum + (shard.report.checks?.cached ?? 0), 0),
            thread: shards.some((shard) => shard.report.checks?.thread === 'worker') ? 'worker' : first.checks.thread,
            ...mergedNoDictionary(shards.map((shard) => shard.report.checks?.noDictionary ?? [])),
          },
        }
      : {}),
    totals,
    articles,
    errors,
    warnings: unique(shards.flatMap((shard) => shard.report.warnings)),
    // The first part prints the standard packs.
    ...(shards.some((shard) => shard.report.packs)
      ? {
          packs: shards.flatMap((shard) =>
            (shard.report.packs ?? []).map((pack) =>
              pack.output ? { ...pack, output: moved(shard, pack.output) } : pack,
            ),
          ),
        }
      : {}),
    ...(shared.length > 0 ? { shared } : {}),
  };
}

/**
 * What each format that makes one whole of every article (the site) writes to list every article a shard built:
 * the index, tag pages, sitemap and feed. Returns the files written.
 */
async function joinFormats(
  options: MergeOptions,
  outDir: string,
  report: BuildReport,
  messages: Messages,
): Promise<string[]> {
  const joining = report.formats.flatMap((format) => (STEPS[format].joinShards ? [STEPS[format]] : []));
  if (joining.length === 0) return [];
  const { config, cwd } = options;
  const found = await loadArticles(config, { cwd, paths: [], drafts: true });
  const byFile = new Map<string, Article>(
    [...found.articles, ...found.skipped.map(({ article }) => article)].map((article) => [article.shownPath, article]),
  );
  const built = report.articles.flatMap((result) => {
    const article = byFile.get(result.file);
    const formats = result.outputs.filter((output) => output.status === 'built').map((output) => output.format);
    return article ? [{ article, formats }] : [];
  });
  const ctx = createRenderContext(config, found.articles, { cwd, messages });
  const written: string[] = [];
  const shown = (file: string): string => path.relative(cwd, file) || file;
  const warn = (warning: Warning): void => {
    report.warnings.push(warning);
  };
  for (const step of joining) written.push(...((await step.joinShards?.({ ctx, outDir, built, shown, warn })) ?? []));
  return written;
}

/** The languages without a dictionary in any shard, said once for the whole build. */
function mergedNoDictionary(lists: readonly string[][]): { noDictionary?: string[] } {
  const langs = [...new Set(lists.flat())].sort();
  return langs.length > 0 ? { noDictionary: langs } : {};
}
