// One way to print a document to its final bytes, for leaflets, `leaflet pack` (and the desk) and the standard packs:
// open a page of the browser, print, fold into a booklet when asked (a notes page filling its last sheet), and write
// the document's metadata once the page is handed back, so that the next document prints meanwhile.
import type { BrowserPool } from '../../machinery/browser.js';
import { imposeBooklet } from './booklet.js';
import { type PrintedPdf, type PrintScope, printPdf, setMetadata } from './pdf.js';
import type { LeafletDocument } from './render.js';

/** A document printed: its bytes with their metadata, what was blocked while printing, and its pages. */
export interface PrintedDocument {
  bytes: Uint8Array;
  blocked: string[];
  /** The pages the browser printed (before any folding into a booklet). */
  pages: number | undefined;
}

/** How to print: where pages come from, what the page may load, and for a booklet, the page that pads it. */
export interface PrintOptions {
  browser: Pick<BrowserPool, 'withPage'>;
  scope: PrintScope;
  /** Fold the pages into a booklet, padded with this page (an A5 notes page, already printed). */
  booklet?: () => Promise<Uint8Array>;
}

/** Print `doc` to the bytes of its PDF file. */
export async function printDocument(doc: LeafletDocument, options: PrintOptions): Promise<PrintedDocument> {
  const printed = await printPages(doc, options);
  const bytes = options.booklet
    ? await imposeBooklet(printed.bytes, await options.booklet(), doc.metadata)
    : printed.bytes;
  return { bytes: await setMetadata(bytes, doc.metadata), blocked: printed.blocked, pages: printed.pages };
}

/** The pages of `doc` as the browser prints them, without metadata: a page to pad a booklet with. */
export function printPages(doc: LeafletDocument, options: Omit<PrintOptions, 'booklet'>): Promise<PrintedPdf> {
  return options.browser.withPage((page) => printPdf(page, doc, options.scope));
}
