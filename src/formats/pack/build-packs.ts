// The build's part in standard packs: each `packs/<name>.yaml` printed to `out/packs/<name>.pdf` when anything it is
// made from changed (its file, its articles, the templates, the config), kept otherwise, and deleted by a full build
// when its file is gone.

import path from 'node:path';
import type { Article } from '../../articles/article.js';
import { cacheableArticle } from '../../articles/article.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { InterruptedError, PackError } from '../../errors.js';
import type { BrowserPool } from '../../machinery/browser.js';
import type { PrintCache } from '../../machinery/cache.js';
import { stopsEveryWrite } from '../../machinery/write-stop.js';
import { removeOutputs, writeFileAtomic } from '../../machinery/writer.js';
import type { RenderContext } from '../../render/context.js';
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
}

/** One standard pack, as the report says it went. */
export interface PackOutcome {
  /** The pack's file, as the user is shown it. */
  file: string;
  name: string;
  /** The PDF written (or kept), as the user is shown it. */
  output?: string;
  unchanged?: boolean;
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
      const { output, unchanged } = await printStandardPack(pack, build);
      outcomes.push({ file: shownPath, name, output: build.shown(output), ...(unchanged ? { unchanged } : {}) });
    } catch (error) {
      outcomes.push({ file: shownPath, name, error });
      // Every pack after it would fail the same way: they are not tried, and the build says it once.
      diskFull = stopsEveryWrite(error);
    }
  }
  return outcomes;
}

async function printStandardPack(
  pack: StandardPack,
  build: PackBuild,
): Promise<{ output: string; unchanged: boolean }> {
  const { cache, ctx } = build;
  const output = packOutput(build, pack.name);
  const templates = await packTemplates(ctx);
  const inputKey = cache.inputKey({
    pack: {
      title: pack.title,
      intro: pack.intro,
      doses: [...pack.doses],
      articles: pack.articles.map(cacheableArticle),
    },
    shared: build.sharedKey,
    templates: templates.map((set) => set.stamp),
  });
  if (await cache.freshFromInputs(output, inputKey)) return { output, unchanged: true };
  const doc = await renderPack(
    { title: pack.title, intro: pack.intro, articles: pack.articles, doses: pack.doses },
    ctx,
  );
  if (await cache.freshFromOutput(output, printSource(doc), inputKey)) return { output, unchanged: true };
  const scope = { root: build.config.root, timeout: build.config.leaflet.timeout };
  const printed = await printDocument(doc, { browser: build.browser, scope });
  await writeFileAtomic(output, printed.bytes);
  await cache.record(output, printSource(doc), inputKey, printed.blocked, pack.file);
  return { output, unchanged: false };
}

/** The name of the pack in `file`: its file name without `.yaml` (or `.yml`). */
function packName(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

/** Where the pack called `name` is printed. */
function packOutput(build: PackBuild, name: string): string {
  return path.join(build.outDir, 'packs', `${name}.pdf`);
}
