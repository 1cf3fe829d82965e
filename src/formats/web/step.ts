// The web step: the site in out/web/, as one whole (every page lists related articles and topics). It is written again
// when any article on it, its images or PDFs, the config or a template changed, and kept otherwise. It runs after the
// leaflet step (it publishes each article's printed PDF beside its page) and beside the email step, whose images it
// publishes once the emails are done.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Article } from '../../articles/article.js';
import { loadArticles } from '../../articles/load-articles.js';
import { WriteError } from '../../errors.js';
import { copyFileAtomic, removeOutputs, writeFileAtomic } from '../../machinery/writer.js';
import type { PublishedAsset } from '../../render/assets.js';
import type { RenderContext } from '../../render/context.js';
import { assetPath, leafletPath } from '../../render/site.js';
import { type EmailImages, emailStep } from '../email/step.js';
import { leafletStep, type PrintedLeaflets } from '../leaflet/step.js';
import type { OutputStep, StepJob } from '../step.js';
import {
  createSite,
  type Publish,
  type RenderedPage,
  renderTagPage,
  renderWebIndex,
  type Site,
  type SiteEntry,
  tagPath,
  webStylesheet,
} from './render.js';
import { indexSite, isIndexFile, searchIndexProblem } from './search.js';

/** A site entry and the PDF it publishes, when its leaflet was printed. */
interface Page extends SiteEntry {
  pdf: string | undefined;
}

export const webStep: OutputStep<void, 'web'> = {
  format: 'web',
  after: [leafletStep.format],
  beside: [emailStep.format],

  async run(job, upstream: { leaflet: PrintedLeaflets; email: Promise<EmailImages> }) {
    if (job.signal?.aborted || job.articles.length === 0) return;
    const { website } = job.ctx.config.clinic;
    if (!website) {
      const file = job.ctx.config.file ? job.shown(job.ctx.config.file) : 'leaflet.config';
      job.warn({
        file,
        message:
          'clinic.website is not set, so the site has no sitemap.xml, feed.xml or canonical ' +
          'addresses. Set it in the config.',
      });
    }
    const pages = job.articles.map((article) => page(article, upstream.leaflet));
    // A partial build (`build one.md`) keeps the other articles whose pages exist on the index, tag pages and feed, so
    // building one article never hides the rest from the site.
    // A shard's pages list and relate to the articles of every shard (`leaflet merge-reports` writes the lists).
    const others = job.shard
      ? otherShards(job, pages)
      : job.partial
        ? await otherPublishedPages(job, pages, upstream.leaflet)
        : [];
    const site = createSite([...pages, ...others]);
    const key = job.cache.inputKey({
      format: 'web',
      // A site written by a partial build also holds the pages left from before: a full build writes it whole again.
      partial: job.partial,
      shard: job.shard,
      // Hashed an entry at a time: one string of every article (10,000 bodies) raised the build's peak memory.
      site: site.entries.map(({ article, hasPdf }) =>
        job.cache.inputKey({ article: job.cache.articleKey(article), pdf: hasPdf }),
      ),
      shared: job.sharedKey,
      templates: (await job.ctx.templates.load('web')).stamp,
    });
    const inputs = [
      ...new Set(
        site.entries.flatMap((entry) => [...job.ctx.localFiles(entry.article), ...(entry.pdf ? [entry.pdf] : [])]),
      ),
    ].sort();
    if (await job.cache.outputsFresh('web', key, inputs)) {
      await Promise.all(
        pages.map((entry) =>
          job.output(entry.article, async () => ({ files: pageFiles(job, entry), unchanged: true })),
        ),
      );
      // An email written again may show an image the site does not have yet (they are published together).
      const added = await writeAssets(job, (await upstream.email).assets, { onlyMissing: true });
      job.shared(sharedFiles(job, pages, [...job.cache.recordedOutputs('web'), ...added]));
      return;
    }
    const before = job.cache.recordedOutputs('web');
    job.cache.forgetOutputs('web');
    const written = await writeSite(job, site, pages, upstream.email);
    if (!written) return;
    const webDir = siteFolder(job.outDir);
    const now = new Set(written);
    const left = before.filter((file) => !now.has(file) && !isIndexFile(webDir, file));
    // A whole site written anew: pages, tag pages, PDFs and images of the last one it no longer has are deleted, before
    // the site is indexed (the index must not find a page that is gone).
    if (!job.partial) await removeOutputs(left, webDir);
    const index = await writeIndex(job, webDir, before);
    job.shared(sharedFiles(job, pages, [...written, ...(index ?? [])]));
    // A site whose index could not be made is not recorded: the next build writes it again, and tries again.
    if (!index) return;
    // A partial build's site still has the pages of the articles outside it: they stay recorded, to be deleted by the
    // full build that finds their article gone.
    const kept = job.partial ? left.filter((file) => existsSync(file)) : [];
    await job.cache.recordOutputs('web', key, inputs, [...written, ...index, ...kept]);
  },

  kept: () => undefined,

  async joinShards(join) {
    const { ctx, outDir, built, warn } = join;
    const entries = built.flatMap(({ article, formats }) =>
      formats.includes(webStep.format) ? [{ article, hasPdf: formats.includes(leafletStep.format) }] : [],
    );
    const assets = new Map<string, PublishedAsset>();
    const publish = (file: string): string => {
      for (const asset of ctx.images.siteAssets(file)) assets.set(asset.name, asset);
      return assetPath(ctx.images.asset(file).name);
    };
    const webDir = siteFolder(outDir);
    const written: string[] = [];
    const write = async (file: string, content: string | Uint8Array): Promise<void> => {
      await writeFileAtomic(file, content);
      written.push(file);
    };
    await writeLists(ctx, webDir, createSite(entries), publish, write);
    await write(path.join(webDir, 'assets', 'style.css'), await webStylesheet(ctx));
    written.push(...(await writePublished(outDir, [...assets.values()], { onlyMissing: true })));
    // The shards' sites have no index (each knows only its own pages): the joined site is indexed whole, once.
    const index = await indexSite(webDir).catch(() => undefined);
    if (index) written.push(...index);
    else warn({ file: join.shown(webDir), message: searchIndexProblem() });
    return written;
  },
};

