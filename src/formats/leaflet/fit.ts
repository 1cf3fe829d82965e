// A leaflet's page budget: before printing, the leaflet is laid out as its pages and counted, plain and then at
// tighter layouts in turn (templates/leaflet/style.css: body.fit-1 to fit-4: smaller gaps; closer lines and a smaller
// closing block; fewer note lines; no notes box). The first layout that fits the budget is printed; with no
// budget, the first that takes as few pages as the tightest would.
//
// The pages are counted without printing: the body is set in columns the size of a page's content box, which the
// layout engine fragments by the same rules as pages (break-before/after/inside, orphans and widows), so the number of
// columns is the number of pages. The footer is in the page margin, outside the content box.
//
// A pack is laid out and counted the same way (its stylesheet adds its own tighter layouts to the leaflet's). Its
// exercise cards are kept whole on a page (class `fit-whole`); a card that breaks across columns even so is taller
// than a page, and is marked `fit-too-tall` at each layout measured, so that its stylesheet lets it break between its
// steps where it stands, rather than start a page of its own and break anywhere there. A card that begins a page in
// the layout chosen is marked `fit-page-top`, so that the rule that sets it apart from the card before is not drawn
// alone at the top of the page.
import type { Page } from 'puppeteer-core';
import { PAPER } from '../../config/paper.js';
import type { LeafletDocument } from './render.js';

/** The tighter layouts there are, after the plain one (level 0). */
export const FIT_LEVELS = 4;

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

/** The page's content box in CSS pixels: the size of a column that stands for a page. */
function contentBox(doc: LeafletDocument): { width: number; height: number } {
  const [width, height] = PAPER[doc.size].mm;
  const toPx = 96 / 25.4;
  return {
    width: (width - millimetres(doc.margin.left) - millimetres(doc.margin.right)) * toPx,
    height: (height - millimetres(doc.margin.top) - millimetres(doc.margin.bottom)) * toPx,
  };
}

/** The class of the mark after everything else in a leaflet being measured: the column it lands in is the last page. */
const END_MARK = 'leaflet-fit-end';

/** The style that sets the body in page-sized columns on screen (print ignores it) and hides the end mark in print. */
function measureStyle(doc: LeafletDocument): string {
  const { width, height } = contentBox(doc);
  return (
    `@media screen { body { width: ${width}px; height: ${height}px; column-width: ${width}px; column-gap: 0; ` +
    `column-fill: auto; overflow: visible; } } @media print { .${END_MARK} { display: none; } }`
  );
}

/**
 * The leaflet's HTML as it is loaded to be measured and printed: on screen its body is set in columns a page's content
 * box in size, so that the layout the browser makes as it loads is already the plain layout's measure. (A template
 * without `</head>` and `</body>` is loaded as it is; `chooseFit` then adds the style and the mark itself.)
 */
export function measuredHtml(doc: LeafletDocument): string {
  const head = doc.html.lastIndexOf('</head>');
  const body = doc.html.lastIndexOf('</body>');
  if (head < 0 || body < head) return doc.html;
  const mark = `<div class="${END_MARK}"></div>`;
  return `${doc.html.slice(0, head)}<style>${measureStyle(doc)}</style>${doc.html.slice(head, body)}${mark}${doc.html.slice(body)}`;
}

/**
 * The class of a part to keep whole on one page (an exercise card in a pack), when it fits on one: its stylesheet says
 * `break-inside: avoid` for it, but not with `TOO_TALL` as well.
 */
const KEEP_WHOLE = 'fit-whole';

/**
 * The class the measure gives a part to keep whole that is taller than a page, so that it may break: kept whole, it
 * would start a page of its own and break there anyway, and break anywhere (a break inside a part that should not
 * break is as bad as any other, so the rules for the parts inside it would be lost).
 */
const TOO_TALL = 'fit-too-tall';

/**
 * The class the measure gives a part to keep whole that begins a page in the layout chosen: its stylesheet can leave
 * out what sets it apart from the part before it (a rule above it would stand alone at the top of the page).
 */
const PAGE_TOP = 'fit-page-top';

/** What the measure in the page is given. */
interface FitRequest {
  levels: number;
  pageWidth: number;
  budget: number | null;
  markClass: string;
  css: string;
  whole: string;
  tall: string;
}

