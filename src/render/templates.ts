// Handlebars templates: one environment per build, the default templates shipped with leaflet
// overridden file by file by the clinic's own template folder, and the helpers templates need.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { messageOf, TemplateError } from '../errors.js';
import { FALLBACK_LANGUAGE, loadMessages, type Messages, type MessageValue } from './messages.js';

/** Where leaflet's own templates live (the package's `templates/` folder). */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The template folders of one output kind. */
export type TemplateKind = string;

/** A loaded set of templates for one kind: layouts to fill and plain files (CSS) to read. */
export interface TemplateSet {
  /** Fill the layout `name` (e.g. "layout.hbs") with `context`. */
  render(name: string, context: object): string;
  /** The text of a non-template file, such as "style.css". */
  file(name: string): string;
  /** Where a file came from, for messages. */
  source(name: string): string;
  /** A hash of every file in the set: it changes when any template or stylesheet does. */
  stamp: string;
}

/** Loads template sets for a build, sharing one Handlebars environment per kind. */
export interface Templates {
  /**
   * The templates of `kind` (a folder of templates/). A kind may use another kind's partials as well as its own
   * (`partialsOf`): a newsletter is an email of several articles, a pack a leaflet of several.
   */
  load(kind: TemplateKind, options?: { partialsOf?: TemplateKind }): Promise<TemplateSet>;
}

/** How templates are loaded and filled. */
export interface TemplateOptions {
  /** Paths in error messages are shown relative to this folder. */
  cwd: string;
  /** Handlebars' strict mode: a variable that is not there is an error, not an empty string (tests use it). */
  strict?: boolean;
  /** leaflet's own templates; the clinic's folder overrides them file by file. */
  defaultsDir?: string;
  /** The message catalogues `{{t}}` reads (leaflet's own when not given). */
  messages?: Messages;
}

/** Create the template loader for one build. `overrideDir` is the clinic's template folder. */
export function createTemplates(overrideDir: string, options: TemplateOptions): Templates {
  const cache = new Map<TemplateKind, Promise<TemplateSet>>();
  const defaultsDir = options.defaultsDir ?? DEFAULT_TEMPLATES_DIR;
  return {
    load(kind, { partialsOf } = {}) {
      const key = partialsOf ? `${kind}+${partialsOf}` : kind;
      let set = cache.get(key);
      if (!set) {
        const dirs = (of: TemplateKind): [string, string] => [path.join(defaultsDir, of), path.join(overrideDir, of)];
        set = loadTemplateSet(kind, dirs(kind), partialsOf ? dirs(partialsOf) : undefined, options);
        cache.set(key, set);
      }
      return set;
    },
  };
}

/** Every file of a kind by name, the clinic's winning over the defaults; `partials/` of a sharing kind come first. */
async function templateFiles(
  dirs: [string, string],
  shared: [string, string] | undefined,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const dir of shared ?? []) {
    for (const name of await listFiles(dir)) if (name.startsWith('partials/')) files.set(name, path.join(dir, name));
  }
  for (const dir of dirs) {
    for (const name of await listFiles(dir)) files.set(name, path.join(dir, name));
  }
  return files;
}

/**
 * Template sets already made in this process, by everything that makes them what they are: parsing and compiling a
 * set is most of the work of filling it once, and the desk and the preview fill the same templates pack after pack.
 * A changed file changes the key; the oldest sets are let go beyond a few.
 */
const madeSets = new Map<string, TemplateSet>();
const MADE_SETS_KEPT = 16;

