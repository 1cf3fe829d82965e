// A leaflet's page budget: before printing, the page is laid out at the leaflet's width and its height measured in
// pages, plain and then at tighter layouts in turn (templates/leaflet/style.css: body.fit-1 to fit-3: smaller gaps,
// fewer note lines and a smaller closing block, then no notes box and 12pt text). The first layout that fits the
// budget is printed; with no budget, the first that takes as few pages as the tightest would.
import type { Page } from 'puppeteer-core';
import type { LeafletDocument } from '../render/leaflet.js';

/** The tighter layouts there are, after the plain one (level 0). */
export const FIT_LEVELS = 3;

/** Page sizes in millimetres. */
const PAGE_MM: Record<LeafletDocument['size'], [number, number]> = { A4: [210, 297], A5: [148, 210], Letter: [215.9, 279.4] };

/** Breaks before boxes that are kept whole waste part of a page: the measured height is taken as this much more. */
const BREAK_WASTE = 1.04;

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
  await page.setViewport({ width: Math.round(contentWidth), height: Math.round(contentHeight) });
  // The plain layout and the tightest first: when they take as many pages, nothing between can do better (the usual
  // case), and two layouts were enough. Levels in between are measured only when the tightest saves a page.
  const estimates = await page.evaluate(
    async (levels: number, pageHeight: number, waste: number, budget: number | null) => {
      // Measured in the fonts it prints in: a fallback's metrics until they load would give another answer.
      document.body.getBoundingClientRect();
      await document.fonts.ready;
      const { body } = document;
      const at = (level: number): number => {
        for (let index = 1; index <= levels; index += 1) body.classList.toggle(`fit-${index}`, index <= level);
        return Math.max(1, Math.ceil((document.documentElement.getBoundingClientRect().height * waste) / pageHeight - 0.01));
      };
      const measured: (number | null)[] = Array.from({ length: levels + 1 }, () => null);
      measured[0] = at(0);
      measured[levels] = at(levels);
      const plain = measured[0];
      const tightest = measured[levels] ?? plain;
      const goal = budget !== null && budget >= tightest ? budget : tightest;
      if (plain > goal) for (let level = 1; level < levels; level += 1) measured[level] = at(level);
      at(0);
      return measured.map((value) => value ?? plain);
    },
    FIT_LEVELS,
    contentHeight,
    BREAK_WASTE,
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
