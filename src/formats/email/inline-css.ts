// An email's stylesheet inlined into its elements by juice (media queries kept), made fast for a build that inlines the
// same stylesheet into a thousand emails; and mirrored first for languages written right to left.
import { createRequire } from 'node:module';
import type { compile as Compile } from 'css-select';
import type Juice from 'juice';

// juice (and css-select, which cheerio loads for it too) is loaded on first use: with html-to-text it takes half a second
// to load, which `leaflet check` and a leaflet-only build need not pay.
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
 * - its lookups compiled once and narrowed to the elements that may match (`narrowLookups`).
 */
let juiceReady: JuiceModule | undefined;
function loadJuice(): JuiceModule {
  if (juiceReady) return juiceReady;
  const loaded = require('juice') as JuiceModule;
  for (const name of ['parseCSS', 'getPreservedText']) {
    const original = loaded.utils[name];
    if (typeof original !== 'function') continue;
    // By the stylesheet's text, then by the other arguments (a few options, as JSON): the text is not copied into a
    // key of its own for each email.
    const remembered = new Map<string, Map<string, unknown>>();
    loaded.utils[name] = (...args: unknown[]) => {
      const [text, ...rest] = args;
      if (typeof text !== 'string') return original.apply(loaded.utils, args);
      const options = JSON.stringify(rest);
      let byOptions = remembered.get(text);
      if (!byOptions) {
        // A few stylesheets at most (one a template); a long-running preview only ever adds edited ones.
        if (remembered.size >= 32) remembered.clear();
        byOptions = new Map();
        remembered.set(text, byOptions);
      }
      if (!byOptions.has(options)) byOptions.set(options, original.apply(loaded.utils, args));
      return byOptions.get(options);
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
type Query = ((...args: unknown[]) => unknown) & { root(): { get(index: number): DomNode | undefined } };

/** A plain selector made ready to look up: what every element it matches has, and its test (css-select's). */
interface Lookup {
  key: string;
  matches(node: DomNode): boolean;
}

/**
 * juice finds each rule's elements with `$(selector)`, which parses the selector and tests every element of the
 * document against it: 49 rules on 100 elements took 2.2 ms of an email's 3.8 (a CPU profile of 1,000 emails). Here a
 * selector whose last part names a class or a tag is compiled once for the build, and tested only on the elements of
 * the document that have that class (or tag), from an index of them made once an email.
 *
 * The index is made at the first rule's lookup. Before the rules juice looks up the `style` elements and may take some
 * out, so that lookup has an index of its own; the rules themselves move no element and change no class.
 */
function narrowLookups($: Query): Query {
  let index: Map<string, DomNode[]> | undefined;
  let root: DomNode | undefined;
  return new Proxy($, {
    apply(target, self, args: unknown[]) {
      const [selector] = args;
      const lookup = args.length === 1 && typeof selector === 'string' ? lookupOf(selector) : undefined;
      if (!lookup) return Reflect.apply(target, self, args);
      root ??= target.root().get(0);
      // The style elements, looked up before the rules, from an index made for that lookup alone.
      if (lookup.key === 'style') return target((elementIndex(root).get('style') ?? []).filter(lookup.matches));
      index ??= elementIndex(root);
      return target((index.get(lookup.key) ?? []).filter(lookup.matches));
    },
  });
}

/** Selectors of tags, classes and combinators only: no ids, attributes, pseudo-classes, lists or escapes. */
const PLAIN_SELECTOR = /^[A-Za-z0-9_\s.>+~-]+$/;
/** The last compound selector: an optional tag, then classes. */
const LAST_COMPOUND = /^([A-Za-z][A-Za-z0-9-]*)?((?:\.[A-Za-z_-][A-Za-z0-9_-]*)*)$/;

/** Each selector looked up, made ready (or null: left to cheerio), for every email of the build. */
const lookups = new Map<string, Lookup | null>();

function lookupOf(selector: string): Lookup | undefined {
  let lookup = lookups.get(selector);
  if (lookup === undefined) {
    const key = lookupKey(selector);
    const { compile } = require('css-select') as { compile: typeof Compile };
    lookup = key ? { key, matches: compile(selector, { xmlMode: false }) } : null;
    // A stylesheet or two in a build; a long-running preview only ever adds edited ones.
    if (lookups.size >= 1024) lookups.clear();
    lookups.set(selector, lookup);
  }
  return lookup ?? undefined;
}

/**
 * What every element a plain selector matches has, as the index keys it: `.` and its last part's first class, or
 * else its tag.
 */
function lookupKey(selector: string): string | undefined {
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
  if (className) return `.${className}`;
  return tag?.toLowerCase();
}

/**
 * The elements under `root` by tag and by each of their classes (`.name`), in document order: domhandler's elements,
 * which are tags and the script and style elements it types apart.
 */
function elementIndex(root: DomNode | undefined): Map<string, DomNode[]> {
  const index = new Map<string, DomNode[]>();
  if (!root) return index;
  const add = (key: string, node: DomNode): void => {
    const list = index.get(key);
    if (list) list.push(node);
    else index.set(key, [node]);
  };
  const stack: DomNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const children = node.children ?? [];
    for (let at = children.length - 1; at >= 0; at -= 1) stack.push(children[at] as DomNode);
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    if (node.name) add(node.name.toLowerCase(), node);
    const classes = node.attribs?.class;
    if (classes) for (const name of new Set(classes.split(/[\t\n\f\r ]+/))) if (name) add(`.${name}`, node);
  }
  return index;
}
