// The leaflet step: each article's leaflet (and its large-print leaflet when asked for) rendered to HTML and printed
// to PDF by Chromium, unless the incremental cache says the PDF in out/leaflet/ is still what it would print.
// It hands the web step the PDF of each article, so that the site can publish it beside the article's page.

import { existsSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Article } from '../../articles/article.js';
import { isInside } from '../../articles/local-files.js';
import { BrowserError, InterruptedError, LeafletError, messageOf, PrintError } from '../../errors.js';
import { writeFileAtomic } from '../../machinery/writer.js';
import type { OutputStep, StepJob, Written } from '../step.js';
import { describeMissing, type FontCoverage, installedFonts, missingGlyphs, scriptFonts } from './fonts.js';
import { type PrintedDocument, printDocument, printPages } from './print-document.js';
import {
  type LeafletDocument,
  type LeafletVariant,
  leafletFileName,
  printSource,
  renderLeaflet,
  renderNotesPage,
} from './render.js';

/** What the leaflet step hands on: the standard PDF of an article by slug, where one exists. */
export interface PrintedLeaflets {
  pdf(slug: string): string | undefined;
}

/** How many leaflets are rendered ahead of the pages that print them, per page: enough to keep every page busy, few
 * enough that a thousand rendered leaflets do not wait in memory. */
const RENDER_AHEAD_PER_PAGE = 16;

export const leafletStep: OutputStep<PrintedLeaflets, 'leaflet'> = {
  format: 'leaflet',
  prints: true,
  after: [],

  async run(job) {
    const printer = createPrinter(job);
    const glyphs = glyphCheck(job);
    const rendering = pLimit(job.jobs * RENDER_AHEAD_PER_PAGE);
    const printed = new Set<string>();
    await Promise.all(
      job.articles.map((article) =>
        job.output(article, () =>
          rendering(async () => {
            await glyphs(article);
            const written = await printArticle(article, job, printer);
            printed.add(article.slug);
            return written;
          }),
        ),
      ),
    );
    const kept = leafletStep.kept(job);
    return { pdf: (slug) => (printed.has(slug) ? pdfPath(job, slug) : kept.pdf(slug)) };
  },

  kept(job) {
    // The leaflet step is the one that knows where its PDFs are; earlier builds' are kept in place. The site publishes
    // them, so a PDF that is a link out of the output folder (out/ may come back from a CI artifact) is not one of
    // them.
    return {
      pdf: (slug) =>
        existsSync(pdfPath(job, slug)) && isInside(job.outDir, pdfPath(job, slug)) ? pdfPath(job, slug) : undefined,
    };
  },
};

/**
 * Warn, for each article, about characters no font the leaflet asks for can draw: Chromium takes them from whatever
 * font has them, in another style, or draws an empty box. Said on every build, printed or kept.
 */
function glyphCheck(job: StepJob): (article: Article) => Promise<void> {
  let installed: Promise<FontCoverage | undefined> | undefined;
  return async (article) => {
    const text = [
      article.title,
      article.summary ?? '',
      ...article.keyPoints,
      article.body,
      ...article.sources.map((source) => source.title),
    ].join('\n');
    // Text in ASCII alone needs no font looked up (nor fontconfig asked).
    if (!/[^\0-\x7F]/.test(text)) return;
    if (process.platform !== 'linux') return;
    installed ??= installedFonts();
    const coverage = await installed;
    if (!coverage) return;
    const missing = missingGlyphs(text, article.lang, coverage);
    if (missing.length === 0) return;
    const fonts = scriptFonts(article.lang);
    const what = fonts
      ? `Install the ${fonts.script} fonts (sudo apt-get install -y ${fonts.debianPackage}), or check the characters.`
      : 'Check the characters, or name a font that has them in the leaflet stylesheet.';
    job.warn({
      file: article.shownPath,
      message: `leaflet: no font this leaflet asks for in "${article.lang}" has ${describeMissing(missing)}. ${what}`,
    });
  };
}

function pdfPath(job: StepJob, slug: string, variant: LeafletVariant = 'standard'): string {
  return path.join(job.outDir, 'leaflet', leafletFileName(slug, variant));
}

/** Every variant of one article's leaflet, with the requests blocked while printing reported once. */
async function printArticle(article: Article, job: StepJob, printer: Printer): Promise<Written> {
  const variants: LeafletVariant[] = [
    'standard',
    ...(article.largePrint ? (['large-print'] as const) : []),
    ...(article.booklet ? (['booklet'] as const) : []),
  ];
  const done = [];
  for (const variant of variants) done.push(await printVariant(article, variant, job, printer));
  // Both variants load the same files, so blocked requests are reported once.
  for (const url of done[0]?.blocked ?? []) {
    const why = url.startsWith('file:')
      ? 'a leaflet may load only files inside the project; put the file beside the article'
      : 'printing never goes online; save the file beside the article and link it by a relative path';
    job.warn({ file: article.shownPath, message: `leaflet: blocked a request for ${url} (${why}).` });
  }
  const pages = done[0]?.pages;
  return {
    files: done.map((variant) => variant.file),
    unchanged: done.every((variant) => !variant.printed),
    ...(pages !== undefined ? { pages } : {}),
  };
}

