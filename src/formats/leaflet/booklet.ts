// Booklets: A5 pages imposed two to a side of A4 landscape, in saddle-stitch order, for a double-sided print that is
// folded in the middle and stapled on the fold. Sheet 1's front holds the last page and the first; its back, the
// second and the one before last; and so on inwards. The page count is padded to a multiple of four with notes pages.
import { PAPER, points } from '../../config/paper.js';

/** A4 landscape, in points to a hundredth: two A5 portrait pages side by side. */
const SHEET = { width: hundredths(points(PAPER.A4.mm[1])), height: hundredths(points(PAPER.A4.mm[0])) };

function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One side of a sheet: the page (0-based) on the left half and on the right. */
export interface BookletSide {
  left: number;
  right: number;
}

/**
 * The sides of a booklet of `pages` pages (a multiple of four), in print order: sheet 1 front, sheet 1 back, sheet 2
 * front... For 8 pages: [8 | 1], [2 | 7], [6 | 3], [4 | 5] (as 1-based page numbers).
 */
export function saddleStitchOrder(pages: number): BookletSide[] {
  if (pages <= 0 || pages % 4 !== 0) throw new Error(`a booklet has a multiple of four pages, not ${pages}`);
  const sides: BookletSide[] = [];
  for (let sheet = 0; sheet < pages / 4; sheet += 1) {
    sides.push({ left: pages - 1 - 2 * sheet, right: 2 * sheet });
    sides.push({ left: 2 * sheet + 1, right: pages - 2 - 2 * sheet });
  }
  return sides;
}

/** How many notes pages bring `pages` up to a multiple of four. */
export function paddingPages(pages: number): number {
  return (4 - (pages % 4)) % 4;
}

/**
 * Impose `a5` (a PDF of A5 pages) as a booklet on A4 landscape sheets; `notesPage` (a one-page A5 PDF) fills the pages
 * the count is short of a multiple of four, placed before the back cover so that the last page stays last.
 */
export async function imposeBooklet(
  a5: Uint8Array,
  notesPage: Uint8Array,
  metadata: { title: string; lang: string },
): Promise<Uint8Array> {
  // Loaded here, not with the module: a build that makes no booklet (a rebuild with nothing to print) never needs it.
  const { PDFDocument } = await import('pdf-lib');
  const source = await PDFDocument.load(a5);
  const notes = await PDFDocument.load(notesPage);
  const count = source.getPageCount();
  const padding = paddingPages(count);
  // No dates of its own: the booklet's are set with the rest of its metadata, from the article, not the clock.
  const booklet = await PDFDocument.create({ updateMetadata: false });
  const content = await booklet.embedPdf(source, source.getPageIndices());
  const [blank] = padding > 0 ? await booklet.embedPdf(notes, [0]) : [];
  // With one page or fewer, there is no back cover to keep last: the notes pages simply follow.
  const lastKept = count > 1 ? count - 1 : count;
  const pages = [
    ...content.slice(0, lastKept),
    ...Array.from({ length: padding }, () => blank),
    ...content.slice(lastKept),
  ];
  for (const side of saddleStitchOrder(pages.length)) {
    const sheet = booklet.addPage([SHEET.width, SHEET.height]);
    for (const [half, index] of [
      [0, side.left],
      [1, side.right],
    ] as const) {
      const page = pages[index];
      if (!page) continue;
      // Scaled into its half keeping its shape: an A5 page fills it exactly.
      const scale = Math.min(SHEET.width / 2 / page.width, SHEET.height / page.height);
      const width = page.width * scale;
      const height = page.height * scale;
      sheet.drawPage(page, {
        x: half * (SHEET.width / 2) + (SHEET.width / 2 - width) / 2,
        y: (SHEET.height - height) / 2,
        width,
        height,
      });
    }
  }
  booklet.setTitle(metadata.title, { showInWindowTitleBar: true });
  booklet.setLanguage(metadata.lang);
  booklet.setCreator('leaflet');
  return booklet.save();
}
