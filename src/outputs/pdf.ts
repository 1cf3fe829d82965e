// Print a leaflet's HTML to PDF in a borrowed page, then write the document metadata
// (title, author, subject, keywords, language, creator) with pdf-lib.
import type { HTTPRequest, Page } from 'puppeteer';
import { PDFDocument } from 'pdf-lib';
import type { LeafletDocument } from '../render/leaflet.js';

/** The PDF bytes and what was blocked while printing. */
export interface PrintedPdf {
  bytes: Uint8Array;
  /** Addresses the page tried to load and was not allowed to (printing is offline). */
  blocked: string[];
}

/** Print one leaflet. Only `data:` and `about:` addresses may load: a build never goes online. */
export async function printPdf(page: Page, doc: LeafletDocument, timeout: number): Promise<PrintedPdf> {
  const blocked: string[] = [];
  const onRequest = (request: HTTPRequest): void => {
    const url = request.url();
    if (/^(data|about|blob):/.test(url)) {
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  };
  await page.setRequestInterception(true);
  page.on('request', onRequest);
  try {
    page.setDefaultTimeout(timeout);
    await page.setContent(doc.html, { waitUntil: 'load', timeout });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const raw = await page.pdf({
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
    return { bytes: await setMetadata(raw, doc.metadata), blocked };
  } finally {
    page.off('request', onRequest);
    await page.setRequestInterception(false).catch(() => undefined);
  }
}

/** Write the document information dictionary and the catalog's language. */
export async function setMetadata(pdf: Uint8Array, metadata: LeafletDocument['metadata']): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
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
  return doc.save({ useObjectStreams: false });
}
