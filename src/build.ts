// The orchestrator: config -> articles -> render -> outputs, in that order, for every article.
// One bad article or output never stops the others; the report says what happened to each.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article, Warning } from './articles/article.js';
import { loadArticles } from './articles/load-articles.js';
import { FORMATS, type Format, type PageSize, type ResolvedConfig } from './config/schema.js';
import { InterruptedError, LeafletError, PrintError, messageOf } from './errors.js';
import { BrowserManager, findBrowser } from './outputs/browser.js';
import { PrintCache } from './outputs/cache.js';
import { printPdf } from './outputs/pdf.js';
import { copyFileAtomic, writeFileAtomic } from './outputs/writer.js';
import { AssetRegistry } from './render/assets.js';
import type { RenderContext } from './render/context.js';
import { GMAIL_CLIP_BYTES, renderEmail } from './render/email.js';
import { gmailClipWarning } from './newsletter/newsletter.js';
import { brandColors } from './render/colors.js';
import { leafletFileName, renderLeaflet, type LeafletVariant } from './render/leaflet.js';
import { createMarkdownRenderer } from './render/markdown.js';
import { leafletPath } from './render/site.js';
import { createTemplates } from './render/templates.js';
import { renderWebArticle, renderWebIndex, webStylesheet } from './render/web.js';
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

  for (const failed of loaded.failed) {
    const error = toReported(failed.error);
    report.articles.push({ file: failed.shownPath, status: 'failed', outputs: [], errors: [error], warnings: [] });
    onEvent({ type: 'failed', file: failed.shownPath, error });
  }
  for (const { article, reason } of loaded.skipped) {
    report.articles.push({ file: article.shownPath, slug: article.slug, title: article.title, status: 'skipped', reason, outputs: [], errors: [], warnings: [] });
  }

  const ctx: RenderContext = {
    config,
    markdown: createMarkdownRenderer(),
    templates: createTemplates(config.templatesDir),
    assets: new AssetRegistry(),
    slugsByFile: new Map(loaded.articles.map((article) => [article.file, article.slug])),
    generator: `${TOOL_NAME} ${TOOL_VERSION}`,
  };
  const results = new Map<Article, ArticleResult>();
  for (const article of loaded.articles) {
    results.set(article, { file: article.shownPath, slug: article.slug, title: article.title, status: 'built', outputs: [], errors: [], warnings: [] });
  }
  const wants = (article: Article, format: Format): boolean => formats.includes(format) && article.formats.includes(format);
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
  const cache = await PrintCache.open(path.join(outDir), { ignore: options.force ?? false });
  const browser = new BrowserManager({ ...(options.browser ? { executablePath: options.browser } : {}), jobs: options.jobs ?? os.availableParallelism() });
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

    const leaflets = leafletArticles.map((article) =>
      step(article, 'leaflet', async () => {
        const variants: LeafletVariant[] = config.leaflet.largePrint || article.largePrint ? ['standard', 'large-print'] : ['standard'];
        const files: string[] = [];
        let unchanged = true;
        for (const variant of variants) {
          const doc = await renderLeaflet(article, ctx, variant);
          const file = path.join(outDir, 'leaflet', leafletFileName(article.slug, variant));
          const key = PrintCache.key(doc);
          let blocked = (await cache.fresh(file, key))?.blocked;
          if (!blocked) {
            unchanged = false;
            checkBrowser();
            const pdf = await browser.withPage((page) => printPdf(page, doc, { root: config.root, timeout: config.leaflet.timeout })).catch((error: unknown) => {
              if (options.signal?.aborted) throw new InterruptedError();
              throw error instanceof LeafletError ? error : new PrintError(`printing failed: ${messageOf(error)}`, { file: article.shownPath, cause: error });
            });
            await writeFileAtomic(file, pdf.bytes);
            await cache.record(file, key, pdf.blocked);
            blocked = pdf.blocked;
          }
          // Both variants load the same files, so blocked requests are reported once.
          if (variant === 'standard') {
            for (const url of blocked) {
              const why = url.startsWith('file:')
                ? 'a leaflet may load only files inside the project; put the file beside the article'
                : 'printing never goes online; save the file beside the article and link it by a relative path';
              warn({ file: article.shownPath, message: `leaflet: blocked a request for ${url} (${why}).` });
            }
          }
          files.push(file);
        }
        printed.add(article);
        return { files, unchanged };
      }),
    );
    const emails = loaded.articles
      .filter((article) => wants(article, 'email'))
      .map((article) =>
        step(article, 'email', async () => {
          const email = await renderEmail(article, ctx);
          const html = path.join(outDir, 'email', `${article.slug}.html`);
          const text = path.join(outDir, 'email', `${article.slug}.txt`);
          const bytes = Buffer.byteLength(email.html);
          if (bytes > GMAIL_CLIP_BYTES) warn(gmailClipWarning(article.shownPath, bytes));
          await Promise.all([writeFileAtomic(html, email.html), writeFileAtomic(text, email.text)]);
          return [html, text];
        }),
      );
    await Promise.all([...leaflets, ...emails]);

    // The web pages come last: they link to (and publish) the leaflets that exist.
    const webArticles = loaded.articles.filter((article) => wants(article, 'web'));
    if (webArticles.length > 0 && !options.signal?.aborted) {
      const webDir = path.join(outDir, 'web');
      const indexed: { article: Article; hasPdf: boolean }[] = [];
      await Promise.all(
        webArticles.map((article) =>
          step(article, 'web', async () => {
            const pdf = path.join(outDir, 'leaflet', `${article.slug}.pdf`);
            const hasPdf = printed.has(article) || existsSync(pdf);
            const page = path.join(webDir, article.slug, 'index.html');
            await writeFileAtomic(page, await renderWebArticle(article, ctx, hasPdf));
            const files = [page];
            if (hasPdf) {
              const published = path.join(webDir, leafletPath(article.slug));
              await copyFileAtomic(pdf, published);
              files.push(published);
            }
            indexed.push({ article, hasPdf });
            return files;
          }),
        ),
      );
      try {
        // A partial build (`build one.md`) still lists the other articles whose pages exist,
        // so building one article never hides the rest from the site.
        if (options.paths.length > 0) indexed.push(...(await otherPublishedArticles(config, cwd, webDir, indexed, outDir)));
        await writeFileAtomic(path.join(webDir, 'index.html'), await renderWebIndex(indexed, ctx));
        await writeFileAtomic(path.join(webDir, 'assets', 'style.css'), await webStylesheet(ctx));
        await Promise.all(
          ctx.assets.published().map((asset) => {
            const target = path.join(webDir, 'assets', asset.name);
            return asset.bytes ? writeFileAtomic(target, asset.bytes) : copyFileAtomic(asset.source, target);
          }),
        );
      } catch (error) {
        const reported = toReported(error);
        report.errors.push(reported);
        onEvent({ type: 'failed', file: shown(webDir), format: 'web', error: reported });
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await browser.dispose();
    await cache.save().catch((error: unknown) => warn({ file: shown(outDir), message: `could not save the incremental cache: ${messageOf(error)}` }));
  }
  report.browserLaunches = browser.launches;

  for (const result of results.values()) {
    if (result.errors.length > 0) result.status = 'failed';
    report.articles.push(result);
  }
  report.articles.sort((a, b) => a.file.localeCompare(b.file));
  if (options.signal?.aborted) report.errors.push({ code: 'INTERRUPTED', message: 'the build was interrupted; files already written are complete, the rest were not built.' });
  tally(report);
  report.durationMs = Date.now() - started;
  await writeFileAtomic(path.join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
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
  built: { article: Article }[],
  outDir: string,
): Promise<{ article: Article; hasPdf: boolean }[]> {
  const builtSlugs = new Set(built.map(({ article }) => article.slug));
  const all = await loadArticles(config, { cwd, paths: [], drafts: false }).catch(() => undefined);
  return (all?.articles ?? [])
    .filter((article) => !builtSlugs.has(article.slug) && existsSync(path.join(webDir, article.slug, 'index.html')))
    .map((article) => ({ article, hasPdf: existsSync(path.join(outDir, 'leaflet', `${article.slug}.pdf`)) }));
}

