// Markdown to HTML with a `marked` instance owned by one build (never the global one): GitHub-style
// heading ids, GFM tables and task lists, smart typography and GitHub alerts as callout boxes; then sanitised.
//
// An article is rendered once for every format: its Markdown is parsed, made typographic and sanitised with a
// numbered mark in place of each link and image address, and each format then writes its own addresses in over the
// marks. The few latest renderings are kept, so that an article's email and web page (which the article pool hands to
// the same thread one after the other) share one.
import { decodeHTMLAttribute, escapeAttribute } from 'entities';
import GithubSlugger from 'github-slugger';
import { Marked, type Tokens } from 'marked';
import markedAlert from 'marked-alert';
import { markedSmartypants } from 'marked-smartypants';
import { unreadableMarkdown } from '../articles/nesting.js';
import { addressKept, HTML_POLICY, IMAGE_SCHEMES, LINK_SCHEMES, sanitizeWith } from '../articles/untrusted-html.js';
import { LeafletError } from '../errors.js';
import { textOfHtml } from './html-text.js';
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
  /** How many times it has parsed Markdown: a body rendered for one format after another is parsed once. */
  readonly parsed: number;
}

/** An address in the article, as the format-neutral rendering marks it. */
interface AddressRef {
  /**
   * Where it was written: a Markdown link or image (which marked writes through `encodeURI`), or an `<img>` in HTML.
   */
  kind: 'link' | 'image' | 'html-image';
  href: string;
}

/** An article rendered for no format in particular: `href` and `src` values are marks (`leaflet-ref:N`). */
interface NeutralRendering {
  html: string;
  headings: Heading[];
  refs: AddressRef[];
}

/** The scheme of the marks: allowed through the sanitiser, and replaced before any format sees the HTML. */
const MARK_SCHEME = 'leaflet-ref';
const MARK = /\s(href|src)="leaflet-ref:(\d+)"/g;

/** Renderings kept for the next format to ask: an article's formats are rendered one after another on a thread. */
const KEPT_RENDERINGS = 4;

/** What one rendering collects as marked walks the article. */
interface RenderState {
  refs: AddressRef[];
  slugger: GithubSlugger;
  headings: Heading[];
  say: Say | undefined;
}

/** A Markdown renderer with leaflet's extensions, owning its own `marked` instance. */
export function createMarkdownRenderer(): MarkdownRenderer {
  // Per-render state lives here, in this renderer's closure: rendering is synchronous, so one
  // render's slugger and references can never leak into another's.
  let current: RenderState | undefined;
  const marked = leafletMarked(() => current);

  /** Parse, make typographic and sanitise, with every address marked. */
  let parsed = 0;
  const neutral = (markdown: string, say: Say | undefined): NeutralRendering => {
    parsed += 1;
    current = { refs: [], slugger: new GithubSlugger(), headings: [], say };
    try {
      // Raw HTML in an article is untrusted: whatever the allow-list does not keep is taken out, in every format.
      const html = sanitizeWith(parseMarkdown(marked, markdown), MARKED_POLICY);
      return { html, headings: current.headings, refs: current.refs };
    } finally {
      current = undefined;
    }
  };

  const kept: { markdown: string; say: Say | undefined; rendering: NeutralRendering }[] = [];
  const rendering = (markdown: string, say: Say | undefined): NeutralRendering => {
    const found = kept.find((entry) => entry.markdown === markdown && entry.say === say);
    if (found) return found.rendering;
    const made = neutral(markdown, say);
    kept.unshift({ markdown, say, rendering: made });
    kept.length = Math.min(kept.length, KEPT_RENDERINGS);
    return made;
  };

  return {
    get parsed() {
      return parsed;
    },
    render(markdown, resolve, say) {
      const { html, headings, refs } = rendering(markdown, say);
      // Each address as the format writes it, in the article's order (a format's resolver may note what it was asked).
      const written = refs.map((ref) =>
        attributeValue(ref, ref.kind === 'link' ? resolve.link(ref.href) : resolve.image(ref.href)),
      );
      return {
        html: html.replace(MARK, (_, name: string, index: string) => {
          const value = written[Number(index)];
          return value === undefined ? '' : ` ${name}="${value}"`;
        }),
        headings: headings.map((heading) => ({ ...heading })),
      };
    },
  };
}

/**
 * The HTML marked makes of `markdown`; a LeafletError in plain words (its place added by whoever renders the file)
 * when marked fails. Quotes and lists nested too deep are refused before they get here (articles/nesting.ts).
 */
