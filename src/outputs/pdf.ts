// Print a leaflet's HTML to PDF in a borrowed page; then (after the page is handed back) write the document metadata
// (title, author, subject, keywords, language, creator) with pdf-lib.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, HTTPRequest, Page } from 'puppeteer-core';
import type { LeafletDocument } from '../render/leaflet.js';

/** The PDF bytes and what was blocked while printing. */
export interface PrintedPdf {
  /** The PDF as Chromium prints it; `setMetadata` adds the document information. */
  bytes: Uint8Array;
  /** Addresses the page tried to load and was not allowed to (printing is offline). */
  blocked: string[];
}

/** Where a page being printed may load files from. */
export interface PrintScope {
  /** The project folder: `file:` addresses inside it may load, nothing outside it. */
  root: string;
  /** Milliseconds the whole print may take before it is abandoned. */
  timeout: number;
}

/** Pages whose requests already go through interception. */
const intercepting = new WeakSet<Page>();

/**
 * Print one leaflet. Only `data:`, `about:` and `blob:` addresses and files inside the project may load: a build never
 * goes online. A page that hangs, or a renderer that crashes, fails this leaflet (the caller closes the page).
 */
export async function printPdf(page: Page, doc: LeafletDocument, scope: PrintScope): Promise<PrintedPdf> {
  const blocked: string[] = [];
  const root = path.resolve(scope.root);
  const onRequest = (request: HTTPRequest): void => {
    const url = request.url();
    if (allowedWhilePrinting(url, root)) {
      void request.continue();
    } else {
      if (!blocked.includes(url)) blocked.push(url);
      void request.abort('blockedbyclient');
    }
  };
  // Chromium itself refuses `file:` addresses in a page set from a string, before interception sees them; it says so
  // on the console, and those are reported too.
  const onConsole = (message: ConsoleMessage): void => {
    const refused = /^Not allowed to load local resource: (\S+)/.exec(message.text());
    if (refused?.[1] && !blocked.includes(refused[1])) blocked.push(refused[1]);
  };
  // Pages are reused from a pool and only ever print: interception is switched on once per page and left on.
  if (!intercepting.has(page)) {
    await page.setRequestInterception(true);
    intercepting.add(page);
  }
  page.on('request', onRequest);
  page.on('console', onConsole);
  let timer: NodeJS.Timeout | undefined;
  let onCrash: ((error: Error) => void) | undefined;
  try {
    page.setDefaultTimeout(scope.timeout);
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`printing took longer than ${scope.timeout / 1000}s (leaflet.timeout in the config sets the limit)`)),
        scope.timeout,
      );
      onCrash = (error) => reject(new Error(`the browser page crashed (${error.message})`));
      page.once('error', onCrash);
    });
    const raw = await Promise.race([failure, print(page, doc, scope.timeout)]);
    return { bytes: raw, blocked };
  } finally {
    clearTimeout(timer);
    if (onCrash) page.off('error', onCrash);
    page.off('request', onRequest);
    page.off('console', onConsole);
  }
}

async function print(page: Page, doc: LeafletDocument, timeout: number): Promise<Uint8Array> {
  await page.setContent(doc.html, { waitUntil: 'load', timeout });
  // page.pdf() itself waits for document.fonts.ready (its waitForFonts option).
  return page.pdf({
    format: doc.size,
    margin: doc.margin,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: doc.footerHtml,
    tagged: true,
    outline: true,
    timeout,
  });
}

/** Whether a print page may load `url`: inline data, or a file inside the project folder. */
export function allowedWhilePrinting(url: string, root: string): boolean {
  if (/^(data|about|blob):/.test(url)) return true;
  if (!url.startsWith('file:')) return false;
  try {
    const file = path.resolve(fileURLToPath(url));
    const relative = path.relative(root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  } catch {
    return false;
  }
}

/** Write the document information dictionary and the catalog's language. */
export async function setMetadata(pdf: Uint8Array, metadata: LeafletDocument['metadata']): Promise<Uint8Array> {
  // Loaded on first use, like Puppeteer: a build with no leaflet to print does not pay for it.
  const { PDFDocument, ParseSpeeds } = await import('pdf-lib');
  // Parsed and saved in one go (no yielding to the event loop every few objects): a third of the time.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  if (metadata.subject) doc.setSubject(metadata.subject);
  // pdf-lib joins keywords with spaces, which would run "back pain" and "feet" together: join them with commas.
  if (metadata.keywords.length > 0) doc.setKeywords([metadata.keywords.join(', ')]);
  doc.setLanguage(metadata.lang);
  doc.setCreator(metadata.creator);
  doc.setProducer(`${metadata.creator} (Chromium, pdf-lib)`);
  const now = new Date();
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