/** One variant of one leaflet: kept when the cache says nothing changed, otherwise rendered and printed. */
async function printVariant(
  article: Article,
  variant: LeafletVariant,
  job: StepJob,
  printer: Printer,
): Promise<{ file: string; blocked: string[]; printed: boolean; pages: number | undefined }> {
  const { cache, ctx } = job;
  const file = pdfPath(job, article.slug, variant);
  const templates = (await ctx.templates.load('leaflet')).stamp;
  const inputKey = cache.inputKey({ article: cache.articleKey(article), shared: job.sharedKey, variant, templates });
  const kept = await cache.freshFromInputs(file, inputKey);
  if (kept) return { file, blocked: kept.blocked, printed: false, pages: kept.pages };
  // The article, config or templates changed, so this leaflet will almost surely print: start the browser now, while
  // the leaflets are rendered. (When only a file's date changed, rendering decides first.)
  if (!cache.sameInputKey(file, inputKey)) printer.warm();
  const doc = await renderLeaflet(article, ctx, variant);
  const same = await cache.freshFromOutput(file, printSource(doc), inputKey);
  if (same) return { file, blocked: same.blocked, printed: false, pages: same.pages };
  const pdf = await printer.print(article, doc, variant === 'booklet');
  await writeFileAtomic(file, pdf.bytes);
  await cache.record(file, printSource(doc), inputKey, pdf.blocked, article.file, pdf.pages);
  if (variant === 'standard') warnOverBudget(article, pdf.pages, job);
  return { file, blocked: pdf.blocked, printed: true, pages: pdf.pages };
}

/** A leaflet that takes more pages than its budget even at its tightest layout: how many words to cut. */
function warnOverBudget(article: Article, pages: number | undefined, job: StepJob): void {
  const budget = article.pages;
  if (budget === undefined || pages === undefined || pages <= budget) return;
  const words = article.body.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  const cut = Math.max(1, Math.ceil((words * (pages - budget)) / pages / 10) * 10);
  job.warn({
    file: article.shownPath,
    message:
      `leaflet: ${pages} pages, over its budget of ${budget} even in its tightest layout: cut ` +
      `about ${cut} words (of ${words}), or allow ${pages} pages ("pages: ${pages}").`,
    ...(article.keyLines.pages ? { line: article.keyLines.pages } : {}),
  });
}

interface Printer {
  warm(): void;
  /** Print `doc` of `article` to its PDF's bytes, folded into a booklet when asked. */
  print(article: Article, doc: LeafletDocument, booklet?: boolean): Promise<PrintedDocument>;
}

/**
 * The browser as this step uses it: looked for when the first leaflet needs printing (a rebuild with nothing changed
 * needs none), a missing browser reported once for the build and failing every leaflet that needed it.
 */
function createPrinter(job: StepJob): Printer {
  let problem: LeafletError | undefined;
  let looked = false;
  const find = (): void => {
    if (!looked) {
      looked = true;
      try {
        job.browser.find();
      } catch (error) {
        // Said once, for the build; each leaflet that needed the browser fails with a short pointer to it.
        job.fail(error);
        const code = error instanceof LeafletError ? error.code : 'BROWSER';
        problem = new BrowserError(
          code === 'BROWSER'
            ? 'not printed: there is no browser to print with (what to install is said below)'
            : messageOf(error),
        );
      }
    }
    if (problem) throw problem;
  };
  const scope = { root: job.ctx.config.root, timeout: job.ctx.config.leaflet.timeout };
  // A failure that is not leaflet's own is a failure to print this article.
  const guarded = <T>(article: Article, printing: () => Promise<T>): Promise<T> => {
    find();
    return printing().catch((error: unknown) => {
      if (job.signal?.aborted) throw new InterruptedError();
      throw error instanceof LeafletError
        ? error
        : new PrintError(`printing failed: ${messageOf(error)}`, { file: article.shownPath, cause: error });
    });
  };
  // One notes page for each language the booklets are in, printed once for the build (as the browser prints it: it
  // only pads a booklet, whose own metadata is written).
  const notes = new Map<string, Promise<Uint8Array>>();
  const notesPage = (article: Article): Promise<Uint8Array> => {
    let page = notes.get(article.lang);
    if (!page) {
      const title = job.ctx.messages.format(article.lang, 'pack.notesPage');
      page = renderNotesPage(job.ctx, 'A5', title, article.lang).then(
        async (doc) => (await guarded(article, () => printPages(doc, { browser: job.browser, scope }))).bytes,
      );
      // A failed print is tried again by the next booklet, not remembered.
      page.catch(() => notes.delete(article.lang));
      notes.set(article.lang, page);
    }
    return page;
  };
  return {
    warm() {
      try {
        find();
        job.browser.warm();
      } catch {
        // No browser: reported once, when the first leaflet needs printing.
      }
    },
    print(article, doc, booklet = false) {
      const options = { browser: job.browser, scope, ...(booklet ? { booklet: () => notesPage(article) } : {}) };
      return guarded(article, () => printDocument(doc, options));
    },
  };
}
