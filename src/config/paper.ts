// The paper leaflet prints on: each page size's dimensions and margins, in one table that fitting, booklets, the print
// preview and rendering all read.
import type { PageSize } from './schema.js';

/** A page's four margins, as CSS lengths. */
export interface Margin {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

/** One page size. */
export interface Paper {
  /** Portrait width and height in millimetres. */
  mm: readonly [number, number];
  /** The same as CSS lengths, as the size is usually written (8.5in, not 215.9mm). */
  css: readonly [string, string];
  /**
   * The margins. The side margins set the line length: at the body sizes in the leaflet's style.css they give about
   * 65 to 80 characters a line, as in an NHS leaflet at 12pt. The bottom leaves room for the footer.
   */
  margin: Margin;
  /** Large print has a bigger body, so it needs less side margin for the same line length. */
  largePrintMargin: Margin;
}

/** Every page size leaflet prints on. */
export const PAPER: Readonly<Record<PageSize, Paper>> = {
  A4: {
    mm: [210, 297],
    css: ['210mm', '297mm'],
    margin: { top: '10mm', right: '20mm', bottom: '16mm', left: '20mm' },
    largePrintMargin: { top: '15mm', right: '16mm', bottom: '22mm', left: '16mm' },
  },
  A5: {
    mm: [148, 210],
    css: ['148mm', '210mm'],
    margin: { top: '10mm', right: '12mm', bottom: '16mm', left: '12mm' },
    largePrintMargin: { top: '11mm', right: '10mm', bottom: '19mm', left: '10mm' },
  },
  Letter: {
    mm: [215.9, 279.4],
    css: ['8.5in', '11in'],
    margin: { top: '0.5in', right: '0.85in', bottom: '0.7in', left: '0.85in' },
    largePrintMargin: { top: '0.6in', right: '0.65in', bottom: '0.85in', left: '0.65in' },
  },
};

/** Millimetres in points (1/72 inch), as a PDF measures. */
export function points(mm: number): number {
  return (mm * 72) / 25.4;
}
