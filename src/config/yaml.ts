// YAML, read one way wherever leaflet reads it (the config file, front matter, packs) and written one way (init, new),
// by the `yaml` package. It reads YAML 1.2's core schema, as js-yaml's CORE_SCHEMA did before it: a date stays the text
// it is written as ("2026-02-30" is not rolled over to 2 March), "no" is a word, and no other tag makes anything but
// plain data. Its nodes keep their place in the text, so that a problem and a key are given with their line.
import {
  type Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  stringify,
  visit,
  type YAMLError,
} from 'yaml';

/** What a YAML text is called in a problem's words: "indent front matter with spaces", "the pack is not valid YAML". */
export interface YamlNames {
  noun: string;
  the: string;
}

/** What is wrong with a YAML text, in plain words, and its 1-based line in the text. */
export interface YamlProblem {
  problem: string;
  line: number | undefined;
  cause: unknown;
}

/** How a text is read: YAML 1.2's core schema, no tag beyond it, and never a word printed by the parser itself. */
const READ = { schema: 'core', resolveKnownTags: false, logLevel: 'error', prettyErrors: false } as const;

/** A YAML text, parsed without a problem. */
export class YamlDocument {
  readonly #document: Document.Parsed;
  readonly #lines: LineCounter;
  readonly #names: YamlNames;
  readonly #aliases: boolean;

  constructor(document: Document.Parsed, lines: LineCounter, names: YamlNames, aliases: boolean) {
    this.#document = document;
    this.#lines = lines;
    this.#names = names;
    this.#aliases = aliases;
  }

