// The orchestrator: config -> articles -> render -> outputs, in that order, for every article.
// One bad article or output never stops the others; the report says what happened to each.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Article, Warning } from './articles/article.js';
import { findImages } from './articles/images.js';
import { loadArticles } from './articles/load-articles.js';
import { FORMATS, type Format, type PageSize, type ResolvedConfig } from './config/schema.js';
import type { CheckWorkerInput, CheckWorkerOutput } from './check/check-worker.js';
import type { Finding } from './check/findings.js';
import { todayIso } from './check/governance.js';
import { CheckError, InterruptedError, LeafletError, PrintError, messageOf } from './errors.js';
import { BrowserManager, findBrowser } from './outputs/browser.js';
import pLimit from 'p-limit';
import { PrintCache } from './outputs/cache.js';
import { printPdf, setMetadata } from './outputs/pdf.js';
import { copyFileAtomic, writeFileAtomic } from './outputs/writer.js';
import { createRenderContext, type RenderContext } from './render/context.js';
import { GMAIL_CLIP_BYTES, renderEmail } from './render/email.js';
import { gmailClipWarning } from './newsletter/newsletter.js';
import { brandColors } from './render/colors.js';
import { leafletFileName, renderLeaflet, type LeafletVariant } from './render/leaflet.js';
import { localImageFile } from './render/links.js';
import { leafletPath } from './render/site.js';
import { createSite, renderTagPage, renderWebArticle, renderWebIndex, tagPath, webStylesheet, type SiteEntry } from './render/web.js';
import type { ArticleResult, BuildReport, FormatTotals, ReportedError } from './report.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** Everything a build needs, already checked (the CLI or a script fills this in). */
export interface BuildOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Article paths, folders or globs; empty for the config's `articles` pattern. */
  paths: string[];
  /** Formats to build; undefined for the config's default. */
  formats?: Format[];
  /** Output root, relative to cwd or absolute. */
  outDir: string;
  /** Parallel PDF renders. */
  jobs?: number;
  /** Build articles marked `draft: true` too. */
  drafts?: boolean;
  /** Explicit Chrome/Chromium executable. */
  browser?: string;
  /** Page size, overriding the config. */
  size?: PageSize;
  /** Also print a large-print leaflet of every article (as config `leaflet.largePrint` or front matter `large_print`). */
  largePrint?: boolean;
  /** Print every leaflet, even those the incremental cache says are unchanged (`--force`). */
  force?: boolean;
  /** Stops the build: no new work starts, the browser is closed at once, what was written stays complete. */
  signal?: AbortSignal;
}

/** Progress for whoever is watching (the CLI prints it to stderr). */
export type BuildEvent =
  | { type: 'start'; articles: number; formats: Format[] }
  | { type: 'output'; file: string; format: Format; files: string[]; unchanged?: boolean }
  | { type: 'failed'; file: string; format?: Format; error: ReportedError }
  | { type: 'warning'; warning: Warning };

