// Find the images an article's Markdown refers to, with their lines, so missing files are caught
// before anything is rendered.
import { Lexer, type Token, type Tokens } from 'marked';

/** One image reference in an article body. */
export interface ImageRef {
  href: string;
  /** 1-based line within the body. */
  line: number;
}

/** Every `![alt](href)` in the Markdown, in order. */
export function findImages(markdown: string): ImageRef[] {
  const refs: ImageRef[] = [];
  let searchFrom = 0;
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const image = token as Tokens.Image;
        const at = markdown.indexOf(image.raw, searchFrom);
        const offset = at >= 0 ? at : searchFrom;
        if (at >= 0) searchFrom = at + image.raw.length;
        refs.push({ href: image.href, line: markdown.slice(0, offset).split('\n').length });
      }
      const nested = token as { tokens?: Token[]; items?: Token[]; rows?: { tokens: Token[] }[][]; header?: { tokens: Token[] }[] };
      if (nested.tokens) visit(nested.tokens);
      if (nested.items) visit(nested.items);
      if (nested.header) for (const cell of nested.header) visit(cell.tokens);
      if (nested.rows) for (const row of nested.rows) for (const cell of row) visit(cell.tokens);
    }
  };
  visit(new Lexer({ gfm: true }).lex(markdown));
  return refs;
}

/** True for references that are not files next to the article (web addresses, data URIs). */
export function isExternalRef(href: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href);
}
