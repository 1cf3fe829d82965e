// Print a leaflet's HTML to PDF in a borrowed page; then (after the page is handed back) write the document metadata
// (title, author, subject, keywords, language, creator) with pdf-lib.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, HTTPRequest, Page, PDFOptions } from 'puppeteer-core';
import { chooseFit, FIT_LEVELS, measuredHtml, pageCount } from './fit.js';
import { accessibilityUpdate } from './pdf-ua.js';
import type { LeafletDocument } from './render.js';

/** The PDF bytes and what was blocked while printing. */
export interface PrintedPdf {
  /** The PDF as Chromium prints it; `setMetadata` adds the document information. */
  bytes: Uint8Array;
  /** Addresses the page tried to load and was not allowed to (printing is offline). */
  blocked: string[];
  /** How many pages it took. */
  pages: number | undefined;
  /** The layout it was printed at, for a document with a page budget: 0 plain, up to FIT_LEVELS tightest. */
  fitLevel: number | undefined;
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
 * The options every leaflet is printed with (the benchmark's floor prints with them too): its paper and margins, its
 * footer, backgrounds, and a tagged PDF with an outline.
 */
export function pdfOptions(doc: Pick<LeafletDocument, 'size' | 'margin' | 'footerHtml'>): PDFOptions {
  return {
    format: doc.size,
    margin: doc.margin,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: doc.footerHtml,
    tagged: true,
    outline: true,
  };
}

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
        () =>
          reject(
            new Error(
              `printing took longer than ${scope.timeout / 1000}s (leaflet.timeout in the config sets the limit)`,
            ),
          ),
        scope.timeout,
      );
      onCrash = (error) => reject(new Error(`the browser page crashed (${error.message})`));
      page.once('error', onCrash);
    });
    const { bytes, fitLevel } = await Promise.race([failure, print(page, doc, scope.timeout)]);
    return { bytes, blocked, pages: pageCount(bytes), fitLevel };
  } finally {
    clearTimeout(timer);
    if (onCrash) page.off('error', onCrash);
    page.off('request', onRequest);
    page.off('console', onConsole);
  }
}

