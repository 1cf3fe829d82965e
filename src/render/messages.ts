// The words leaflet adds to an article ("In short", "Page 1 of 3", "Last reviewed"), in the article's language: one
// message catalogue per language, written in ICU MessageFormat (plurals, placeholders) and filled by
// intl-messageformat. leaflet ships catalogues in templates/locales/; a clinic adds a language, or changes a phrase,
// with locales/<lang>.json in its project. A phrase a catalogue lacks is said in English, and the build says which.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Warning } from '../articles/article.js';
import { ConfigError } from '../errors.js';
import { catalogueTag, checkCatalogue, readCatalogue } from './catalogues.js';

/** The catalogues leaflet ships. */
export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL('../../templates/locales/', import.meta.url));

/** A project's own catalogues, beside its config. */
export const LOCALES_DIR = 'locales';

/** The language every other falls back to, whose catalogue has every key. */
export const FALLBACK_LANGUAGE = 'en';

/** A value put into a message: numbers choose plural forms. */
export type MessageValue = string | number;

/** Phrases of one language: `say("inShort")`. */
export type Say = (key: string, values?: Readonly<Record<string, MessageValue>>) => string;

/** The catalogues of one build. */
export interface Messages {
  /** The phrases of one language. */
  in(lang: string): Say;
  /** A hash of every catalogue, part of each output's cache key. */
  readonly stamp: string;
  /** The message `key` in `lang` (or English, when that language's catalogue lacks it), its placeholders filled. */
  format(lang: string, key: string, values?: Readonly<Record<string, MessageValue>>): string;
  /** The catalogue that serves `lang` ("cy" for "cy-GB"), or undefined when English stands in for all of it. */
  catalogueFor(lang: string): string | undefined;
  /** What to tell once per build about these languages: a language with no catalogue, or keys one lacks. */
  gaps(langs: Iterable<string>, shown: (file: string) => string): Warning[];
}

interface Catalogue {
  /** Messages by key, built-in ones overlaid by the project's. */
  messages: Map<string, string>;
  /** The files it was read from, the project's last. */
  files: string[];
}

/** Where to find the catalogues, and how to show their paths in messages. */
export interface MessagesOptions {
  /** The folder paths in messages are shown relative to (default: shown as they are). */
  cwd?: string;
  /** leaflet's own catalogues (tests give their own). */
  builtInDir?: string;
}

/**
 * Load the built-in catalogues and the project's `locales/` folder over them. Every message of the project's is
 * checked here, before anything is built: a ConfigError names the catalogue, the key and what is wrong.
 */
