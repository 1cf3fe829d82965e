// Text out of HTML as a browser reads it, by an HTML parser (htmlparser2) rather than a regular expression: a "<" that
// opens no tag stays text, comments are no text, and every character reference is decoded.
import { Parser } from 'htmlparser2';

/** The text of an HTML fragment: its tags and comments taken out, its character references decoded. */
export function textOfHtml(html: string): string {
  let text = '';
  const parser = new Parser(
    {
      ontext(chunk) {
        text += chunk;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return text;
}

/** A link of an HTML fragment: its address and text (decoded) and the index just after its `</a>`. */
export interface HtmlLink {
  href: string;
  text: string;
  end: number;
}

/** The links (`<a>` with an `href`) of an HTML fragment, in order. */
export function linksOfHtml(html: string): HtmlLink[] {
  const links: HtmlLink[] = [];
  let open: { href: string; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'a' && attributes.href !== undefined) open = { href: attributes.href, text: '' };
      },
      ontext(chunk) {
        if (open) open.text += chunk;
      },
      onclosetag(name) {
        if (name !== 'a' || !open) return;
        links.push({ ...open, end: parser.endIndex + 1 });
        open = undefined;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return links;
}