async function print(
  page: Page,
  doc: LeafletDocument,
  timeout: number,
): Promise<{ bytes: Uint8Array; fitLevel: number | undefined }> {
  // A leaflet is laid out to fill its pages (or its budget) before it prints: loaded to be measured as it lays out.
  await page.setContent(doc.fit ? measuredHtml(doc) : doc.html, { waitUntil: 'load', timeout });
  const fit = doc.fit ? await chooseFit(page, doc, doc.fit.budget) : undefined;
  // page.pdf() itself waits for document.fonts.ready (its waitForFonts option).
  const pdf = (): Promise<Uint8Array> => page.pdf({ ...pdfOptions(doc), timeout });
  let bytes = await pdf();
  // The measure sets the leaflet in columns, not pages: should print ever break it onto one page more, the next
  // tighter layout is printed too, and kept if it takes fewer pages.
  while (fit && fit.level < FIT_LEVELS && (pageCount(bytes) ?? 0) > fit.estimate) {
    const level = fit.level + 1;
    await page.evaluate((next: number) => document.body.classList.add(`fit-${next}`), level);
    const tighter = await pdf();
    if ((pageCount(tighter) ?? Infinity) >= (pageCount(bytes) ?? 0)) break;
    bytes = tighter;
    fit.level = level;
  }
  return { bytes, fitLevel: fit?.level };
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

/**
 * Write the document information dictionary (title, author, subject, keywords, creator, producer, dates) and make sure
 * the catalog names the language. Chromium's PDF already has the language and a classic cross-reference table, so the
 * new dictionary is appended as an incremental update (PDF 1.7, 7.5.6): a few hundred bytes, with the printed bytes
 * untouched. Any other PDF is rewritten whole with pdf-lib.
 */
export async function setMetadata(pdf: Uint8Array, metadata: LeafletDocument['metadata']): Promise<Uint8Array> {
  const date = metadata.date ?? new Date();
  return appendInfo(pdf, metadata, date) ?? rewriteMetadata(pdf, metadata, date);
}

/** The document information entries, as PDF text strings. */
function infoEntries(metadata: LeafletDocument['metadata'], now: Date): [string, string][] {
  const date = `D:${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  return [
    ['Title', metadata.title],
    ...(metadata.author ? [['Author', metadata.author] as [string, string]] : []),
    ...(metadata.subject ? [['Subject', metadata.subject] as [string, string]] : []),
    // Keywords joined with commas, so that "back pain" and "feet" stay two.
    ...(metadata.keywords.length > 0 ? [['Keywords', metadata.keywords.join(', ')] as [string, string]] : []),
    ['Creator', metadata.creator],
    ['Producer', `${metadata.creator} (Chromium)`],
    ['CreationDate', date],
    ['ModDate', date],
  ];
}

/** A PDF text string as hexadecimal UTF-16 with its byte-order mark: any script, nothing to escape. */
function pdfText(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index += 1)
    hex += text.charCodeAt(index).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/**
 * `pdf` with a new information dictionary appended as an incremental update, or undefined when the PDF is not as
 * Chromium writes it (a classic cross-reference table and trailer at the end, the language in the catalog).
 */
export function appendInfo(pdf: Uint8Array, metadata: LeafletDocument['metadata'], now: Date): Uint8Array | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const tail = text.slice(-2048);
  const end = /trailer\s*<<([\s\S]*?)>>\s*startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const size = end && /\/Size\s+(\d+)/.exec(end[1] ?? '');
  const root = end && /\/Root\s+(\d+\s+\d+\s+R)/.exec(end[1] ?? '');
  if (!end || !size || !root || !text.includes(`/Lang (${metadata.lang})`)) return undefined;
  const id = /\/ID\s*(\[[^\]]*\])/.exec(end[1] ?? '');
  const number = Number(size[1]);
  const separator = text.endsWith('\n') ? '' : '\n';
  const info = `<<${infoEntries(metadata, now)
    .map(([key, value]) => `/${key} ${pdfText(value)}`)
    .join('\n')}>>`;
  // The new information dictionary, the outline entries put right, and what PDF/UA asks for, each as a new version of
  // its object (the XMP metadata, when the file may claim PDF/UA, is a new object after the information dictionary).
  const xmpNumber = number + 1;
  const accessible = accessibilityUpdate(text, metadata, now, xmpNumber, pdfText);
  const objects: [number, string][] = [[number, info], ...repairedOutline(text), ...accessible.objects];
  const nextNumber = accessible.objects.some(([objectNumber]) => objectNumber === xmpNumber)
    ? xmpNumber + 1
    : number + 1;
  let at = pdf.byteLength + separator.length;
  let body = '';
  const xref: string[] = [];
  for (const [objectNumber, content] of objects.sort(([a], [b]) => a - b)) {
    const object = `${objectNumber} 0 obj\n${content}\nendobj\n`;
    xref.push(`${objectNumber} 1\n${String(at).padStart(10, '0')} 00000 n `);
    body += object;
    at += object.length;
  }
  const trailer =
    `<</Size ${nextNumber}\n/Root ${root[1]}\n/Info ${number} 0 ` + `R${id ? `\n/ID ${id[1]}` : ''}\n/Prev ${end[2]}>>`;
  const update = `${separator}${body}xref\n${xref.join('\n')}\ntrailer\n${trailer}\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([withStableBytes(pdf, text, now), Buffer.from(update, 'latin1')]);
}

/** The ID name tree's leaf, its pairs in order of their (new) keys and its limits to match, written in place. */
function sortIdTree(pdf: Buffer): void {
  const text = pdf.toString('latin1');
  const leaf = /\/Limits \[\(node\d{8}\) \(node\d{8}\)\]\n\/Names \[((?:\(node\d{8}\) \d+ 0 R ?)+)\]/.exec(text);
  if (!leaf?.[1]) return;
  const pairs = [...leaf[1].matchAll(/\(node(\d{8})\) (\d+ 0 R)/g)].map((match) => ({
    key: match[1] ?? '',
    ref: match[2] ?? '',
  }));
  pairs.sort((a, b) => a.key.localeCompare(b.key));
  const names = pairs.map((pair) => `(node${pair.key}) ${pair.ref}`).join(' ');
  const rewritten = `/Limits [(node${pairs[0]?.key ?? ''}) (node${pairs.at(-1)?.key ?? ''})]\n/Names [${names}]`;
  if (rewritten.length === leaf[0].length) pdf.write(rewritten, leaf.index, 'latin1');
}

/**
 * What differs between two printings of the same leaflet, written over in place (byte for byte, so that nothing
 * moves): Chromium's own information dictionary, left in the file under the new one, has the time it printed, given
 * `date` instead; and a table heading's structure ID is numbered from the DOM nodes the browser page made before it
 * (it depends on which leaflets that page printed earlier), renumbered from 1 in the same order.
 */
function withStableBytes(pdf: Uint8Array, text: string, date: Date): Uint8Array {
  const copy = Buffer.from(pdf);
  const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  for (const match of text.slice(0, 4096).matchAll(/\/(?:CreationDate|ModDate) \(D:(\d{14})\+00'00'\)/g)) {
    copy.write(stamp, (match.index ?? 0) + match[0].indexOf('D:') + 2, 'latin1');
  }
  // Renumbered in the order the structure elements holding them come in the file (the page hands the numbers out in
  // whatever order it is asked for them), then the ID name tree put back in order of the new numbers.
  const ids = [...text.matchAll(/\(node(\d{8})\)/g)];
  const held = [...text.matchAll(/\/ID \(node(\d{8})\)/g)].map((match) => match[1] ?? '');
  const order = [...new Set([...held, ...ids.map((match) => match[1] ?? '')])];
  const renumbered = new Map(order.map((number, index) => [number, String(index + 1).padStart(8, '0')]));
  for (const match of ids)
    copy.write(renumbered.get(match[1] ?? '') ?? '', (match.index ?? 0) + '(node'.length, 'latin1');
  sortIdTree(copy);
  return copy;
}

/**
 * Outline entries whose title Chromium wrote twice over ("Your notesYour notes"): it does so for a heading moved to
 * the next page to keep it with what follows. Each is given again with the title once. A title is taken as doubled
 * only when its two halves match and are at least five characters long, so that a word like "couscous" is left alone.
 */
function repairedOutline(text: string): [number, string][] {
  const repaired: [number, string][] = [];
  for (const match of text.matchAll(
    /\n(\d+) 0 obj\n<<\/Title (\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>)(\n\/Dest [^>]*?)>>\nendobj/g,
  )) {
    const [, objectNumber, written, rest] = match;
    const title = written ? readPdfString(written) : undefined;
    if (!objectNumber || title === undefined || title.length < 10 || title.length % 2 !== 0) continue;
    const half = title.slice(0, title.length / 2);
    if (half !== title.slice(title.length / 2)) continue;
    repaired.push([Number(objectNumber), `<</Title ${pdfText(half)}${rest ?? ''}>>`]);
  }
  return repaired;
}

/** A PDF string as written in the file, literal "(…)" or hexadecimal "<…>", as text. */
function readPdfString(written: string): string | undefined {
  if (written.startsWith('<')) {
    const hex = written.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return bytes.length % 2 === 0 ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : undefined;
    return bytes.toString('latin1');
  }
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '(': '(',
    ')': ')',
    '\\': '\\',
  };
  const bytes = written
    .slice(1, -1)
    .replace(/\\([0-7]{1,3}|[\s\S])/g, (_, code: string) =>
      /^[0-7]/.test(code) ? String.fromCharCode(parseInt(code, 8)) : (escapes[code] ?? code),
    );
  if (bytes.startsWith('\u00fe\u00ff'))
    return bytes.length % 2 === 0 ? Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le') : undefined;
  return bytes;
}

/** The whole PDF written again by pdf-lib, with its metadata and language set. */
async function rewriteMetadata(
  pdf: Uint8Array,
  metadata: LeafletDocument['metadata'],
  date: Date,
): Promise<Uint8Array> {
  // Loaded on first use: Chromium's own PDFs never need it.
  const { PDFDocument, ParseSpeeds } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) doc.setAuthor(metadata.author);
  if (metadata.subject) doc.setSubject(metadata.subject);
  if (metadata.keywords.length > 0) doc.setKeywords([metadata.keywords.join(', ')]);
  doc.setLanguage(metadata.lang);
  doc.setCreator(metadata.creator);
  doc.setProducer(`${metadata.creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