/**
 * Index the written site (not a shard's: `merge-reports` indexes the joined one), put the index's files in place, and
 * delete those of the last index that this one no longer has. Returns the files written, or undefined (with a warning)
 * when the site could not be indexed.
 */
async function writeIndex(job: StepJob, webDir: string, before: readonly string[]): Promise<string[] | undefined> {
  let written: string[] = [];
  if (!job.shard) {
    try {
      written = await indexSite(webDir);
    } catch (error) {
      // A full disk stops the build; any other failure leaves the site without its search.
      if (error instanceof WriteError) throw error;
      job.warn({ file: job.shown(webDir), message: searchIndexProblem() });
      return undefined;
    }
  }
  const now = new Set(written);
  await removeOutputs(
    before.filter((file) => isIndexFile(webDir, file) && !now.has(file)),
    webDir,
  );
  return written;
}

/** The site's folder in an output folder. */
export function siteFolder(outDir: string): string {
  return path.join(outDir, webStep.format);
}

function page(article: Article, leaflets: PrintedLeaflets): Page {
  const pdf = leaflets.pdf(article.slug);
  return { article, hasPdf: pdf !== undefined, pdf };
}

/** The files of one article's page: the page, and its PDF beside it. */
function pageFiles(job: StepJob, entry: Page): string[] {
  const dir = path.join(job.outDir, 'web');
  return [
    path.join(dir, entry.article.slug, 'index.html'),
    ...(entry.pdf ? [path.join(dir, leafletPath(entry.article.slug))] : []),
  ];
}

/**
 * Of the site's files, those of no one article's page (its folder, with the PDF beside it): stylesheet, images, lists.
 */
function sharedFiles(job: StepJob, pages: readonly Page[], files: readonly string[]): string[] {
  const folders = new Set(
    [...pages.map((entry) => entry.article), ...job.everyArticle].map((article) =>
      path.join(job.outDir, 'web', article.slug),
    ),
  );
  return files.filter((file) => !folders.has(path.dirname(file)));
}

/**
 * Write every page of the site; returns the files written, or undefined when a page or a list failed (the site is
 * then not recorded in the cache, so the next build writes it again).
 */