/**
 * Count the pages of the leaflet loaded from `measuredHtml` at each level that is needed, and leave the page set to the
 * one to print (its body has the level's classes). The plain layout is the one the page was loaded in; the tightest is
 * laid out next, unless the plain one cannot be beaten (one page) or already keeps to the budget; the levels between
 * only when the tightest saves a page, halved until the loosest that does as well is found (two of the three).
 */
export async function chooseFit(page: Page, doc: LeafletDocument, budget: number | undefined): Promise<Fit> {
  const request: FitRequest = {
    levels: FIT_LEVELS,
    pageWidth: contentBox(doc).width,
    budget: budget ?? null,
    markClass: END_MARK,
    css: measureStyle(doc),
    whole: KEEP_WHOLE,
    tall: TOO_TALL,
  };
  const fit = await page.evaluate(fitInPage, request);
  await page.evaluate(markPageTops, { whole: KEEP_WHOLE, top: PAGE_TOP });
  return fit;
}

/**
 * In the page: mark each part kept whole that begins a column (a page), where the part before it ends in another.
 * Only a colour may change by it: the layout measured must stay the one printed.
 */
function markPageTops({ whole, top }: { whole: string; top: string }): void {
  for (const part of document.querySelectorAll(`.${whole}`)) {
    const before = part.previousElementSibling?.getClientRects();
    const end = before?.[before.length - 1];
    const start = part.getClientRects()[0];
    part.classList.toggle(top, Boolean(end && start && Math.abs(start.left - end.left) > 1));
  }
}

/** The measure, run in the page (so it names nothing outside itself): see `chooseFit`. */
async function fitInPage({ levels, pageWidth, budget, markClass, css, whole, tall }: FitRequest): Promise<Fit> {
  const { body } = document;
  // Loaded from `measuredHtml`, or (a template without </head> or </body>) given its style and mark now.
  const added = (): Element => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
    const mark = document.createElement('div');
    mark.className = markClass;
    body.append(mark);
    return mark;
  };
  const end = document.querySelector(`.${markClass}`) ?? added();
  // Measured in the fonts it prints in: laid out (which asks for them) and then waited for, since a fallback's
  // metrics until they load would give another answer.
  body.getBoundingClientRect();
  await document.fonts.ready;
  const rtl = getComputedStyle(body).direction === 'rtl';
  const parts = [...document.querySelectorAll(`.${whole}`)];
  const setLevel = (level: number): void => {
    for (let index = 1; index <= levels; index += 1) body.classList.toggle(`fit-${index}`, index <= level);
    // A part kept whole that still breaks across columns is taller than a page: it is let break where it stands.
    for (const part of parts) part.classList.remove(tall);
    const tooTall = parts.filter((part) => part.getClientRects().length > 1);
    for (const part of tooTall) part.classList.add(tall);
  };
  const at = (level: number): number => {
    setLevel(level);
    const box = body.getBoundingClientRect();
    const mark = end.getBoundingClientRect();
    const offset = rtl ? box.right - mark.right : mark.left - box.left;
    return Math.floor(offset / pageWidth + 0.01) + 1;
  };
  const plain = at(0);
  // Nothing beats one page, and a plain layout within its budget is printed as it is.
  if (plain === 1 || (budget !== null && plain <= budget)) return { level: 0, estimate: plain };
  const tightest = at(levels);
  const goal = budget !== null && budget >= tightest ? budget : tightest;
  if (plain <= goal) {
    setLevel(0);
    return { level: 0, estimate: plain };
  }
  // The loosest level that reaches the goal, halving the levels between: each level only tightens the one before,
  // so a level that reaches it means every tighter one does too.
  let low = 1;
  let high = levels;
  let estimate = tightest;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const pages = at(middle);
    if (pages <= goal) {
      high = middle;
      estimate = pages;
    } else {
      low = middle + 1;
    }
  }
  setLevel(high);
  return { level: high, estimate };
}

/** The number of pages of a PDF as Chromium writes it (its page tree's count). */
export function pageCount(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const counts = [...text.matchAll(/\/Type \/Pages\n\/Count (\d+)/g)].map((match) => Number(match[1]));
  return counts.length > 0 ? Math.max(...counts) : undefined;
}