export function loadMessages(projectLocalesDir: string | undefined, options: MessagesOptions = {}): Messages {
  const builtInDir = options.builtInDir ?? DEFAULT_LOCALES_DIR;
  const { cwd } = options;
  const shown = (file: string): string => (cwd ? path.relative(cwd, file) || file : file);
  const { catalogues, stamp } = readCatalogues(builtInDir, projectLocalesDir, shown);
  const english = catalogues.get(FALLBACK_LANGUAGE);
  if (!english)
    throw new ConfigError(`leaflet's own message catalogue ${FALLBACK_LANGUAGE}.json is missing: reinstall leaflet.`, {
      file: builtInDir,
    });

  const chosen = new Map<string, string | undefined>();
  const catalogueFor = (lang: string): string | undefined => {
    if (!chosen.has(lang))
      chosen.set(
        lang,
        candidates(lang).find((tag) => catalogues.has(tag)),
      );
    return chosen.get(lang);
  };
  const compiled = new Map<string, IntlMessageFormat>();
  const compile = (tag: string, key: string, message: string, file: string): IntlMessageFormat => {
    const id = `${tag}\0${key}`;
    let format = compiled.get(id);
    if (!format) {
      try {
        format = new IntlMessageFormat(message, tag, undefined, { ignoreTag: true });
      } catch (error) {
        // A project's catalogue is checked as it is read; this is leaflet's own, or a message given in a test.
        throw new ConfigError(`the message "${key}" is not valid ICU MessageFormat: check its { } braces.`, {
          file: shown(file),
          cause: error,
        });
      }
      compiled.set(id, format);
    }
    return format;
  };

  // One `Say` a language, the same each time it is asked for: the Markdown renderer knows a rendering it can share by
  // it.
  const sayers = new Map<string, Say>();
  const messages: Messages = {
    stamp,
    catalogueFor,
    in(lang) {
      let say = sayers.get(lang);
      if (!say) {
        say = (key, values) => messages.format(lang, key, values);
        sayers.set(lang, say);
      }
      return say;
    },
    format(lang, key, values) {
      const tag = catalogueFor(lang);
      const own = tag ? catalogues.get(tag) : undefined;
      const message = own?.messages.get(key);
      const [useTag, text, from] =
        message !== undefined && tag && own
          ? [tag, message, own]
          : [FALLBACK_LANGUAGE, english.messages.get(key), english];
      if (text === undefined)
        throw new ConfigError(
          `there is no message "${key}" in any catalogue: a template asks for a phrase leaflet does ` +
            `not have. Check the key, or add it to locales/en.json.`,
          { file: shown(english.files.at(-1) ?? builtInDir) },
        );
      // Most phrases have nothing to fill in (no braces, no quotes to unescape): they are said as written.
      if (!/[{}']/.test(text)) return text;
      return String(
        compile(useTag, key, text, from.files.at(-1) ?? builtInDir).format(
          values as Record<string, MessageValue> | undefined,
        ),
      );
    },
    gaps: (langs, shown) => catalogueGaps(langs, { catalogues, english, catalogueFor, projectLocalesDir, shown }),
  };
  return messages;
}

/** Every catalogue, the project's messages over leaflet's, and a hash of them all. The project's are checked. */
function readCatalogues(
  builtInDir: string,
  projectDir: string | undefined,
  shown: (file: string) => string,
): { catalogues: Map<string, Catalogue>; stamp: string } {
  const catalogues = new Map<string, Catalogue>();
  const hash = createHash('sha256');
  let reference: ReadonlyMap<string, string> | undefined;
  for (const [index, dir] of [builtInDir, projectDir].entries()) {
    if (!dir || !existsSync(dir)) continue;
    // The project's messages are held to leaflet's own English: the phrases and placeholders the templates fill in.
    if (index > 0) reference ??= new Map(catalogues.get(FALLBACK_LANGUAGE)?.messages);
    for (const name of readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()) {
      const file = path.join(dir, name);
      const text = readFileSync(file, 'utf8');
      // By name and content, not by path: the cache stays valid wherever the project or leaflet is installed.
      hash.update(`${index}/${name}\0${text}\0`);
      const tag = catalogueTag(name.slice(0, -'.json'.length), shown(file));
      const catalogue: Catalogue = catalogues.get(tag) ?? { messages: new Map(), files: [] };
      const entries = readCatalogue(text, shown(file));
      if (reference) checkCatalogue(entries, { tag, reference, text, file: shown(file) });
      for (const [key, message] of entries) catalogue.messages.set(key, message);
      catalogue.files.push(file);
      catalogues.set(tag, catalogue);
    }
  }
  return { catalogues, stamp: hash.digest('hex') };
}

interface GapSources {
  catalogues: Map<string, Catalogue>;
  english: Catalogue;
  catalogueFor(lang: string): string | undefined;
  projectLocalesDir: string | undefined;
  shown(file: string): string;
}

/** A warning for each language with no catalogue, and for each catalogue that lacks keys English has. */
function catalogueGaps(
  langs: Iterable<string>,
  { catalogues, english, catalogueFor, projectLocalesDir, shown }: GapSources,
): Warning[] {
  const warnings: Warning[] = [];
  const told = new Set<string>();
  for (const lang of langs) {
    const tag = catalogueFor(lang);
    const language = primaryLanguage(lang);
    if (told.has(tag ?? `none:${language}`)) continue;
    told.add(tag ?? `none:${language}`);
    if (!tag) {
      warnings.push({
        file: projectLocalesDir
          ? shown(path.join(projectLocalesDir, `${language}.json`))
          : `${LOCALES_DIR}/${language}.json`,
        message:
          `there is no message catalogue for "${lang}", so the words leaflet adds (headings, ` +
          `labels, footers) are in English. Add locales/${language}.json, copied from leaflet's en.json and translated.`,
      });
      continue;
    }
    if (tag === FALLBACK_LANGUAGE) continue;
    const own = catalogues.get(tag);
    const missing = [...english.messages.keys()].filter((key) => !own?.messages.has(key));
    if (missing.length === 0) continue;
    const one = missing.length === 1;
    warnings.push({
      file: shown(own?.files.at(-1) ?? english.files[0] ?? ''),
      message:
        `the "${tag}" catalogue has no ${one ? 'message' : 'messages'} ` +
        `${missing.map((key) => `"${key}"`).join(', ')}, so ${one ? 'it is' : 'they are'} said in English. ` +
        `Add ${one ? 'it' : 'them'} to locales/${tag}.json.`,
    });
  }
  return warnings;
}

/** The catalogues that could serve a language, most particular first: "zh-TW" → zh-Hant-TW, zh-Hant, zh-TW, zh. */
function candidates(lang: string): string[] {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(lang);
  } catch {
    return [];
  }
  const full = locale.maximize();
  const tags = [
    locale.toString(),
    `${full.language}-${full.script}-${full.region}`,
    `${full.language}-${full.script}`,
    full.region ? `${full.language}-${full.region}` : '',
    full.language,
  ];
  return [...new Set(tags.filter(Boolean))];
}

/** The language part of a tag: "cy" of "cy-GB". */
export function primaryLanguage(lang: string): string {
  return lang.split('-')[0]?.toLowerCase() ?? lang;
}

/** A language's own name for itself, as a language switcher shows it: "Cymraeg", "Polski", "العربية". */
export function languageName(lang: string): string {
  try {
    // By language and script, not region: a reader looks for "English", not "British English".
    const { language, script } = new Intl.Locale(lang);
    const tag = script ? `${language}-${script}` : language;
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

/** Items joined as a language lists them: "3 sets of 10, hold 30 seconds, twice a day". */
export function joinList(items: readonly string[], lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'unit', style: 'short' }).format(items);
  } catch {
    return items.join(', ');
  }
}
