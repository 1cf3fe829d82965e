// The build's part in standard packs: each `packs/<name>.yaml` printed to `out/packs/<name>.pdf` when anything it is
// made from changed (its file, its articles, the templates, the config), kept otherwise, and deleted by a full build
// when its file is gone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Warning } from '../../articles/article.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { InterruptedError, PackError } from '../../errors.js';
import type { BrowserPool } from '../../machinery/browser.js';
import type { PrintCache } from '../../machinery/cache.js';
import { stopsEveryWrite } from '../../machinery/write-stop.js';
import { removeOutputs, writeFileAtomic } from '../../machinery/writer.js';
import type { RenderContext } from '../../render/context.js';
import { pageCount } from '../leaflet/fit.js';
import { printDocument } from '../leaflet/print-document.js';
import { packTemplates, printSource } from '../leaflet/render.js';
import { leafletStep } from '../leaflet/step.js';
import type { WholeBuildOutput } from '../step.js';
import { renderPack } from './render.js';
import { findPackFiles, readStandardPack, type StandardPack } from './standard-packs.js';

/** What printing the standard packs needs from the build. */
export interface PackBuild {
  config: ResolvedConfig;
  cwd: string;
  outDir: string;
  cache: PrintCache;
  ctx: RenderContext;
  browser: BrowserPool;
  /** Every article of the build (a pack may name any of them). */
  articles: readonly Article[];
  /** The drafts left out of the build, so that a pack naming one is told it is a draft. */
  drafts?: readonly Article[];
  /** What every output is made from besides its own inputs: the config and the slugs. */
  sharedKey: string;
  /** Whether this build may delete the PDFs of packs whose files are gone (a full build). */
  prune: boolean;
  shown(file: string): string;
  /** A pack that takes more pages than its `pages:` even at its tightest layout is warned about here. */
  warn?(warning: Warning): void;
}

/** One standard pack, as the report says it went. */
export interface PackOutcome {
  /** The pack's file, as the user is shown it. */
  file: string;
  name: string;
  /** The PDF written (or kept), as the user is shown it. */
  output?: string;
  unchanged?: boolean;
  /** The pages its PDF has (printed now, or kept). */
  pages?: number;
  error?: unknown;
}

/** The standard packs, printed by a whole build that prints the leaflets (in a split build, by its first part). */
export const standardPacks: WholeBuildOutput<PackOutcome> = {
  follows: leafletStep.format,
  make: (job, whole) =>
    buildStandardPacks({
      config: job.ctx.config,
      cwd: job.cwd,
      outDir: job.outDir,
      cache: job.cache,
      ctx: job.ctx,
      browser: job.browser,
      articles: whole.every,
      drafts: whole.drafts,
      sharedKey: job.sharedKey,
      prune: true,
      shown: job.shown,
      warn: job.warn,
    }),
};

/** Print every standard pack the config's `packs` patterns find; one that fails stops only itself. */
export async function buildStandardPacks(build: PackBuild): Promise<PackOutcome[]> {
  const files = await findPackFiles(build.config, build.cwd);
  if (build.prune) await removeOutputs(build.cache.prune('packs', new Set(files)), build.outDir);
  const outcomes: PackOutcome[] = [];
  const named = new Map<string, string>();
  let diskFull = false;
  // One at a time: a pack is a few pages, and the leaflets have had the browser's pages to themselves until now.
  for (const file of files) {
    const shownPath = build.shown(file);
    const name = packName(file);
    if (diskFull) {
      outcomes.push({ file: shownPath, name, error: new InterruptedError('not built: the disk is full') });
      continue;
    }
    try {
      // Two files of one name would print to one PDF: the first keeps it. (Named without case: Heel.pdf is heel.pdf on
      // the file systems of Windows and macOS.)
      const first = named.get(name.toLowerCase());
      if (first)
        throw new PackError(
          `${first} is a pack called "${name}" too, and both would be printed to ` +
            `${build.shown(packOutput(build, name))}: rename one of the two files.`,
          { file: shownPath },
        );
      named.set(name.toLowerCase(), shownPath);
      const pack = await readStandardPack(file, shownPath, build.articles, build.drafts);
      const { output, unchanged, pages } = await printStandardPack(pack, build);
      outcomes.push({
        file: shownPath,
        name,
        output: build.shown(output),
        ...(unchanged ? { unchanged } : {}),
        ...(pages !== undefined ? { pages } : {}),
      });
    } catch (error) {
      outcomes.push({ file: shownPath, name, error });
      // Every pack after it would fail the same way: they are not tried, and the build says it once.
      diskFull = stopsEveryWrite(error);
    }
  }
  return outcomes;
}

/** A standard pack printed, or kept: its PDF and its pages. */
interface PrintedPack {
  output: string;
  unchanged: boolean;
  pages: number | undefined;
}

async function printStandardPack(pack: StandardPack, build: PackBuild): Promise<PrintedPack> {
  const { cache, ctx } = build;
  const output = packOutput(build, pack.name);
  const templates = await packTemplates(ctx);
  const inputKey = cache.inputKey({
    pack: {
      title: pack.title,
      intro: pack.intro,
      doses: [...pack.doses],
      articles: pack.articles.map((article) => cache.articleKey(article)),
      pages: pack.pages,
    },
    shared: build.sharedKey,
    templates: templates.map((set) => set.stamp),
  });
  const kept = await cache.freshFromInputs(output, inputKey);
  if (kept) return { output, unchanged: true, pages: kept.pages ?? (await pagesOf(output)) };
  const doc = await renderPack(
    { title: pack.title, intro: pack.intro, articles: pack.articles, doses: pack.doses, pages: pack.pages },
    ctx,
  );
  const same = await cache.freshFromOutput(output, printSource(doc), inputKey);
  if (same) return { output, unchanged: true, pages: same.pages ?? (await pagesOf(output)) };
  const scope = { root: build.config.root, timeout: build.config.leaflet.timeout };
  const printed = await printDocument(doc, { browser: build.browser, scope });
  await writeFileAtomic(output, printed.bytes);
  await cache.record(output, printSource(doc), inputKey, printed.blocked, pack.file, printed.pages);
  warnOverBudget(pack, printed.pages, build);
  return { output, unchanged: false, pages: printed.pages };
}

/** The pages of a PDF kept from a build whose cache did not count them. */
async function pagesOf(file: string): Promise<number | undefined> {
  return pageCount(await readFile(file));
}

/** A pack that takes more pages than its `pages:` even at its tightest layout: what to do about it. */
function warnOverBudget(pack: StandardPack, pages: number | undefined, build: PackBuild): void {
  if (pack.pages === undefined || pages === undefined || pages <= pack.pages) return;
  build.warn?.({
    file: pack.shownPath,
    message:
      `pack: ${pages} pages, over its budget of ${pack.pages} even in its tightest layout: take out an article ` +
      `or an exercise, or allow ${pages} pages ("pages: ${pages}").`,
    ...(pack.pagesLine ? { line: pack.pagesLine } : {}),
  });
}

/** The name of the pack in `file`: its file name without `.yaml` (or `.yml`). */
function packName(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

/** Where the pack called `name` is printed. */
function packOutput(build: PackBuild, name: string): string {
  return path.join(build.outDir, 'packs', `${name}.pdf`);
}
