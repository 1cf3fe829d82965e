// A leaflet's page budget: before printing, the leaflet is laid out as its pages and counted, plain and then at
// tighter layouts in turn (templates/leaflet/style.css: body.fit-1 to fit-4: smaller gaps; closer lines and a smaller
// closing block; fewer note lines; no notes box). The first layout that fits the budget is printed; with no
// budget, the first that takes as few pages as the tightest would.
//
// The pages are counted without printing: the body is set in columns the size of a page's content box, which the
// layout engine fragments by the same rules as pages (break-before/after/inside, orphans and widows), so the number of
// columns is the number of pages. The footer is in the page margin, outside the content box.
import type { Page } from 'puppeteer-core';
import type { LeafletDocument } from '../render/leaflet.js';

/** The tighter layouts there are, after the plain one (level 0). */
export const FIT_LEVELS = 4;

/** Page sizes in millimetres. */
const PAGE_MM: Record<LeafletDocument['size'], [number, number]> = { A4: [210, 297], A5: [148, 210], Letter: [215.9, 279.4] };

/** The layout chosen, and the pages it was measured to take. */
export interface Fit {
  level: number;
  estimate: number;
}

/** A length in CSS such as "15mm" or "0.6in", in millimetres. */
function millimetres(length: string): number {
  const match = /^([\d.]+)(mm|in|cm|px)?$/.exec(length.trim());
  const value = Number(match?.[1] ?? 0);
  const unit = match?.[2] ?? 'px';
  return unit === 'in' ? value * 25.4 : unit === 'cm' ? value * 10 : unit === 'px' ? (value * 25.4) / 96 : value;
}

/** Lay the leaflet out at each level and leave the page set to the one to print (its body has the level's classes). */
export async function chooseFit(page: Page, doc: LeafletDocument, budget: number | undefined): Promise<Fit> {
  const [width, height] = PAGE_MM[doc.size];
  const toPx = 96 / 25.4;
  const contentWidth = (width - millimetres(doc.margin.left) - millimetres(doc.margin.right)) * toPx;
  const contentHeight = (height - millimetres(doc.margin.top) - millimetres(doc.margin.bottom)) * toPx;
  // The plain layout and the tightest first: when they take as many pages, nothing between can do better (the usual
  // case), and two layouts were enough. Levels in between are measured only when the tightest saves a page.
  const estimates = await page.evaluate(
    async (levels: number, pageWidth: number, pageHeight: number, budget: number | null) => {
      // Measured in the fonts it prints in: a fallback's metrics until they load would give another answer.
      document.body.getBoundingClientRect();
      await document.fonts.ready;
      const { body } = document;
      const pages = document.createElement('style');
      pages.textContent =
        `body { width: ${pageWidth}px; height: ${pageHeight}px; column-width: ${pageWidth}px; column-gap: 0; ` +
        'column-fill: auto; overflow: visible; }';
      document.head.append(pages);
      // A mark after everything else: the column it lands in is the last page.
      const end = document.createElement('div');
      body.append(end);
      const rtl = getComputedStyle(body).direction === 'rtl';
      const at = (level: number): number => {
        for (let index = 1; index <= levels; index += 1) body.classList.toggle(`fit-${index}`, index <= level);
        const box = body.getBoundingClientRect();
        const mark = end.getBoundingClientRect();
        const offset = rtl ? box.right - mark.right : mark.left - box.left;
        return Math.floor(offset / pageWidth + 0.01) + 1;
      };
      const measured: (number | null)[] = Array.from({ length: levels + 1 }, () => null);
      measured[0] = at(0);
      measured[levels] = at(levels);
      const plain = measured[0];
      const tightest = measured[levels] ?? plain;
      const goal = budget !== null && budget >= tightest ? budget : tightest;
      if (plain > goal) for (let level = 1; level < levels; level += 1) measured[level] = at(level);
      at(0);
      end.remove();
      pages.remove();
      return measured.map((value) => value ?? plain);
    },
    FIT_LEVELS,
    contentWidth,
    contentHeight,
    budget ?? null,
  );
  const fewest = Math.min(...estimates);
  const goal = budget !== undefined && budget >= fewest ? budget : fewest;
  const level = Math.max(0, estimates.findIndex((estimate) => estimate <= goal));
  if (level > 0) {
    await page.evaluate((chosen: number) => {
      for (let index = 1; index <= chosen; index += 1) document.body.classList.add(`fit-${index}`);
    }, level);
  }
  return { level, estimate: estimates[level] ?? fewest };
}

/** The number of pages of a PDF as Chromium writes it (its page tree's count). */
export function pageCount(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const counts = [...text.matchAll(/\/Type \/Pages\n\/Count (\d+)/g)].map((match) => Number(match[1]));
  return counts.length > 0 ? Math.max(...counts) : undefined;
}
