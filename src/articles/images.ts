// Find the images and links an article's Markdown refers to, with their lines, so missing files are caught
// before anything is rendered.
import { Lexer, type Token, type Tokens } from 'marked';

/** One image reference in an article body. */
export interface ImageRef {
  href: string;
  /**
   * The alt text as written between the brackets, or in an HTML `alt` attribute (undefined when the tag has none;
   * `alt=""` marks an image as decorative, which only HTML can say).
   */
  alt: string | undefined;
  /** 1-based line within the body. */
  line: number;
  /** Written as an HTML `<img>` tag rather than Markdown. */
  html?: boolean;
}

/** One link in an article body. */
export interface LinkRef {
  href: string;
  /** The link's text, as written (Markdown and all). */
  text: string;
  /** 1-based line within the body. */
  line: number;
}

/** Every `![alt](href)` in the Markdown, in order; `tokens` are its tokens, when they were lexed already. */
export function findImages(markdown: string, tokens?: readonly Token[]): ImageRef[] {
  return findReferences(markdown, tokens).images;
}

/** A piece of raw HTML written in an article body. */
export interface HtmlRef {
  raw: string;
  /** 1-based line within the body where it starts. */
  line: number;
}

/** An article's references, found once: its load checks them, and the build hashes the images it shows. */
const referencesByArticle = new WeakMap<object, ReturnType<typeof findReferences>>();

/** `findReferences` of an article's body, remembered for as long as the article is. */
export function referencesOf(article: { body: string }): ReturnType<typeof findReferences> {
  let found = referencesByArticle.get(article);
  if (!found) {
    found = findReferences(article.body);
    referencesByArticle.set(article, found);
  }
  return found;
}

/**
 * Every image, every Markdown link and every piece of raw HTML in the Markdown, in order (from `tokens` when given).
 */
export function findReferences(
  markdown: string,
  tokens?: readonly Token[],
): { images: ImageRef[]; links: LinkRef[]; html: HtmlRef[] } {
  const refs: ImageRef[] = [];
  const links: LinkRef[] = [];
  const html: HtmlRef[] = [];
  // Most bodies have no images, links or HTML; lexing them costs more than reading the rest of the article.
  if (!markdown.includes('](') && !markdown.includes(']:') && !markdown.includes('<'))
    return { images: refs, links, html };
  let htmlFrom = 0;
  let searchFrom = 0;
  let linkFrom = 0;
  const visit = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'link') {
        const link = token as Tokens.Link;
        const at = markdown.indexOf(link.raw, linkFrom);
        if (at >= 0) linkFrom = at + 1;
        links.push({
          href: link.href,
          text: link.text,
          line: markdown.slice(0, at >= 0 ? at : linkFrom).split('\n').length,
        });
      }
      if (token.type === 'image') {
        const image = token as Tokens.Image;
        const at = markdown.indexOf(image.raw, searchFrom);
        const offset = at >= 0 ? at : searchFrom;
        if (at >= 0) searchFrom = at + image.raw.length;
        refs.push({ href: image.href, alt: image.text, line: markdown.slice(0, offset).split('\n').length });
      }
      if (token.type === 'html') {
        const at = markdown.indexOf(token.raw, htmlFrom);
        if (at >= 0) htmlFrom = at + token.raw.length;
        html.push({ raw: token.raw, line: markdown.slice(0, at >= 0 ? at : htmlFrom).split('\n').length });
        for (const tag of token.raw.matchAll(/<img\b[^>]*>/gi)) {
          const at = markdown.indexOf(tag[0], searchFrom);
          const offset = at >= 0 ? at : searchFrom;
          refs.push({
            href: attribute(tag[0], 'src') ?? '',
            alt: attribute(tag[0], 'alt'),
            line: markdown.slice(0, offset).split('\n').length,
            html: true,
          });
        }
      }
      const nested = token as {
        tokens?: Token[];
        items?: Token[];
        rows?: { tokens: Token[] }[][];
        header?: { tokens: Token[] }[];
      };
      if (nested.tokens) visit(nested.tokens);
      if (nested.items) visit(nested.items);
      if (nested.header) for (const cell of nested.header) visit(cell.tokens);
      if (nested.rows) for (const row of nested.rows) for (const cell of row) visit(cell.tokens);
    }
  };
  visit(tokens ?? new Lexer({ gfm: true }).lex(markdown));
  return { images: refs, links, html };
}

/** The value of an attribute in one HTML tag, or undefined when the tag does not have it. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
}

/** True for references that are not files next to the article (web addresses, data URIs). */
export function isExternalRef(href: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href);
}