function parseMarkdown(marked: Marked, markdown: string): string {
  try {
    return marked.parse(markdown, { async: false });
  } catch (error) {
    throw new LeafletError('RENDER', unreadableMarkdown(error), { cause: error });
  }
}

/** A `marked` instance with leaflet's extensions, writing into the rendering `state()` gives (marks, headings). */
function leafletMarked(state: () => RenderState | undefined): Marked {
  const mark = (kind: AddressRef['kind'], href: string): string => {
    const current = state();
    if (!current) return href;
    // An address marked cannot fail to encode, where the article's own might (a lone surrogate): marked then writes
    // the text alone, and the rendering keeps that.
    if (kind !== 'html-image' && cleanUrl(href) === null) return href;
    current.refs.push({ kind, href });
    return `${MARK_SCHEME}:${current.refs.length - 1}`;
  };
  const marked = new Marked({ gfm: true, breaks: false }, markedSmartypants(), markedAlert());
  marked.use({
    // An alert's title ("Note", "Tip") in the article's language; marked-alert then writes the box.
    extensions: [
      {
        name: 'alert',
        renderer(token) {
          const meta = (token as { meta?: { variant?: string; title?: string } }).meta;
          const say = state()?.say;
          if (meta && say) meta.title = say(`alert.${meta.variant ?? 'note'}`);
          return false;
        },
      },
    ],
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const html = this.parser.parseInline(token.tokens);
        const plain = textOfHtml(html).trim();
        const current = state();
        const id = current ? current.slugger.slug(plain) : '';
        current?.headings.push({ depth: token.depth, text: plain, id });
        return `<h${token.depth} id="${id}">${html}</h${token.depth}>\n`;
      },
      image(token: Tokens.Image) {
        token.href = mark('image', token.href);
        return false; // let marked write the <img> with the mark
      },
      // A task list is a checklist for the patient to tick with a pen or in their head: a box drawn as a character,
      // not a disabled form control that screen readers announce as an unlabelled, unusable checkbox.
      checkbox(token: Tokens.Checkbox) {
        return (
          `<span class="task-box" role="img" ` +
          `aria-label="${token.checked ? 'done' : 'to do'}">${token.checked ? '☑' : '☐'}</span> `
        );
      },
      link(token: Tokens.Link) {
        token.href = mark('link', token.href);
        return false;
      },
      // An image written as HTML is resolved like a Markdown one: from the article's folder, in the format's way.
      html(token: Tokens.HTML | Tokens.Tag) {
        if (!state()) return token.text;
        return token.text.replace(
          /(<img\b[^>]*?\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
          (_, start: string, double?: string, single?: string, bare?: string) => {
            return `${start}"${mark('html-image', decodeHTMLAttribute(double ?? single ?? bare ?? ''))}"`;
          },
        );
      },
    },
  });
  return marked;
}

/**
 * The allow-list, with the marks let through (they are replaced, and the addresses checked, before anyone sees them).
 */
const MARKED_POLICY = {
  ...HTML_POLICY,
  allowedSchemes: [...LINK_SCHEMES, MARK_SCHEME],
  allowedSchemesByTag: { img: [...IMAGE_SCHEMES, MARK_SCHEME] },
};

/** marked's own clean-up of an address: `encodeURI`, with `%` left as written; null when it cannot be encoded. */
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

/**
 * A resolved address as the sanitiser would have written it into the attribute, or undefined when the sanitiser would
 * have taken the attribute out (an address with a scheme the allow-list does not have, such as `javascript:`). Marked
 * writes a Markdown address through `encodeURI` and unescaped, which the sanitiser then reads as HTML; an `<img>` in
 * HTML holds the address itself.
 */
function attributeValue(ref: AddressRef, resolved: string): string | undefined {
  const value = ref.kind === 'html-image' ? resolved : decodeHTMLAttribute(cleanUrl(resolved) ?? '');
  if (!addressKept(ref.kind === 'link' ? 'a' : 'img', value)) return undefined;
  // HTML's own serialisation of an attribute value: the sanitiser's bytes, except that the sanitiser also writes "<" and
  // ">" as references and a no-break space as itself. None of the three is left in a Markdown address (encodeURI wrote
  // it) unless it was written as a character reference, and a browser reads either spelling as the same address.
  return escapeAttribute(value);
}
