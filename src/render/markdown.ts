// Markdown to HTML with a `marked` instance owned by one build (never the global one): GitHub-style
// heading ids, GFM tables and task lists, smart typography and GitHub alerts as callout boxes; then sanitised.
import GithubSlugger from 'github-slugger';
import { Marked, type Tokens } from 'marked';
import markedAlert from 'marked-alert';
import { markedSmartypants } from 'marked-smartypants';
import { sanitizeArticleHtml } from '../articles/untrusted-html.js';
import type { Say } from './messages.js';

/** How one output format wants image and link addresses written. */
export interface LinkResolver {
  /** The `src` for an image written as `href` in the article. */
  image(href: string): string;
  /** The `href` for a link written as `href` in the article. */
  link(href: string): string;
}

/** A heading of the article, for outlines and tables of contents. */
export interface Heading {
  depth: number;
  text: string;
  id: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
}

/** Renders article bodies; create one per build. */
export interface MarkdownRenderer {
  /** `say` gives the words the renderer adds (an alert's "Note"), in the article's language; English when not given. */
  render(markdown: string, resolve: LinkResolver, say?: Say): RenderedMarkdown;
}

/** A Markdown renderer with leaflet's extensions, owning its own `marked` instance. */
export function createMarkdownRenderer(): MarkdownRenderer {
  // Per-render state lives here, in this renderer's closure: rendering is synchronous, so one
  // render's slugger and resolver can never leak into another's.
  let current: { resolve: LinkResolver; slugger: GithubSlugger; headings: Heading[]; say: Say | undefined } | undefined;

  const marked = new Marked({ gfm: true, breaks: false }, markedSmartypants(), markedAlert());
  marked.use({
    // An alert's title ("Note", "Tip") in the article's language; marked-alert then writes the box.
    extensions: [
      {
        name: 'alert',
        renderer(token) {
          const meta = (token as { meta?: { variant?: string; title?: string } }).meta;
          if (meta && current?.say) meta.title = current.say(`alert.${meta.variant ?? 'note'}`);
          return false;
        },
      },
    ],
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const html = this.parser.parseInline(token.tokens);
        const plain = html.replace(/<[^>]*>/g, '').replace(/&[^;\s]+;/g, (entity) => decodeEntity(entity)).trim();
        const id = current ? current.slugger.slug(plain) : '';
        current?.headings.push({ depth: token.depth, text: plain, id });
        return `<h${token.depth} id="${id}">${html}</h${token.depth}>\n`;
      },
      image(token: Tokens.Image) {
        if (current) token.href = current.resolve.image(token.href);
        return false; // let marked write the <img> with the new address
      },
      // A task list is a checklist for the patient to tick with a pen or in their head: a box drawn as a character,
      // not a disabled form control that screen readers announce as an unlabelled, unusable checkbox.
      checkbox(token: Tokens.Checkbox) {
        return `<span class="task-box" role="img" aria-label="${token.checked ? 'done' : 'to do'}">${token.checked ? '☑' : '☐'}</span> `;
      },
      link(token: Tokens.Link) {
        if (current) token.href = current.resolve.link(token.href);
        return false;
      },
      // An image written as HTML is resolved like a Markdown one: from the article's folder, in the format's way.
      html(token: Tokens.HTML | Tokens.Tag) {
        const resolve = current?.resolve;
        if (!resolve) return token.text;
        return token.text.replace(/(<img\b[^>]*?\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi, (_, start: string, double?: string, single?: string, bare?: string) => {
          const src = resolve.image(decodeAttribute(double ?? single ?? bare ?? ''));
          return `${start}"${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
        });
      },
    },
  });

  return {
    render(markdown, resolve, say) {
      current = { resolve, slugger: new GithubSlugger(), headings: [], say };
      try {
        // Raw HTML in an article is untrusted: whatever the allow-list does not keep is taken out, in every format.
        const html = sanitizeArticleHtml(marked.parse(markdown, { async: false }));
        return { html, headings: current.headings };
      } finally {
        current = undefined;
      }
    },
  };
}

/** An attribute value as written in HTML, with its character references decoded. */
function decodeAttribute(value: string): string {
  return value.replace(/&[^;\s]+;/g, (entity) => decodeEntity(entity));
}

const NAMED_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function decodeEntity(entity: string): string {
  const named = NAMED_ENTITIES[entity];
  if (named) return named;
  const code = /^&#(x?)([0-9a-f]+);$/i.exec(entity);
  if (code?.[2]) return String.fromCodePoint(parseInt(code[2], code[1] ? 16 : 10));
  return entity;
}