/** Build the articles and write out/report.json. Throws only for usage and config errors. */
export async function build(options: BuildOptions, onEvent: (event: BuildEvent) => void = () => {}): Promise<BuildReport> {
  const started = Date.now();
  const { cwd } = options;
  const config: ResolvedConfig = {
    ...options.config,
    leaflet: {
      ...options.config.leaflet,
      ...(options.size ? { size: options.size } : {}),
      ...(options.largePrint ? { largePrint: true } : {}),
    },
  };
  const formats = options.formats ?? config.defaults.formats;
  const outDir = path.resolve(cwd, options.outDir);
  const shown = (file: string): string => path.relative(cwd, file) || file;

  const loaded = await loadArticles(config, { cwd, paths: options.paths, drafts: options.drafts ?? false });
  const report: BuildReport = {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    outDir: shown(outDir),
    formats,
    ok: true,
    browserLaunches: 0,
    checkWarnings: 0,
    totals: { ...emptyTotals(), articles: { built: 0, skipped: 0, failed: 0 } },
    articles: [],
    errors: [],
    warnings: [],
  };
  const warn = (warning: Warning): void => {
    report.warnings.push(warning);
    onEvent({ type: 'warning', warning });
  };
  loaded.warnings.forEach(warn);
  const colors = brandColors(config.clinic.colors);
  if (colors.adjusted) {
    warn({
      file: config.file ? shown(config.file) : 'leaflet.config',
      message:
        `clinic.colors.primary ${colors.adjusted.from} is too light for text (contrast ${colors.adjusted.contrast}:1, at least 4.5:1 is needed), ` +
        `so headings use ${colors.adjusted.to}. Choose a darker primary colour to use your own for text.`,
    });
  }
  if (formats.includes('email') && !config.clinic.website) {
    warn({
      file: config.file ? shown(config.file) : 'leaflet.config',
      message: 'clinic.website is not set, so email links and images cannot point to the clinic\'s website. Set it in the config.',
    });
  }

  // The quality checks (`leaflet check`) are counted in the report. They run while the articles are built, unless the
  // config makes a rule an error: then an article that breaks it must be stopped before it is built.
  const cache = await PrintCache.open(path.join(outDir), { ignore: options.force ?? false });
  const checking = runQualityChecks(loaded.articles, config, cache, options.signal);
  checking.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  if (Object.values(config.check.rules).includes('error')) {
    for (const [article, findings] of await checking) {
      const error = findings.find((finding) => finding.severity === 'error');
      if (!error) continue;
      loaded.articles.splice(loaded.articles.indexOf(article), 1);
      const message = `${error.message} (check "${error.rule}" is an error in this config; "leaflet check" lists every finding)`;
      loaded.failed.push({ file: article.file, shownPath: article.shownPath, error: new CheckError(message, { file: article.shownPath, ...(error.line ? { line: error.line } : {}) }) });
    }
  }

  for (const failed of loaded.failed) {
    const error = toReported(failed.error);
    report.articles.push({ file: failed.shownPath, status: 'failed', outputs: [], errors: [error], warnings: [] });
    onEvent({ type: 'failed', file: failed.shownPath, error });
  }
  for (const { article, reason } of loaded.skipped) {
    report.articles.push({ file: article.shownPath, slug: article.slug, title: article.title, status: 'skipped', reason, outputs: [], errors: [], warnings: [] });
  }

  const ctx: RenderContext = createRenderContext(config, loaded.articles);
  // What every output is made from besides its article and templates (hashed once, not once an output).
  const shared = PrintCache.inputKey({ config, slugs: [...ctx.slugsByFile] });
  // The local files of each article, found once for the email and the web site.
  const inputs = new Map<Article, string[]>();
  const inputsOf = (article: Article): string[] => {
    let found = inputs.get(article);
    if (!found) {
      found = localInputs(article, config);
      inputs.set(article, found);
    }
    return found;
  };
  const results = new Map<Article, ArticleResult>();
  for (const article of loaded.articles) {
    results.set(article, { file: article.shownPath, slug: article.slug, title: article.title, status: 'built', outputs: [], errors: [], warnings: [] });
  }
  const wants = (article: Article, format: Format): boolean => formats.includes(format) && article.formats.includes(format);
  const wantsAny = (articles: readonly Article[], format: Format): boolean => articles.some((article) => wants(article, format));
  onEvent({ type: 'start', articles: loaded.articles.length, formats });

  /** Run one output step of one article, recording success or failure in its result. */
  const step = async (article: Article, format: Format, run: () => Promise<string[] | { files: string[]; unchanged: boolean }>): Promise<boolean> => {
    const result = results.get(article) as ArticleResult;
    try {
      if (options.signal?.aborted) throw new InterruptedError();
      const done = await run();
      const files = (Array.isArray(done) ? done : done.files).map(shown);
      const unchanged = !Array.isArray(done) && done.unchanged;
      result.outputs.push({ format, status: 'built', files, ...(unchanged ? { unchanged } : {}) });
      onEvent({ type: 'output', file: article.shownPath, format, files, unchanged });
      return true;
    } catch (error) {
      const reported = toReported(error, article.shownPath, format);
      result.outputs.push({ format, status: 'failed', files: [], error: reported });
      result.errors.push(reported);
      // After Ctrl-C, one line says the build stopped; each unbuilt output need not.
      if (!(error instanceof InterruptedError)) onEvent({ type: 'failed', file: article.shownPath, format, error: reported });
      return false;
    }
  };

  const printed = new Set<Article>();
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  const browser = new BrowserManager({ ...(options.browser ? { executablePath: options.browser } : {}), jobs });
  const stop = (): void => void browser.dispose();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const leafletArticles = loaded.articles.filter((article) => wants(article, 'leaflet'));
    // Looked for when the first leaflet needs printing (a rebuild with nothing changed needs no browser), and reported once.
    let browserChecked = false;
    let browserProblem: LeafletError | undefined;
    const checkBrowser = (): void => {
      if (!browserChecked) {
        browserChecked = true;
        try {
          findBrowser(options.browser);
        } catch (error) {
          browserProblem = error as LeafletError;
          report.errors.push(toReported(error));
        }
      }
      if (browserProblem) throw browserProblem;
    };

    const warmBrowser = (): void => {
      try {
        checkBrowser();
        browser.warm();
      } catch {
        // No browser: reported once, when the first leaflet needs printing.
      }
    };

    /** One variant of one leaflet: kept when the cache says nothing changed, otherwise rendered and printed. */
    const leafletVariant = async (article: Article, variant: LeafletVariant): Promise<{ file: string; blocked: string[]; printed: boolean }> => {
      const file = path.join(outDir, 'leaflet', leafletFileName(article.slug, variant));
      const templates = (await ctx.templates.load('leaflet')).stamp;
      const inputKey = PrintCache.inputKey({ article, shared, variant, templates });
      const kept = await cache.freshFromInputs(file, inputKey);
      if (kept) return { file, blocked: kept.blocked, printed: false };
      // The article, config or templates changed, so this leaflet will almost surely print: start the browser now,
      // while the leaflets are rendered. (When only a file's date changed, rendering decides first.)
      if (!cache.sameInputKey(file, inputKey)) warmBrowser();
      const doc = await renderLeaflet(article, ctx, variant);
      const same = await cache.freshFromOutput(file, doc, inputKey);
      if (same) return { file, blocked: same.blocked, printed: false };
      checkBrowser();
      const pdf = await browser.withPage((page) => printPdf(page, doc, { root: config.root, timeout: config.leaflet.timeout })).catch((error: unknown) => {
        if (options.signal?.aborted) throw new InterruptedError();
        throw error instanceof LeafletError ? error : new PrintError(`printing failed: ${messageOf(error)}`, { file: article.shownPath, cause: error });
      });
      // The metadata is written after the page is handed back, so the next leaflet prints meanwhile.
      await writeFileAtomic(file, await setMetadata(pdf.bytes, doc.metadata));
      await cache.record(file, doc, inputKey, pdf.blocked);
      return { file, blocked: pdf.blocked, printed: true };
    };

    // Leaflets are rendered ahead of the pages that print them (while the browser starts), but not all at once: a
    // thousand rendered leaflets waiting for a page would hold a lot of memory.
    const rendering = pLimit(jobs * 16);
    const leaflets = leafletArticles.map((article) =>
      step(article, 'leaflet', () => rendering(async () => {
        const variants: LeafletVariant[] = config.leaflet.largePrint || article.largePrint ? ['standard', 'large-print'] : ['standard'];
        const done = [];
        for (const variant of variants) done.push(await leafletVariant(article, variant));
        // Both variants load the same files, so blocked requests are reported once.
        for (const url of done[0]?.blocked ?? []) {
          const why = url.startsWith('file:')
            ? 'a leaflet may load only files inside the project; put the file beside the article'
            : 'printing never goes online; save the file beside the article and link it by a relative path';
          warn({ file: article.shownPath, message: `leaflet: blocked a request for ${url} (${why}).` });
        }
        printed.add(article);
        return { files: done.map((variant) => variant.file), unchanged: done.every((variant) => !variant.printed) };
      })),
    );
    const emailTemplates = wantsAny(loaded.articles, 'email') ? (await ctx.templates.load('email')).stamp : '';
    const emails = loaded.articles
      .filter((article) => wants(article, 'email'))
      .map((article) =>
        step(article, 'email', async () => {
          const html = path.join(outDir, 'email', `${article.slug}.html`);
          const text = path.join(outDir, 'email', `${article.slug}.txt`);
          // Kept when the article, its images, the logo, the config and the templates are as when it was written.
          const name = `email/${article.slug}`;
          const key = PrintCache.inputKey({ format: 'email', article, shared, templates: emailTemplates });
          const inputs = inputsOf(article);
          if (await cache.outputsFresh(name, key, inputs)) {
            const bytes = (await stat(html)).size;
            if (bytes > GMAIL_CLIP_BYTES) warn(gmailClipWarning(article.shownPath, bytes));
            return { files: [html, text], unchanged: true };
          }
          cache.forgetOutputs(name);
          const email = await renderEmail(article, ctx);
          const bytes = Buffer.byteLength(email.html);
          if (bytes > GMAIL_CLIP_BYTES) warn(gmailClipWarning(article.shownPath, bytes));
          await Promise.all([writeFileAtomic(html, email.html), writeFileAtomic(text, email.text)]);
          await cache.recordOutputs(name, key, inputs, [html, text]);
          return [html, text];
        }),
      );
    await Promise.all([...leaflets, ...emails]);

    // The web pages come last: they link to (and publish) the leaflets that exist.
    const webArticles = loaded.articles.filter((article) => wants(article, 'web'));
    if (webArticles.length > 0 && !options.signal?.aborted) {
      const webDir = path.join(outDir, 'web');
      const pdfOf = (article: Article): string => path.join(outDir, 'leaflet', `${article.slug}.pdf`);
      const hasPdf = (article: Article): boolean => printed.has(article) || existsSync(pdfOf(article));
      const entries: SiteEntry[] = webArticles.map((article) => ({ article, hasPdf: hasPdf(article) }));
      // A partial build (`build one.md`) keeps the other articles whose pages exist on the index, tag pages and feed,
      // so building one article never hides the rest from the site.
      const others = options.paths.length > 0 ? await otherPublishedArticles(config, cwd, webDir, entries, outDir) : [];
      const site = createSite([...entries, ...others]);
      const { website } = config.clinic;
      if (!website) {
        warn({
          file: config.file ? shown(config.file) : 'leaflet.config',
          message: 'clinic.website is not set, so the site has no sitemap.xml, feed.xml or canonical addresses. Set it in the config.',
        });
      }
      const pageFiles = (entry: SiteEntry): string[] => [
        path.join(webDir, entry.article.slug, 'index.html'),
        ...(entry.hasPdf ? [path.join(webDir, leafletPath(entry.article.slug))] : []),
      ];
      // The site is one whole (every page lists related articles and topics): it is kept when every article on it,
      // its images and PDFs, the config and the templates are as when it was written, and its files are untouched.
      const siteKey = PrintCache.inputKey({
        format: 'web',
        site: site.entries.map(({ article, hasPdf: pdf }) => ({ article, pdf })),
        shared,
        templates: (await ctx.templates.load('web')).stamp,
      });
      const siteInputs = [...new Set(site.entries.flatMap(({ article, hasPdf: pdf }) => [...inputsOf(article), ...(pdf ? [pdfOf(article)] : [])]))].sort();
      if (await cache.outputsFresh('web', siteKey, siteInputs)) {
        await Promise.all(entries.map((entry) => step(entry.article, 'web', async () => ({ files: pageFiles(entry), unchanged: true }))));
        // An email written again may link to an image the site does not have yet (they are published together).
        await writeAssets(ctx, webDir, { onlyMissing: true });
      } else {
        cache.forgetOutputs('web');
        const written: string[] = [];
        const write = async (file: string, content: string | Uint8Array): Promise<void> => {
          await writeFileAtomic(file, content);
          written.push(file);
        };
        const failed = new Set<Article>();
        await Promise.all(
          entries.map((entry) =>
            step(entry.article, 'web', async () => {
              const { article } = entry;
              const [page = '', published] = pageFiles(entry);
              await write(page, await renderWebArticle(entry, site, ctx));
              if (published) {
                await copyFileAtomic(pdfOf(article), published);
                written.push(published);
              }
              return pageFiles(entry);
            }).then((ok) => void (ok || failed.add(entry.article))),
          ),
        );
        try {
          // Lists show only pages that exist: an article whose page failed is left off them.
          const listed = createSite(site.entries.filter((entry) => !failed.has(entry.article)));
          await write(path.join(webDir, 'index.html'), await renderWebIndex(listed, ctx));
          await Promise.all(listed.tags.map(async (tag) => write(path.join(webDir, tagPath(tag.name), 'index.html'), await renderTagPage(tag, ctx))));
          if (website) {
            const { renderFeed, renderSitemap } = await import('./render/feeds.js');
            await write(path.join(webDir, 'sitemap.xml'), await renderSitemap(listed, website));
            await write(path.join(webDir, 'feed.xml'), renderFeed(listed, ctx, website));
          }
          await write(path.join(webDir, 'assets', 'style.css'), await webStylesheet(ctx));
          written.push(...(await writeAssets(ctx, webDir, { onlyMissing: false })));
          if (failed.size === 0) await cache.recordOutputs('web', siteKey, siteInputs, written);
        } catch (error) {
          const reported = toReported(error);
          report.errors.push(reported);
          onEvent({ type: 'failed', file: shown(webDir), format: 'web', error: reported });
        }
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await browser.dispose();
    // The findings go into the cache too, so the checks finish first (unless the build was stopped).
    await checking.catch(() => undefined);
    await cache.save().catch((error: unknown) => warn({ file: shown(outDir), message: `could not save the incremental cache: ${messageOf(error)}` }));
  }
  report.browserLaunches = browser.launches;
  const checked = await checking.catch((error: unknown) => {
    if (!(error instanceof InterruptedError)) warn({ file: shown(cwd), message: `the quality checks could not run: ${messageOf(error)}. Run "leaflet check" to see them.` });
    return new Map<Article, Finding[]>();
  });
  report.checkWarnings = [...checked.values()].reduce((sum, findings) => sum + findings.filter((finding) => finding.severity === 'warning').length, 0);

  for (const [article, result] of results) {
    if (result.errors.length > 0) result.status = 'failed';
    const findings = checked.get(article);
    if (findings?.length) result.checkWarnings = findings.length;
    report.articles.push(result);
  }
  report.articles.sort((a, b) => a.file.localeCompare(b.file));
  if (options.signal?.aborted) report.errors.push({ code: 'INTERRUPTED', message: 'the build was interrupted; files already written are complete, the rest were not built.' });
  tally(report);
  report.durationMs = Date.now() - started;
  await writeFileAtomic(path.join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Below this many articles to check, a worker thread costs more to start than it saves. */
const CHECKS_IN_WORKER_FROM = 12;

/**
 * The quality-check findings of each article: kept from the cache when the article, the check settings and the date
 * are as last time (so an unchanged rebuild costs nothing); otherwise checked now, in a worker thread when there are
 * many, so that checking uses another core while this one renders and prints.
 */
async function runQualityChecks(articles: readonly Article[], config: ResolvedConfig, cache: PrintCache, signal?: AbortSignal): Promise<Map<Article, Finding[]>> {
  const today = todayIso();
  const found = new Map<Article, Finding[]>();
  const keys = new Map<Article, string>();
  const todo: Article[] = [];
  for (const article of articles) {
    const key = PrintCache.inputKey({ article, check: config.check, today });
    const findings = cache.checkFindings(article.file, key);
    if (findings) found.set(article, findings);
    else {
      keys.set(article, key);
      todo.push(article);
    }
  }
  if (todo.length === 0) return found;
  const results = todo.length >= CHECKS_IN_WORKER_FROM ? await checkInWorker(todo, config, today, signal) : await checkHere(todo, config, today);
  todo.forEach((article, index) => {
    const findings = results[index] ?? [];
    found.set(article, findings);
    cache.recordCheck(article.file, keys.get(article) ?? '', findings);
  });
  return found;
}

async function checkHere(articles: readonly Article[], config: ResolvedConfig, today: string): Promise<Finding[][]> {
  // Loaded only when an article needs checking: the English parser and Markdown tree cost time to load.
  const check = (await import('./check/check-article.js')).createArticleChecker(config);
  return articles.map((article) => check(article, today).findings);
}

function checkInWorker(articles: readonly Article[], config: ResolvedConfig, today: string, signal?: AbortSignal): Promise<Finding[][]> {
  return new Promise((resolve, reject) => {
    const input: CheckWorkerInput = { config, articles: [...articles], today };
    const worker = new Worker(new URL('./check/check-worker.js', import.meta.url), { workerData: input });
    // Ctrl-C: the checks are only counted, so they stop at once.
    const stop = (): void => {
      void worker.terminate();
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (answer: CheckWorkerOutput) => {
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      if (answer.ok) resolve(answer.findings);
      else reject(new Error(`the quality checks failed: ${answer.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the quality checks stopped (exit code ${code})`)));
  });
}

/** Write the assets published while rendering into `web/assets/` (with `onlyMissing`, those not there yet); returns what was written. */
async function writeAssets(ctx: RenderContext, webDir: string, { onlyMissing }: { onlyMissing: boolean }): Promise<string[]> {
  const written: string[] = [];
  await Promise.all(
    ctx.assets.published().map(async (asset) => {
      const target = path.join(webDir, 'assets', asset.name);
      if (onlyMissing && existsSync(target)) return;
      if (asset.bytes) await writeFileAtomic(target, asset.bytes);
      else await copyFileAtomic(asset.source, target);
      written.push(target);
    }),
  );
  return written;
}

/** The local files an article's email and web page are made from: its images and the clinic's logo. */
function localInputs(article: Article, config: ResolvedConfig): string[] {
  const files = new Set<string>();
  if (article.image) files.add(article.image);
  for (const ref of findImages(article.body)) {
    const file = ref.href ? localImageFile(article, ref.href) : undefined;
    if (file) files.add(file);
  }
  if (config.logoPath) files.add(config.logoPath);
  return [...files].sort();
}

function emptyTotals(): FormatTotals {
  return Object.fromEntries(FORMATS.map((format) => [format, { built: 0, unchanged: 0, skipped: 0, failed: 0 }])) as FormatTotals;
}

function tally(report: BuildReport): void {
  for (const article of report.articles) {
    report.totals.articles[article.status] += 1;
    if (article.status === 'built' || article.status === 'failed') {
      for (const output of article.outputs) {
        report.totals[output.format][output.status] += 1;
        if (output.unchanged) report.totals[output.format].unchanged += 1;
      }
    }
    if (article.status === 'skipped') for (const format of report.formats) report.totals[format].skipped += 1;
  }
  report.ok = report.totals.articles.failed === 0 && report.errors.length === 0;
}

/** An error as the report shows it: known errors keep their place, others are marked internal. */
export function toReported(error: unknown, file?: string, format?: Format): ReportedError {
  if (error instanceof LeafletError) {
    return {
      code: error.code,
      message: error.message,
      ...((error.file ?? file) ? { file: error.file ?? file } : {}),
      ...(error.line ? { line: error.line } : {}),
    };
  }
  return { code: 'INTERNAL', message: `${format ?? 'build'} failed unexpectedly: ${messageOf(error)}`, ...(file ? { file } : {}) };
}

/** Articles outside this build whose web pages already exist in the output. */
async function otherPublishedArticles(
  config: ResolvedConfig,
  cwd: string,
  webDir: string,
  built: SiteEntry[],
  outDir: string,
): Promise<SiteEntry[]> {
  const builtSlugs = new Set(built.map(({ article }) => article.slug));
  const all = await loadArticles(config, { cwd, paths: [], drafts: false }).catch(() => undefined);
  return (all?.articles ?? [])
    .filter((article) => !builtSlugs.has(article.slug) && existsSync(path.join(webDir, article.slug, 'index.html')))
    .map((article) => ({ article, hasPdf: existsSync(path.join(outDir, 'leaflet', `${article.slug}.pdf`)) }));
}