async function loadTemplateSet(
  kind: TemplateKind,
  dirs: [string, string],
  shared: [string, string] | undefined,
  options: TemplateOptions,
): Promise<TemplateSet> {
  const files = await templateFiles(dirs, shared);
  const [defaultsDir] = dirs;
  if (files.size === 0) throw new TemplateError(`no templates found for "${kind}"`, { file: defaultsDir });
  const texts = new Map<string, string>();
  for (const [name, file] of files) texts.set(name, await readFile(file, 'utf8'));
  const messages = options.messages ?? loadMessages(undefined);

  const hash = createHash('sha256');
  hash.update(`messages\0${messages.stamp}\0`);
  for (const [name, text] of [...texts].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${name}\0${text}\0`);
  const stamp = hash.digest('hex');
  const key = JSON.stringify([kind, stamp, options.strict ?? false, options.cwd, dirs, [...files]]);
  const made = madeSets.get(key);
  if (made) return made;
  const set = makeTemplateSet(kind, dirs, files, texts, messages, stamp, options);
  madeSets.set(key, set);
  if (madeSets.size > MADE_SETS_KEPT) madeSets.delete(madeSets.keys().next().value ?? key);
  return set;
}

/** Parse and compile a set's templates in a Handlebars environment of its own; a syntax error names its file. */
function makeTemplateSet(
  kind: TemplateKind,
  [, overrideDir]: [string, string],
  files: Map<string, string>,
  texts: Map<string, string>,
  messages: Messages,
  stamp: string,
  options: TemplateOptions,
): TemplateSet {
  const shown = (file: string): string => path.relative(options.cwd, file) || file;
  const env = Handlebars.create();
  registerHelpers(env, messages);
  const layouts = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, file] of files) {
    const text = texts.get(name) ?? '';
    if (!name.endsWith('.hbs')) continue;
    let parsed: hbs.AST.Program;
    try {
      // Handlebars compiles lazily; parse now so that syntax errors name their file at load. Its whitespace control
      // changes the parsed template in place, so it is left to the one compile that follows.
      parsed = env.parseWithoutProcessing(text);
    } catch (error) {
      throw templateError(shown(file), error);
    }
    // The parsed template is what is compiled, rather than its text again; partials too, as the layouts are.
    const compiled = env.compile(parsed, { strict: options.strict ?? false, preventIndent: true });
    if (name.startsWith('partials/')) env.registerPartial(name.slice('partials/'.length, -'.hbs'.length), compiled);
    else layouts.set(name, compiled);
  }

  return {
    stamp,
    render(name, context) {
      const template = layouts.get(name);
      if (!template) throw new TemplateError(`template "${kind}/${name}" does not exist`, { file: shown(overrideDir) });
      try {
        return template(context, { allowProtoPropertiesByDefault: false });
      } catch (error) {
        throw templateError(shown(files.get(name) ?? name), error);
      }
    },
    file(name) {
      const text = texts.get(name);
      if (text === undefined)
        throw new TemplateError(`template file "${kind}/${name}" does not exist`, { file: shown(overrideDir) });
      return text;
    },
    source(name) {
      return files.get(name) ?? name;
    },
  };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) names.push(...(await listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)));
    else if (entry.isFile()) names.push(`${prefix}${entry.name}`);
  }
  return names;
}

function templateError(file: string, error: unknown): TemplateError {
  const message = messageOf(error);
  const line = /line (\d+)/i.exec(message)?.[1] ?? /- (\d+):\d+$/.exec(message)?.[1];
  return new TemplateError(`template error: ${templateProblem(message)}`, {
    file,
    ...(line ? { line: Number(line) } : {}),
    cause: error,
  });
}

/** What a Handlebars complaint means for someone editing a template. */
function templateProblem(message: string): string {
  const [first = '', source = '', pointer = '', expecting = ''] = message.split('\n');
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(first);
  if (mismatch) return `{{/${mismatch[2]}}} closes a {{#${mismatch[1]}}} block: close each block with its own name.`;
  if (/OPEN_ENDBLOCK/.test(expecting) && /got 'EOF'/.test(expecting))
    return 'a {{#...}} block is never closed: add its {{/...}} (for {{#if}}, {{/if}}).';
  if (/ID', 'STRING'/.test(expecting) || /got 'INVALID'/.test(expecting)) {
    const near = source.slice(Math.max(0, pointer.indexOf('^') - 20), pointer.indexOf('^') + 10).trim();
    return `an expression is not written correctly near "${near}": each {{ needs its }}.`;
  }
  if (/^Parse error/.test(first))
    return `the template does not parse near "${source.trim().slice(0, 40)}": check the {{ }} there.`;
  return first;
}

/** The helpers every template can use. */
export function registerHelpers(env: typeof Handlebars, messages: Messages): void {
  // {{t "key" name=value}}: a phrase from the catalogue of the page's language (`lang` at the top of the view, or a
  // `lang=` of its own). Values are escaped, except markup made by the `html` and `wrap` helpers.
  env.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    const { lang, ...hash } = options.hash as Record<string, unknown>;
    const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
    const language = typeof lang === 'string' ? lang : typeof root?.lang === 'string' ? root.lang : FALLBACK_LANGUAGE;
    const markup: string[] = [];
    const values: Record<string, MessageValue> = {};
    for (const [name, value] of Object.entries(hash)) {
      if (value instanceof env.SafeString) {
        values[name] = `\uE000${markup.length}\uE001`;
        markup.push(value.toString());
      } else
        values[name] = typeof value === 'number' ? value : value === undefined || value === null ? '' : String(value);
    }
    const text = env.Utils.escapeExpression(messages.format(language, String(key), values));
    return new env.SafeString(
      markup.length > 0 ? text.replace(/\uE000(\d+)\uE001/g, (_, index: string) => markup[Number(index)] ?? '') : text,
    );
  });
  // Markup written in a template, to put into a phrase: {{t "footer.page" page=(html '<span
  // class="pageNumber"></span>')}}.
  env.registerHelper('html', (...args: unknown[]) => new env.SafeString(args.slice(0, -1).map(String).join('')));
  // Text in an element, escaped, to put into a phrase: {{t "contact.phone" phone=(wrap "strong" clinic.phone)}}.
  // Attributes come from the hash: (wrap "strong" clinic.phone dir="ltr").
  env.registerHelper('wrap', (tag: unknown, text: unknown, options: Handlebars.HelperOptions) => {
    const attributes = Object.entries(options.hash as Record<string, unknown>).map(
      ([name, value]) => ` ${name}="${env.Utils.escapeExpression(String(value))}"`,
    );
    return new env.SafeString(
      `<${String(tag)}${attributes.join('')}>${env.Utils.escapeExpression(typeof text === 'string' ? text : '')}</${String(tag)}>`,
    );
  });
  env.registerHelper('formatDate', (date: unknown, lang: unknown) =>
    formatDate(date, typeof lang === 'string' ? lang : 'en-GB'),
  );
  env.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  env.registerHelper('hostname', (url: unknown) => (typeof url === 'string' ? displayUrl(url) : ''));
  // Phone numbers and the like, kept on one line: spaces become non-breaking.
  env.registerHelper('nowrap', (text: unknown) => (typeof text === 'string' ? text.replace(/ /g, '\u00a0') : ''));
  env.registerHelper('telHref', (phone: unknown) =>
    typeof phone === 'string' ? `tel:${phone.replace(/[^\d+]/g, '')}` : '',
  );
}

/** Date formats by language: making one costs a millisecond, more than a page's other helpers together. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Dates written, by language and date: a project has few dates, which every page and email of a build writes again
 * (formatting them took 0.14 s of a build of 1,000 emails and pages).
 */
const writtenDates = new Map<string, string>();

/** A date such as "14 September 2026", in the article's language. */
export function formatDate(date: unknown, lang: string): string {
  if (typeof date !== 'string' || !date) return '';
  const key = `${lang}\u0000${date}`;
  const written = writtenDates.get(key);
  if (written !== undefined) return written;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  const text = format.format(parsed);
  writtenDates.set(key, text);
  return text;
}

/** A web address as people write it: "example.org/advice" (no scheme, no trailing slash). */
export function displayUrl(url: string): string {
  return url
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/$/, '');
}