async function writeSite(
  job: StepJob,
  site: Site<Page>,
  pages: Page[],
  emailAssets: Promise<EmailImages>,
): Promise<string[] | undefined> {
  const webDir = path.join(job.outDir, 'web');
  const written: string[] = [];
  const assets = new Map<string, PublishedAsset>();
  const publish: Publish = (file) => {
    for (const asset of job.ctx.images.siteAssets(file)) assets.set(asset.name, asset);
    return assetPath(job.ctx.images.asset(file).name);
  };
  const write = async (file: string, content: string | Uint8Array): Promise<void> => {
    await writeFileAtomic(file, content);
    await job.cache.wrote(file, content);
    written.push(file);
  };
  const failed = new Set<Article>();
  job.work.share('site', site);
  await Promise.all(
    pages.map(async (entry) => {
      const ok = await job.output(entry.article, async () => {
        const [pageFile = '', pdfCopy] = pageFiles(job, entry);
        const page = await job.work.run<RenderedPage>('web-page', entry);
        for (const file of page.published) publish(file);
        await write(pageFile, page.html);
        if (entry.pdf && pdfCopy) {
          await copyFileAtomic(entry.pdf, pdfCopy);
          written.push(pdfCopy);
        }
        return { files: pageFiles(job, entry) };
      });
      if (!ok) failed.add(entry.article);
    }),
  );
  try {
    // Lists show only pages that exist: an article whose page failed is left off them.
    if (!job.shard)
      await writeLists(
        job.ctx,
        webDir,
        createSite(site.entries.filter((entry) => !failed.has(entry.article))),
        publish,
        write,
      );
    await write(path.join(webDir, 'assets', 'style.css'), await webStylesheet(job.ctx));
    written.push(
      ...(await writeAssets(job, [...assets.values(), ...(await emailAssets).assets], { onlyMissing: false })),
    );
  } catch (error) {
    job.fail(error, job.shown(webDir));
    return undefined;
  }
  return failed.size === 0 ? written : undefined;
}

/**
 * The pages that list every article: the index, a page per tag, and (with the clinic's website) sitemap.xml and
 * feed.xml. A build writes them with its pages; `leaflet merge-reports` writes them for the shards of a split build.
 */
export async function writeLists(
  ctx: RenderContext,
  webDir: string,
  listed: Site,
  publish: Publish,
  write: (file: string, content: string) => Promise<void>,
): Promise<void> {
  await write(path.join(webDir, 'index.html'), await renderWebIndex(listed, ctx, publish));
  // One after another: a tag page of thousands of articles is a megabyte or more, and all at once they were the peak
  // of a 10,000-article build.
  for (const tag of listed.tags)
    await write(path.join(webDir, tagPath(tag.name), 'index.html'), await renderTagPage(tag, ctx, publish));
  const { website } = ctx.config.clinic;
  if (website) {
    const { renderFeed, renderSitemap } = await import('./feeds.js');
    await write(path.join(webDir, 'sitemap.xml'), await renderSitemap(listed, website));
    await write(path.join(webDir, 'feed.xml'), renderFeed(listed, ctx, website));
  }
}

/** Write published files into `web/assets/` (with `onlyMissing`, those not there yet); returns what was written. */
async function writeAssets(
  job: StepJob,
  assets: readonly PublishedAsset[],
  options: { onlyMissing: boolean },
): Promise<string[]> {
  return writePublished(job.outDir, assets, options);
}

/**
 * Write published files into `<outDir>/web/assets/` (with `onlyMissing`, those not there yet); returns what was
 * written.
 */
export async function writePublished(
  outDir: string,
  assets: readonly PublishedAsset[],
  { onlyMissing }: { onlyMissing: boolean },
): Promise<string[]> {
  const unique = new Map(assets.map((asset) => [asset.name, asset]));
  const written: string[] = [];
  await Promise.all(
    [...unique.values()].map(async (asset) => {
      const target = path.join(outDir, 'web', 'assets', asset.name);
      if (onlyMissing && existsSync(target)) return;
      if (asset.bytes) await writeFileAtomic(target, asset.bytes);
      else await copyFileAtomic(asset.source, target);
      written.push(target);
    }),
  );
  return written;
}

/** The other shards' articles, as this shard's pages list and relate to them: with a PDF when they want one. */
function otherShards(job: StepJob, built: Page[]): Page[] {
  const own = new Set(built.map(({ article }) => article.slug));
  return job.everyArticle
    .filter((article) => !own.has(article.slug))
    .map((article) => ({ article, hasPdf: article.formats.includes(leafletStep.format), pdf: undefined }));
}

/** The site's own pages from earlier builds, of articles outside this partial build. */
async function otherPublishedPages(job: StepJob, built: Page[], leaflets: PrintedLeaflets): Promise<Page[]> {
  const builtSlugs = new Set(built.map(({ article }) => article.slug));
  const all = await loadArticles(job.ctx.config, { cwd: job.cwd, paths: [], drafts: false }).catch(() => undefined);
  return (all?.articles ?? [])
    .filter(
      (article) =>
        !builtSlugs.has(article.slug) && existsSync(path.join(job.outDir, 'web', article.slug, 'index.html')),
    )
    .map((article) => page(article, leaflets));
}
