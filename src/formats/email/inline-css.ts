// An email's stylesheet inlined into its elements by juice (media queries kept), made fast for a build that inlines the
// same stylesheet into a thousand emails; and mirrored first for languages written right to left.
import { createRequire } from 'node:module';
import type Juice from 'juice';

// juice is loaded on first use: with html-to-text it takes half a second to load, which `leaflet check` and a
// leaflet-only build need not pay.
const require = createRequire(import.meta.url);

/** Inline the `<style>` rules into `style` attributes; media queries stay in a `<style>` block. */
export function inlineCss(html: string): string {
  return loadJuice()(html, {
    preserveMediaQueries: true,
    preserveImportant: true,
    removeStyleTags: true,
    applyWidthAttributes: true,
    // Images carry their real height as an attribute (Outlook needs it); CSS "height: auto" must not replace it.
    applyHeightAttributes: false,
    applyAttributesTableElements: true,
    insertPreservedExtraCss: true,
  });
}

/**
 * The email stylesheet for a language written right to left: mail clients know little of logical CSS properties
 * ("margin-inline-start"), so rtlcss mirrors the physical ones (left for right) before they are inlined.
 */
const mirrored = new Map<string, string>();
export function stylesheetFor(css: string, dir: 'ltr' | 'rtl'): string {
  if (dir === 'ltr') return css;
  let flipped = mirrored.get(css);
  if (flipped === undefined) {
    flipped = (require('rtlcss') as { process(css: string): string }).process(css);
    if (mirrored.size >= 8) mirrored.clear();
    mirrored.set(css, flipped);
  }
  return flipped;
}

type JuiceModule = typeof Juice & {
  utils: Record<string, (...args: unknown[]) => unknown>;
  juiceDocument: (...args: unknown[]) => unknown;
};

/**
 * juice, with two of its steps made to suit a build (both are properties of what it exports, which it calls through): -
 * its stylesheet parsing remembered: every email of a build carries the same stylesheet, and juice parses it twice for
 * each one (a tenth of an email's time). The parsed rules are only read by juice, so one parse serves every email;
 * - its lookups narrowed (`narrowLookups`).
 */
let juiceReady: JuiceModule | undefined;
function loadJuice(): JuiceModule {
  if (juiceReady) return juiceReady;
  const loaded = require('juice') as JuiceModule;
  for (const name of ['parseCSS', 'getPreservedText']) {
    const original = loaded.utils[name];
    if (typeof original !== 'function') continue;
    const remembered = new Map<string, unknown>();
    loaded.utils[name] = (...args: unknown[]) => {
      const key = JSON.stringify(args);
      if (!remembered.has(key)) {
        // A few stylesheets at most (one a template); a long-running preview only ever adds edited ones.
        if (remembered.size >= 32) remembered.clear();
        remembered.set(key, original.apply(loaded.utils, args));
      }
      return remembered.get(key);
    };
  }
  const juiceDocument = loaded.juiceDocument;
  loaded.juiceDocument = ($: unknown, ...rest: unknown[]) =>
    juiceDocument.call(loaded, narrowLookups($ as Query), ...rest);
  juiceReady = loaded;
  return loaded;
}

/** An element or other node of the document juice works on (domhandler's), as far as a lookup reads it. */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** The document's cheerio `$`, as far as a lookup uses it. */
type Query = ((...args: unknown[]) => Selection) & { root(): Selection };
interface Selection {
  get(index: number): DomNode | undefined;
  filter(selector: string): Selection;
}

/**
 * juice finds each rule's elements with `$(selector)`, which tests every element of the document against the
 * selector: 49 rules on 100 elements took 2.2 ms of an email's 3.8 (a CPU profile of 1,000 emails). A selector whose
 * last part names a class or a tag is looked up among the elements that have that class (or tag) alone, with the
 * same test (cheerio's `filter`); any other lookup is left as it is.
 */
function narrowLookups($: Query): Query {
  return new Proxy($, {
    apply(target, self, args: unknown[]) {
      const [selector] = args;
      const key = args.length === 1 && typeof selector === 'string' ? lookupKey(selector) : undefined;
      if (!key || typeof selector !== 'string') return Reflect.apply(target, self, args);
      const root = target.root().get(0);
      return target(root ? elementsWith(root, key) : []).filter(selector);
    },
  });
}

/** Selectors of tags, classes and combinators only: no ids, attributes, pseudo-classes, lists or escapes. */
const PLAIN_SELECTOR = /^[A-Za-z0-9_\s.>+~-]+$/;
/** The last compound selector: an optional tag, then classes. */
const LAST_COMPOUND = /^([A-Za-z][A-Za-z0-9-]*)?((?:\.[A-Za-z_-][A-Za-z0-9_-]*)*)$/;

/** What every element a plain selector matches has: its last part's first class, or else its tag. */
function lookupKey(selector: string): { className: string } | { tag: string } | undefined {
  if (!PLAIN_SELECTOR.test(selector)) return undefined;
  const last = LAST_COMPOUND.exec(
    selector
      .trim()
      .split(/[\s>+~]+/)
      .pop() ?? '',
  );
  if (!last) return undefined;
  const [, tag, classes] = last;
  const className = classes ? classes.slice(1).split('.')[0] : undefined;
  if (className) return { className };
  return tag ? { tag: tag.toLowerCase() } : undefined;
}

/**
 * The elements under `root` that may match, in document order: those whose class attribute contains the class name
 * (a few more than have the class, which the selector's own test then drops), or whose tag is the tag.
 */
function elementsWith(root: DomNode, key: { className: string } | { tag: string }): DomNode[] {
  const found: DomNode[] = [];
  const stack: DomNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as DomNode);
    // domhandler's elements: tags, and the script and style elements it types apart.
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    if ('className' in key ? node.attribs?.class?.includes(key.className) : node.name?.toLowerCase() === key.tag)
      found.push(node);
  }
  return found;
}