  /** Whether an alias (*name) repeats a list or a mapping: harmless for a person, explosive for a machine. */
  repeatsCollection(): boolean {
    if (!this.#aliases) return false;
    let repeats = false;
    visit(this.#document, {
      Alias: (_, alias) => {
        repeats = isCollection(alias.resolve(this.#document));
        return repeats ? visit.BREAK : undefined;
      },
    });
    return repeats;
  }

  /** The text's value as plain data (mappings as objects), or the problem (an alias to no anchor, or too many). */
  data(): { data: unknown } | YamlProblem {
    try {
      return { data: this.#document.toJS() as unknown };
    } catch (error) {
      const alias = firstUnresolvedAlias(this.#document);
      return { problem: notValid(this.#names), line: alias && this.#line(alias), cause: error };
    }
  }

  /**
   * The line of a key path (["sources", 1, "url"]): of its deepest key or list item that is in the text, or undefined
   * when its first key is not.
   */
  lineOf(keyPath: readonly PropertyKey[]): number | undefined {
    let node: unknown = this.#document.contents;
    let line: number | undefined;
    for (const segment of keyPath) {
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item.key) === String(segment));
        if (!pair || !isNode(pair.key)) break;
        line = this.#line(pair.key);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && isNode(node.items[segment])) {
        node = node.items[segment];
        line = this.#line(node as Node);
      } else break;
    }
    return line;
  }

  #line(node: Node): number | undefined {
    return node.range ? this.#lines.linePos(node.range[0]).line : undefined;
  }
}

/**
 * Parse YAML text. `merge` lets `<<` merge one mapping into another (the config file, where js-yaml's default schema
 * allowed it). A problem is worded with `names` and given at the line the reader should look at.
 */
export function readYaml(text: string, names: YamlNames, { merge = false } = {}): YamlDocument | YamlProblem {
  const lines = new LineCounter();
  const document = parseDocument(text, { ...READ, merge, lineCounter: lines });
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  // A tag the schema does not have (!!binary, !!timestamp, !shout) is only a warning to the parser: refused, as before.
  const error = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (error) return { ...problemIn(document, error, names, lineAt), cause: error };
  // Two things YAML forbids that this parser lets through (js-yaml refused them): a control character, a missing key.
  const control = NON_PRINTABLE.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return {
      problem: `this line holds a control character (U+${code}), which YAML does not allow: take it out.`,
      line: lineAt(control.index),
      cause: undefined,
    };
  }
  const { missingKey, aliases } = survey(document);
  if (missingKey !== undefined) return { problem: notValid(names), line: lineAt(missingKey), cause: undefined };
  return new YamlDocument(document, lines, names, aliases);
}

/** Characters YAML does not allow in a text (YAML 1.2, 5.1): control characters other than the tab and line ends. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/**
 * In one walk of the document: where a mapping first has a value with no key before its ":" (": value", which YAML 1.2
 * reads as an empty key), and whether the text has an alias at all.
 */
function survey(document: Document.Parsed): { missingKey: number | undefined; aliases: boolean } {
  let missingKey: number | undefined;
  let aliases = false;
  visit(document, {
    Alias: () => {
      aliases = true;
    },
    Pair: (_, pair) => {
      const key = pair.key;
      if (!isScalar(key) || key.source !== '' || key.type !== 'PLAIN' || !key.range) return undefined;
      missingKey = key.range[0];
      return visit.BREAK;
    },
  });
  return { missingKey, aliases };
}

/** YAML text's data and the lines of its keys, or the problem with it: for a text that may repeat a value by alias. */
export function readYamlData(
  text: string,
  names: YamlNames,
  options: { merge?: boolean } = {},
): { data: unknown; lineOf(keyPath: readonly PropertyKey[]): number | undefined } | YamlProblem {
  const yaml = readYaml(text, names, options);
  if (!(yaml instanceof YamlDocument)) return yaml;
  const read = yaml.data();
  return 'data' in read ? { data: read.data, lineOf: (keyPath) => yaml.lineOf(keyPath) } : read;
}

/** YAML for a value, as a person would write it: double quotes where quotes are needed, `lineWidth` 0 for no folding. */
export function writeYaml(value: unknown, lineWidth: number): string {
  return stringify(value, { lineWidth, singleQuote: false });
}

/** A parser's error in words, and the line a person should look at for it. */
function problemIn(
  document: Document.Parsed,
  error: YAMLError,
  names: YamlNames,
  lineAt: (offset: number) => number,
): { problem: string; line: number } {
  const [at] = error.pos;
  const line = lineAt(at);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { problem: `this line is indented with a tab: indent ${names.noun} with spaces.`, line };
    case 'DUPLICATE_KEY': {
      const key = nodeAt(document, at);
      return {
        problem: `the key ${key ? `"${keyText(key)}"` : 'on this line'} appears twice: keep one of them.`,
        line,
      };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return nestedMapping(document, at, lineAt) ?? { problem: MISFIT, line };
  }
  if (/^Missing closing ["']quote/.test(error.message)) {
    // The parser finds a quote left open only where the text ends: point at the value the quote opens.
    const quoted = nodeEndingAt(document, at);
    return { problem: 'a quote is opened and never closed: close it, or take it out.', line: lineAt(quoted ?? at) };
  }
  if (/^Flow (sequence|map)\b.*end with|^Missing , (or : )?between flow/.test(error.message)) {
    return {
      problem:
        'a list opened with "[" (or a "{") is not closed where it should be: close it on the same line, like tags: [knees, running].',
      line,
    };
  }
  if (['BAD_INDENT', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN', 'BAD_SCALAR_START'].includes(error.code))
    return { problem: MISFIT, line };
  if (error.code === 'MISSING_CHAR' && /^(Implicit map keys|Sequence item)/.test(error.message))
    return { problem: MISFIT, line };
  return { problem: notValid(names), line };
}

const MISFIT =
  'this line does not fit the lines around it: check its indentation, and put values that contain ":" or "#" in quotes.';

function notValid(names: YamlNames): string {
  return `${names.the} is not valid YAML here: check the indentation, and put values that contain ":", "#" or quotes in quotes.`;
}

/**
 * "Nested mappings are not allowed in compact mappings": a value with ": " in it ("title: Knee pain: what helps"),
 * when the key and the second ": " are on one line; a line indented too far otherwise (given at that line).
 */
function nestedMapping(
  document: Document.Parsed,
  at: number,
  lineAt: (offset: number) => number,
): { problem: string; line: number } | undefined {
  const inner = nodeAt(document, at);
  if (!inner?.range) return undefined;
  const line = lineAt(inner.range[1]);
  const outer = pairWithValueAt(document, at);
  if (!outer || !isNode(outer.key) || !outer.key.range || lineAt(outer.key.range[0]) !== line)
    return { problem: MISFIT, line };
  const key = keyText(outer.key);
  return {
    problem: `the value of "${key}" contains ": " (a colon and a space): put it in quotes, like ${key}: "Knee pain: what helps".`,
    line,
  };
}

/** The scalar that starts at `offset`. */
function nodeAt(document: Document.Parsed, offset: number): Scalar | undefined {
  let found: Scalar | undefined;
  visit(document, {
    Scalar: (_, node) => {
      if (node.range?.[0] !== offset) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The start of the quoted scalar that ends at `offset` (where a quote left open runs out). */
function nodeEndingAt(document: Document.Parsed, offset: number): number | undefined {
  let found: number | undefined;
  visit(document, {
    Scalar: (_, node) => {
      if (!node.range || node.range[1] !== offset || !/^QUOTE_/.test(node.type ?? '')) return undefined;
      found = node.range[0];
      return visit.BREAK;
    },
  });
  return found;
}

/** The key-value pair whose value starts at `offset`. */
function pairWithValueAt(document: Document.Parsed, offset: number): Pair | undefined {
  let found: Pair | undefined;
  visit(document, {
    Pair: (_, pair) => {
      if (!isPair(pair) || !isNode(pair.value) || pair.value.range?.[0] !== offset) return undefined;
      found = pair;
      return visit.BREAK;
    },
  });
  return found;
}

function firstUnresolvedAlias(document: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Alias: (_, alias) => {
      if (alias.resolve(document) !== undefined) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

/** A key as the plain data names it: its scalar's value as text. */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value ?? '') : String(key);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
