// `leaflet merge-reports`: join the shards of a split build (`build --shard i/n`, one CI runner each) into one output
// folder, as one build of every article would have written it: each shard's files, the pages that list every article
// (index, tag pages, sitemap, feed), and one report.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { Article } from './articles/article.js';
import { loadArticles } from './articles/load-articles.js';
import type { Shard } from './articles/shards.js';
import type { ResolvedConfig } from './config/schema.js';
import { UsageError } from './errors.js';
import { CACHE_FILE } from './outputs/cache.js';
import { LOCK_FILE } from './outputs/lock.js';
import type { ArticleResult, BuildReport, ReportedError } from './outputs/report.js';
import { prepareOutputFolder, writeFileAtomic, writeJsonAtomic } from './outputs/writer.js';
import type { PublishedAsset } from './render/assets.js';
import { createRenderContext } from './render/context.js';
import { assetPath } from './render/site.js';
import { createSite, webStylesheet, type SiteEntry } from './render/web.js';
import { writeLists, writePublished } from './steps/web.js';

export interface MergeOptions {
  config: ResolvedConfig;
  /** The project folder (the articles are read from it for the lists). */
  cwd: string;
  /** The shards' report.json files, or globs of them (`out-*\/report.json`). */
  reports: string[];
  /** The folder to write the whole build to. */
  outDir: string;
}

/** One shard's report and the folder it was written in. */
interface ShardReport {
  file: string;
  dir: string;
  report: BuildReport & { shard: Shard };
}

/** Join the shards' outputs and reports into `outDir`; returns the joined report (also written as report.json). */
export async function mergeReports(options: MergeOptions): Promise<BuildReport> {
  const shards = await readShards(options);
  const outDir = path.resolve(options.cwd, options.outDir);
  await prepareOutputFolder(outDir);
  for (const shard of shards) {
    if (path.resolve(shard.dir) === outDir) continue;
    const skip = new Set([path.join(shard.dir, 'report.json'), path.join(shard.dir, CACHE_FILE), path.join(shard.dir, LOCK_FILE)]);
    await cp(shard.dir, outDir, { recursive: true, force: true, filter: (source) => !skip.has(source) });
  }
  const report = joinReports(shards, options);
  if (report.formats.includes('web')) await writeSiteLists(options, outDir, report.articles);
  await writeJsonAtomic(path.join(outDir, 'report.json'), report, 2);
  return report;
}

/** The reports named, checked to be every shard of one split build. */
async function readShards(options: MergeOptions): Promise<ShardReport[]> {
  const files = (await glob(options.reports, { cwd: options.cwd, absolute: true, onlyFiles: true })).sort();
  if (files.length === 0) throw new UsageError(`no report found at ${options.reports.join(', ')}: give the report.json of each shard, like out-*/report.json.`);
  const shards: ShardReport[] = [];
  for (const file of files) {
    const shown = path.relative(options.cwd, file);
    let report: BuildReport;
    try {
      report = JSON.parse(await readFile(file, 'utf8')) as BuildReport;
    } catch {
      throw new UsageError(`${shown} is not a build report (report.json) that leaflet wrote.`);
    }
    if (!report.shard) throw new UsageError(`${shown} is the report of a whole build, not of a shard: build each part with --shard i/n.`);
    shards.push({ file, dir: path.dirname(file), report: report as BuildReport & { shard: Shard } });
  }
  const count = shards[0]?.report.shard.count ?? 0;
  if (shards.some(({ report }) => report.shard.count !== count)) throw new UsageError('these reports are of builds split different ways (--shard i/n with different n): give the shards of one build.');
  const byIndex = new Map(shards.map((shard) => [shard.report.shard.index, shard]));
  if (byIndex.size !== shards.length) throw new UsageError('two reports are of the same shard: give each shard\'s report once.');
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new UsageError(`the report of shard ${missing.map((index) => `${index}/${count}`).join(', ')} is missing: every shard must be built before the merge.`);
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, shard]) => shard);
}

/** One report of the whole build, as one build of every article would have written it (times and counts summed). */
function joinReports(shards: ShardReport[], options: MergeOptions): BuildReport {
  const first = shards[0]?.report;
  if (!first) throw new UsageError('no shard to merge.');
  const outDir = path.relative(options.cwd, path.resolve(options.cwd, options.outDir)) || '.';
  const moved = (shard: ShardReport, file: string): string => {
    const from = shard.report.outDir;
    return file === from || file.startsWith(`${from}/`) ? `${outDir}${file.slice(from.length)}` : file;
  };
  const unique = <T>(items: T[]): T[] => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
  const articles: ArticleResult[] = shards
    .flatMap((shard) => shard.report.articles.map((article) => ({ ...article, outputs: article.outputs.map((output) => ({ ...output, files: output.files.map((file) => moved(shard, file)) })) })))
    .sort((a, b) => a.file.localeCompare(b.file));
  const totals = structuredClone(first.totals);
  for (const shard of shards.slice(1)) {
    for (const [format, counts] of Object.entries(shard.report.totals)) {
      const sum = totals[format as keyof typeof totals] as Record<string, number>;
      for (const [name, value] of Object.entries(counts as Record<string, number>)) sum[name] = (sum[name] ?? 0) + value;
    }
  }
  const errors: ReportedError[] = unique(shards.flatMap((shard) => shard.report.errors));
  const started = Math.min(...shards.map((shard) => Date.parse(shard.report.startedAt)));
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(...shards.map((shard) => Date.parse(shard.report.startedAt) + shard.report.durationMs)) - started,
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
          },
        }
      : {}),
    totals,
    articles,
    errors,
    warnings: unique(shards.flatMap((shard) => shard.report.warnings)),
    // The first part prints the standard packs.
    ...(shards.some((shard) => shard.report.packs) ? { packs: shards.flatMap((shard) => shard.report.packs ?? []) } : {}),
  };
}

/** The index, tag pages, sitemap and feed, listing every article whose page a shard wrote, with its PDF when printed. */
async function writeSiteLists(options: MergeOptions, outDir: string, results: readonly ArticleResult[]): Promise<void> {
  const { config, cwd } = options;
  const found = await loadArticles(config, { cwd, paths: [], drafts: true });
  const byFile = new Map<string, Article>([...found.articles, ...found.skipped.map(({ article }) => article)].map((article) => [article.shownPath, article]));
  const built = (result: ArticleResult, format: string): boolean => result.outputs.some((output) => output.format === format && output.status === 'built');
  const entries: SiteEntry[] = results.flatMap((result) => {
    const article = byFile.get(result.file);
    return article && built(result, 'web') ? [{ article, hasPdf: built(result, 'leaflet') }] : [];
  });
  const ctx = createRenderContext(config, found.articles, { cwd });
  const assets = new Map<string, PublishedAsset>();
  const publish = (file: string): string => {
    for (const asset of ctx.images.siteAssets(file)) assets.set(asset.name, asset);
    return assetPath(ctx.images.asset(file).name);
  };
  const webDir = path.join(outDir, 'web');
  await writeLists(ctx, webDir, createSite(entries), publish, (file, content) => writeFileAtomic(file, content));
  await writeFileAtomic(path.join(webDir, 'assets', 'style.css'), await webStylesheet(ctx));
  await writePublished(outDir, [...assets.values()], { onlyMissing: true });
}
