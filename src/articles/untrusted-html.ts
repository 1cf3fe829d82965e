// Raw HTML in an article is untrusted: whoever writes an article should not be able to put a script on the clinic's
// website or in its emails. This is the allow-list every format's HTML is sanitised against (sanitize-html), with what
// articles legitimately use and what leaflet's own Markdown renderer writes, and the finder that tells the writer, with
// the line, what the sanitiser will take out.
import { createRequire } from 'node:module';
import type { IOptions, default as SanitizeHtml } from 'sanitize-html';
import type { HtmlRef, LinkRef } from './images.js';

const require = createRequire(import.meta.url);
let sanitizer: typeof SanitizeHtml | undefined;

/**
 * sanitize-html, loaded on first use: reading an article with no raw HTML never needs it, and loading it (and the CSS
 * parser it brings) took 80-130 ms of a check of one article.
 */
function sanitizeHtml(html: string, options: IOptions): string {
  sanitizer ??= require('sanitize-html') as typeof SanitizeHtml;
  return sanitizer(html, options);
}

/** Addresses a link may use; anything else (javascript:, data:, vbscript:, file:) is removed. */
export const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto', 'tel'];

/** Addresses an image may use: inlined images too (leaflets print with data: images), where links may not. */
export const IMAGE_SCHEMES: readonly string[] = ['http', 'https', 'data'];

/** The tags and attributes article HTML may keep. */
export const HTML_POLICY: IOptions = {
  allowedTags: [
    // Text and structure.
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'abbr',
    'cite',
    'q',
    'span',
    'div',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'details',
    'summary',
    'figure',
    'figcaption',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'a',
    'img',
    // The icons of callout boxes (GitHub alerts), drawn by leaflet's own Markdown renderer.
    'svg',
    'path',
  ],
  allowedAttributes: {
    '*': ['id', 'class', 'title', 'lang', 'dir', 'role', 'aria-label', 'aria-hidden'],
    a: ['href', 'name'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    abbr: ['title'],
    details: ['open'],
    svg: ['viewBox', 'width', 'height', 'fill'],
    path: ['d', 'fill'],
  },
  allowedSchemes: [...LINK_SCHEMES],
  allowedSchemesByTag: { img: [...IMAGE_SCHEMES] },
  allowProtocolRelative: false,
  // Scripts and styles go with their content; other unknown tags lose only the tag.
  disallowedTagsMode: 'discard',
  // Keeps the case of SVG's viewBox, which HTML would lower.
  parser: { lowerCaseAttributeNames: false },
};

/** Article HTML with everything the allow-list does not keep taken out. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, HTML_POLICY);
}

/** HTML sanitised against `policy`: the allow-list with something added (the Markdown renderer's address marks). */
export function sanitizeWith(html: string, policy: IOptions): string {
  return sanitizeHtml(html, policy);
}

/** Something the sanitiser takes out of an article, and where it is. */
export interface UnsafeHtml {
  /** 1-based line within the body. */
  line: number;
  /** What is taken out, in words: `the <script> element`, `the onerror attribute`, `a javascript: address`. */
  what: string;
}

/**
 * What in an article's raw HTML and links (from `findReferences`) the sanitiser will take out, with the line of each.
 */
export function findUnsafeHtml({ html, links }: { html: readonly HtmlRef[]; links: readonly LinkRef[] }): UnsafeHtml[] {
  const found: UnsafeHtml[] = [];
  for (const link of links) {
    const scheme = refusedScheme('a', link.href);
    if (scheme) found.push({ line: link.line, what: `a ${scheme}: address` });
  }
  for (const chunk of html) {
    const lines = (before: number): number =>
      chunk.line + chunk.raw.slice(0, Math.max(0, before)).split('\n').length - 1;
    let searched = 0;
    const at = (needle: string): number => {
      const index = chunk.raw.toLowerCase().indexOf(needle.toLowerCase(), searched);
      if (index >= 0) searched = index;
      return lines(index);
    };
    sanitizeHtml(chunk.raw, {
      ...HTML_POLICY,
      onOpenTag(name, attributes) {
        const where = at(`<${name}`);
        if (!Array.isArray(HTML_POLICY.allowedTags) || !HTML_POLICY.allowedTags.includes(name))
          return void found.push({ line: where, what: `the <${name}> element` });
        const allowed = [...attributeList('*'), ...attributeList(name)];
        for (const [attribute, value] of Object.entries(attributes)) {
          if (!allowed.includes(attribute))
            found.push({ line: where, what: `the ${attribute} attribute of <${name}>` });
          else if (attribute === 'href' || attribute === 'src') {
            const scheme = refusedScheme(name, value);
            if (scheme) found.push({ line: where, what: `a ${scheme}: address in <${name}>` });
          }
        }
      },
    });
  }
  return found.sort((a, b) => a.line - b.line);
}

function attributeList(tag: string): string[] {
  const attributes = HTML_POLICY.allowedAttributes;
  return attributes ? (attributes[tag] ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.name)) : [];
}

/** The scheme of an address that the allow-list refuses as a `tag`'s href or src ("javascript"), or undefined. */
export function refusedScheme(tag: string, address: string): string | undefined {
  const scheme = schemeOf(readAddress(address));
  return scheme !== undefined && !schemesFor(tag).includes(scheme) ? scheme : undefined;
}

/**
 * Whether the sanitiser keeps `address` as a `tag`'s href or src: a scheme the allow-list has, or none and not
 * protocol-relative ("//elsewhere.example/x").
 */
export function addressKept(tag: string, address: string): boolean {
  const read = readAddress(address);
  const scheme = schemeOf(read);
  return scheme === undefined ? !/^[/\\]{2}/.test(read) : schemesFor(tag).includes(scheme);
}

function schemesFor(tag: string): readonly string[] {
  return tag === 'img' ? IMAGE_SCHEMES : LINK_SCHEMES;
}

function schemeOf(address: string): string | undefined {
  return /^([a-z][a-z0-9.+-]*):/i.exec(address)?.[1]?.toLowerCase();
}

/**
 * An address as sanitize-html reads it before it looks at the scheme: without spaces, control characters and HTML
 * comments, which a browser would skip too ("java\tscript:", "java<!-- -->script:").
 */
function readAddress(address: string): string {
  let read = address.replace(/[\x00-\x20]+/g, '');
  for (let open = read.indexOf('<!--'); open >= 0; open = read.indexOf('<!--')) {
    const close = read.indexOf('-->', open + 4);
    if (close < 0) break;
    read = read.slice(0, open) + read.slice(close + 3);
  }
  return read;
}
