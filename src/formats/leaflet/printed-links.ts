// Links on paper: a printed link is underlined words with no address. Each link in a leaflet's body gets a numbered
// note and the addresses are listed under "Links in this leaflet"; with one link only, its address follows its text.
import Handlebars from 'handlebars';
import { linksOfHtml } from '../../render/html-text.js';
import { displayUrl } from '../../render/templates.js';

/** An address the leaflet lists, with the number its notes carry. */
export interface PrintedLink {
  number: number;
  /** The address as people write it: "nhs.uk/conditions/sciatica". */
  display: string;
}

/** The body with its links noted, and the addresses to list (none when there is one link, or none). */
export function noteLinks(html: string): { html: string; links: PrintedLink[] } {
  const numbers = new Map<string, number>();
  const noted: { end: number; display: string }[] = [];
  for (const link of linksOfHtml(html)) {
    const display = printedAddress(link.href);
    if (!display) continue;
    const text = link.text.trim();
    // An address written out as the link's text ("nhs.uk/sciatica") says itself.
    if (text === display || displayUrl(text) === display) continue;
    if (!numbers.has(display)) numbers.set(display, numbers.size + 1);
    noted.push({ end: link.end, display });
  }
  if (noted.length === 0) return { html, links: [] };
  const one = numbers.size === 1;
  let result = '';
  let from = 0;
  for (const { end, display } of noted) {
    const note = one
      ? ` (<span class="link-address" dir="ltr">${Handlebars.escapeExpression(display)}</span>)`
      : `<sup class="link-note">${numbers.get(display) ?? ''}</sup>`;
    result += html.slice(from, end) + note;
    from = end;
  }
  result += html.slice(from);
  return { html: result, links: one ? [] : [...numbers].map(([display, number]) => ({ number, display })) };
}

/**
 * The address a reader types for a link, or undefined for one that needs none on paper (a place on the page, a phone).
 */
function printedAddress(href: string): string | undefined {
  if (/^mailto:/i.test(href)) return decodeURIComponent(href.slice('mailto:'.length).split('?')[0] ?? '');
  if (!/^https?:\/\//i.test(href)) return undefined;
  return displayUrl(href);
}
