// Spelling (rule `spelling`): the words of an article's prose that the dictionary of its language does not know, each
// with what was probably meant.
//
// The engine is Hunspell itself, compiled to WebAssembly (hunspell-asm), reading the Hunspell dictionaries of the
// dictionary-en-gb, dictionary-en, dictionary-es and dictionary-pl packages. nspell, a JavaScript Hunspell, works out
// every form of every word when it loads a dictionary: 27 s and 500 MB for Polish on each thread, 2 s for Spanish
// (Hunspell: 0.8 s and 0.2 s). English also knows:
//   - medical words: cspell's list of nearly 100,000 medical terms (@cspell/dict-medicalterms, kept up by the cspell
//     project), so that "plantar fasciitis", "sciatica" and "physiotherapist" pass;
//   - common misspellings and the word meant (@cspell/dict-en-common-misspellings): the first suggestion for
//     "recieve" is "receive", without Hunspell's slower search. A word the list names is flagged even where the
//     medical list has it (that list keeps some misspellings: "accomodation", "diptheria"), unless the dictionary
//     itself knows it; MEDICAL_MISSPELLINGS adds the variants of medical words that a leaflet should not use.
// Every language knows the clinic's own words (`words.txt`, or `check.wordList`), the words of its name and address,
// and the names in the article's `author` and `reviewer`.
//
// What is read: the prose (prose.ts: no code, HTML, images or web addresses; a link's words but not its address), the
// headings and table cells, the title, summary and key points. Left out: e-mail and web addresses written out
// ("hello@riverside.example", "riverside.example"), words touching digits ("10am"), single letters, words in capitals
// (NHS, RICE: acronyms, which no dictionary lists), and words with a capital inside (McKenzie, TheraBand: names and
// brands). A Capitalised word is checked: Hunspell knows names such as "Achilles" and "Tuesday", and a misspelling at
// the start of a sentence or in a heading is still one; a name it does not know goes in words.txt.
//
// Loading a dictionary takes a tenth of a second to a second, so each is loaded once a checker (one a thread), when
// an article in its language first needs it; a word's verdict and suggestions are remembered for the next articles.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Hunspell, HunspellFactory } from 'hunspell-asm';
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Finding } from './findings.js';
import type { Segment } from './prose.js';
import type { PlaceOf } from './structure.js';

/** The dictionaries leaflet has, by the language they spell. */
type DictionaryId = 'en-GB' | 'en-US' | 'es' | 'pl';

interface HunspellDictionary {
  aff: Uint8Array;
  dic: Uint8Array;
}

/** Each dictionary's package, imported when it is first needed (each reads its .aff and .dic files as it loads). */
const DICTIONARIES: Record<DictionaryId, () => Promise<{ default: HunspellDictionary }>> = {
  'en-GB': () => import('dictionary-en-gb'),
  'en-US': () => import('dictionary-en'),
  es: () => import('dictionary-es'),
  pl: () => import('dictionary-pl'),
};

/** Variants that the medical list keeps but a leaflet should not use, with the spelling to use. */
const MEDICAL_MISSPELLINGS: Readonly<Record<string, string>> = {
  fascitis: 'fasciitis',
};

/** The most suggestions a finding gives. */
const MAX_SUGGESTIONS = 3;

/**
 * The dictionary for an article in `lang`: American English for en-US, British for every other English (and for "en"
 * alone, as the tool's default language is en-GB), Spanish for any es, Polish for pl; none for other languages.
 */
export function dictionaryFor(lang: string): DictionaryId | undefined {
  const [language, ...subtags] = lang.toLowerCase().split('-');
  if (language === 'en') return subtags.includes('us') ? 'en-US' : 'en-GB';
  if (language === 'es') return 'es';
  if (language === 'pl') return 'pl';
  return undefined;
}

/** The spelling of one language's dictionary, with what a checker has looked up remembered. */
export interface LanguageSpeller {
  readonly dictionary: DictionaryId;
  /** True when the dictionary (with the medical and the clinic's words) does not know `word`. */
  misspelt(word: string): boolean;
  /** Up to three words that were probably meant, the likeliest first. */
  suggest(word: string): string[];
}

/** The spellers of one checker: each language's loaded when it is first asked for. */
export interface Spelling {
  /** The speller of `lang`, or undefined when leaflet has no dictionary for it. */
  forLanguage(lang: string): Promise<LanguageSpeller | undefined>;
}

/** The spellers for a config: its word list and the clinic's name and address are known in every language. */
export function createSpelling(config: ResolvedConfig): Spelling {
  const clinicWords = [
    ...config.clinicWords,
    ...wordsOf(config.clinic.name),
    ...wordsOf(config.clinic.address ?? ''),
  ].map(apostrophes);
  const spellers = new Map<DictionaryId, Promise<LanguageSpeller>>();
  return {
    forLanguage(lang) {
      const id = dictionaryFor(lang);
      if (!id) return Promise.resolve(undefined);
      let speller = spellers.get(id);
      if (!speller) {
        speller = hunspellFactory().then((loaded) => makeSpeller(loaded, id, clinicWords));
        spellers.set(id, speller);
      }
      return speller;
    },
  };
}

/** Hunspell's module, loaded once a thread: every speller of the thread makes its Hunspells with it. */
let hunspellModule: Promise<HunspellFactory> | undefined;
function hunspellFactory(): Promise<HunspellFactory> {
  hunspellModule ??= loadHunspell();
  return hunspellModule;
}

/** Hunspells of a dictionary made ahead (`warmSpelling`), each taken by the first speller of that dictionary. */
const madeAhead = new Map<DictionaryId, Promise<Hunspell>>();

/**
 * Make the Hunspell of `lang`'s dictionary now, for the first speller of that dictionary to take: a worker thread
 * started early does it while it waits for the build to read the articles (Hunspell reads the English dictionary in
 * about 0.17 s, and loads in 0.14 s more).
 */
export async function warmSpelling(lang: string): Promise<void> {
  const id = dictionaryFor(lang);
  if (!id || madeAhead.has(id)) return;
  const made = hunspellFactory().then(async (factory) => newHunspell(factory, (await DICTIONARIES[id]()).default));
  madeAhead.set(id, made);
  await made;
}

/** A Hunspell of one dictionary's files. */
function newHunspell(factory: HunspellFactory, { aff, dic }: { aff: Uint8Array; dic: Uint8Array }): Hunspell {
  return factory.create(factory.mountBuffer(aff), factory.mountBuffer(dic));
}

/**
 * Hunspell's WebAssembly module. Its Emscripten start-up adds a handler that rethrows any uncaught exception, which
 * would change how this process ends on one (exit code 7): it is taken away again.
 */
async function loadHunspell(): Promise<HunspellFactory> {
  const before = new Set(process.listeners('uncaughtException'));
  const { loadModule } = await import('hunspell-asm');
  const factory = await loadModule();
  for (const listener of process.listeners('uncaughtException'))
    if (!before.has(listener)) process.off('uncaughtException', listener);
  return factory;
}

/** A Hunspell of one dictionary, with the clinic's words and, for English, the medical list. */
async function makeSpeller(
  factory: HunspellFactory,
  id: DictionaryId,
  clinicWords: readonly string[],
): Promise<LanguageSpeller> {
  const files = (await DICTIONARIES[id]()).default;
  const withClinicWords = (hunspell: Hunspell): Hunspell => {
    for (const word of clinicWords) hunspell.addWord(word);
    return hunspell;
  };
  const create = (): Hunspell => withClinicWords(newHunspell(factory, files));
  // One made ahead is taken once, by one speller (a thread's later ones, for other configs, make their own).
  const ahead = madeAhead.get(id);
  madeAhead.delete(id);
  const dictionary = ahead ? withClinicWords(await ahead.catch(() => newHunspell(factory, files))) : create();
  const english = id === 'en-GB' || id === 'en-US';
  // The English lists are read when a word the dictionary does not know first needs them: an article of everyday
  // words never pays for them.
  let medical: { words: WordList | undefined; has: (word: string) => boolean } | undefined;
  const medicalList = (): NonNullable<typeof medical> => {
    medical ??= english ? medicalLookup(id, dictionary) : { words: undefined, has: () => false };
    return medical;
  };
  let listed: ((word: string) => string[] | undefined) | undefined;
  const listedIn = (word: string): string[] | undefined => {
    if (!english) return undefined;
    listed ??= commonMisspellings(id);
    return listed(word) ?? listed(word.toLowerCase());
  };
  const verdicts = new Map<string, boolean>();
  const misspelt = (word: string): boolean => {
    let verdict = verdicts.get(word);
    if (verdict === undefined) {
      // A common misspelling is one even where the medical list has it; the dictionary itself has the last word.
      verdict = !dictionary.spell(word) && (!medicalList().has(word) || listedIn(word) !== undefined);
      verdicts.set(word, verdict);
    }
    return verdict;
  };
  // Hunspell with the medical words too, made only for the suggestions the misspellings list has none of: adding
  // 100,000 words to it costs half a second a thread, which an article spelt right never needs.
  let withMedical: Hunspell | undefined;
  const searchWithMedical = (word: string): string[] => {
    const { words } = medicalList();
    if (words && words.size > 0 && !withMedical) {
      withMedical = create();
      withMedical.addDictionary(factory.mountBuffer(new TextEncoder().encode(`${words.size}\n${words.text}\n`)));
    }
    // What this check would flag is no suggestion (the medical list's "color" in British English).
    return (withMedical ?? dictionary).suggest(word).filter((suggestion) => !misspelt(suggestion));
  };
  const suggestions = new Map<string, string[]>();
  return {
    dictionary: id,
    misspelt,
    suggest(word) {
      let found = suggestions.get(word);
      if (!found) {
        const fromList = listedIn(word) ?? [];
        found = matchCase(word, fromList.length > 0 ? fromList : searchWithMedical(word)).slice(0, MAX_SUGGESTIONS);
        suggestions.set(word, found);
      }
      return found;
    },
  };
}

/**
 * The medical list, and whether it knows a word. The list is American: for British English, a word of it with a
 * British form the dictionary knows ("color", "center") is left to the dictionary, which says "colour".
 */
function medicalLookup(id: DictionaryId, dictionary: Hunspell): { words: WordList; has: (word: string) => boolean } {
  const words = new WordList(medicalWords());
  const listed = medicalTest(words);
  const american = (word: string): boolean =>
    id === 'en-GB' && britishForms(word).some((form) => dictionary.spell(form));
  return { words, has: (word) => listed(word) && !american(word) };
}

/**
 * Words kept in little memory: sorted, in one text a line each, with where each line starts. The medical list's
 * 100,000 words took 20 MB of a thread as strings in a Set, and take 1.5 MB so; a look-up is a binary search.
 */
export class WordList {
  /** The words, sorted, a line each (the body of a Hunspell .dic file). */
  readonly text: string;
  readonly size: number;
  readonly #starts: Uint32Array;

  /** `lines`: words a line each, best sorted already (as the medical list is); sorted here when not. */
  constructor(lines: string) {
    const starts = lineStarts(lines);
    let sorted = true;
    for (let index = 1; index < starts.length - 1 && sorted; index += 1)
      sorted = lineAt(lines, starts, index - 1) < lineAt(lines, starts, index);
    this.text = sorted ? lines : [...new Set(lines.split('\n'))].sort().join('\n');
    this.#starts = sorted ? starts : lineStarts(this.text);
    this.size = this.#starts.length - 1;
  }

  has(word: string): boolean {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = lineAt(this.text, this.#starts, middle);
      if (found === word) return true;
      if (found < word) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/** Where each line of `text` starts, and (last) where one after the last would. */
function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  const starts = new Uint32Array(count + 1);
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  starts[count] = text.length + 1;
  return starts;
}

const lineAt = (text: string, starts: Uint32Array, index: number): string =>
  text.slice(starts[index], (starts[index + 1] ?? 0) - 1);

/**
 * Whether the medical list has a word, as Hunspell would take it: a word in lower case there is known Capitalised
 * and in capitals too, a Name as written and in capitals.
 */
function medicalTest(known: WordList): (word: string) => boolean {
  return (word) => {
    if (known.has(word)) return true;
    const lower = word.toLowerCase();
    const capitalised = (lower[0] ?? '').toUpperCase() + lower.slice(1);
    return known.has(lower) || (word === word.toUpperCase() && known.has(capitalised));
  };
}

/** Suggestions for a Capitalised word start with a capital too; no suggestion is given twice. */
function matchCase(word: string, found: readonly string[]): string[] {
  const capital = /^\p{Lu}/u.test(word);
  const shaped = found.map((suggestion) =>
    capital ? (suggestion[0] ?? '').toLocaleUpperCase() + suggestion.slice(1) : suggestion,
  );
  return [...new Set(shaped)];
}

const require = createRequire(import.meta.url);

/** The folder of a package that exports only its cspell settings, where its word files lie beside them. */
function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/cspell-ext.json`));
}

/** The words of the medical list, a line each (its hyphenated terms are checked by their parts, as the text is). */
function medicalWords(): string {
  const file = path.join(packageDir('@cspell/dict-medicalterms'), 'dict', 'medicalterms-en.txt.gz');
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter(
      (line) =>
        // Most lines are plain ASCII, which a simpler pattern tests faster.
        (/^[A-Za-z][A-Za-z']*$/.test(line) || /^\p{L}[\p{L}\p{M}']*$/u.test(line)) &&
        !(line.toLowerCase() in MEDICAL_MISSPELLINGS),
    )
    .join('\n');
}

/** British spellings of a word by the American endings that differ: "color" → "colour", "fiber" → "fibre". */
export function britishForms(word: string): string[] {
  const forms: string[] = [];
  const or = /^(.+[^aeiou])or(s?)$/.exec(word);
  if (or) forms.push(`${or[1]}our${or[2]}`);
  const er = /^(.+[^aeiou])er(s?)$/.exec(word);
  if (er) forms.push(`${er[1]}re${er[2]}`);
  const yze = /^(.+)yz(e|es|ed|ing)$/.exec(word);
  if (yze) forms.push(`${yze[1]}ys${yze[2]}`);
  return forms;
}

/**
 * Common misspellings of English and what was meant ("recieve" → "receive"), the list for the variant included: a
 * look-up in the lists' text as it is ("recieve->receive, relieve"), which takes less time for the few words a
 * checker asks about than reading 90,000 entries into a map.
 */
function commonMisspellings(id: DictionaryId): (word: string) => string[] | undefined {
  const dir = path.join(packageDir('@cspell/dict-en-common-misspellings'), 'dict');
  const text = ['dict-en.json', id === 'en-GB' ? 'dict-en-gb.json' : 'dict-en-us.json']
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
  return (word) => {
    const own = MEDICAL_MISSPELLINGS[word];
    if (own) return [own];
    const start = text.indexOf(`"${word}->`);
    if (start < 0 || word.includes('"')) return undefined;
    const meant = text.slice(start + word.length + 3, text.indexOf('"', start + 1));
    const words = meant
      .split(',')
      .map((suggestion) => suggestion.trim())
      .filter(Boolean);
    return words.length > 0 ? words : undefined;
  };
}

/** A word of prose to check, and where it starts in its text. */
export interface ProseWord {
  word: string;
  index: number;
}

/** A run of text that is not prose: an e-mail or web address, a path, or a domain ("riverside.example"). */
const NOT_PROSE = /[@/\\_=<>{}|~^]|[\p{L}\p{N}]\.[\p{L}\p{N}]/u;
/** A word: letters, with apostrophes inside ("don't"), touching no digit ("10am" is not checked). */
const WORD = /(?<![\p{L}\p{M}\p{N}'’])\p{L}[\p{L}\p{M}]*(?:['’][\p{L}\p{M}]+)*(?![\p{L}\p{M}\p{N}])/gu;

/**
 * Most runs of prose are a plain word, perhaps after a bracket and before punctuation ("(see", "walk,"): read without
 * the Unicode expressions below, which took a tenth of a build's checking. `PLAIN_WORD` says whether such a word is
 * checked, as those rules would.
 */
const PLAIN_RUN = /^(\(?)([A-Za-z]+)[.,;:!?)]*$/;
const PLAIN_WORD = /^[A-Za-z][a-z]+$/;

/** The words of `text` that are checked (see the top of this file for what is left out). */
export function proseWords(text: string): ProseWord[] {
  const found: ProseWord[] = [];
  for (const chunk of text.matchAll(/\S+/g)) {
    const plain = PLAIN_RUN.exec(chunk[0]);
    if (plain) {
      const [, bracket = '', word = ''] = plain;
      if (PLAIN_WORD.test(word)) found.push({ word, index: chunk.index + bracket.length });
      continue;
    }
    if (NOT_PROSE.test(chunk[0])) continue;
    for (const match of chunk[0].matchAll(WORD)) {
      const word = match[0];
      if ([...word].length < 2 || !/\p{Ll}/u.test(word) || /\p{Lu}/u.test(word.slice(1))) continue;
      found.push({ word, index: chunk.index + match.index });
    }
  }
  return found;
}

/** The words of a name or address, for the list of known words. */
function wordsOf(text: string): string[] {
  return text.match(/\p{L}[\p{L}\p{M}'’]*/gu) ?? [];
}

/** Typographic apostrophes as the dictionaries write them. */
const apostrophes = (word: string): string => word.replace(/’/g, "'");

/** A word found misspelt in one article: its first place, and how often it comes. */
interface Misspelling {
  word: string;
  place: { line: number; column?: number };
  uses: number;
}

/**
 * The misspelt words of an article, each once, at its first place: in the title, summary and key points (at their
 * line), and in the text. `wordList` is the name of the clinic's word list, for the message.
 */
export function spellingFindings(
  article: Article,
  segments: readonly Segment[],
  speller: LanguageSpeller,
  placeOf: PlaceOf,
  wordList: string,
): Finding[] {
  const names = new Set(wordsOf(`${article.author ?? ''} ${article.reviewer ?? ''}`).map(known));
  const found = new Map<string, Misspelling>();
  // A word is reported once, however it is written ("Fascitis" in the title, "fascitis" in the text).
  const note = (word: string, place: () => Misspelling['place']): void => {
    const key = known(word);
    if (names.has(key)) return;
    const seen = found.get(key);
    if (seen) seen.uses += 1;
    else if (speller.misspelt(apostrophes(word))) found.set(key, { word, place: place(), uses: 1 });
  };
  const fields: [string, string[]][] = [
    ['title', [article.title]],
    ['summary', article.summary ? [article.summary] : []],
    ['key_points', article.keyPoints],
  ];
  for (const [key, texts] of fields)
    for (const text of texts)
      for (const { word } of proseWords(text)) note(word, () => ({ line: article.keyLines[key] ?? 1 }));
  for (const segment of segments)
    for (const { word, index } of proseWords(segment.text)) note(word, () => placeOf(segment.offsets[index] ?? 0));
  return [...found.values()].map((misspelling) => misspellingFinding(misspelling, speller, wordList));
}

const known = (word: string): string => apostrophes(word).toLowerCase();

function misspellingFinding(misspelling: Misspelling, speller: LanguageSpeller, wordList: string): Finding {
  const { word, place, uses } = misspelling;
  const suggestions = speller.suggest(apostrophes(word));
  const quoted = suggestions.map((suggestion) => `"${suggestion}"`);
  const meant =
    quoted.length === 0
      ? 'check how it is spelt'
      : `did you mean ${quoted[0]}${quoted.length > 1 ? ` (or ${quoted.slice(1).join(', ')})` : ''}?`;
  return {
    rule: 'spelling',
    severity: 'warning',
    message:
      `"${word}" is not in the ${speller.dictionary} dictionary: ${meant} If it is right (a name, a place), ` +
      `add it to ${wordList}${uses > 1 ? ` (used ${uses} times)` : ''}.`,
    ...(suggestions[0] ? { suggestion: suggestions[0] } : {}),
    ...place,
  };
}

/**
 * Once a build or check, each language of `articles` whose spelling is not checked because leaflet has no dictionary
 * for it ("ar", "cy"), unless the config turns the rule off.
 */
export function languagesWithoutDictionary(articles: readonly Article[], config: ResolvedConfig): string[] {
  if (config.check.rules.spelling === 'off') return [];
  return [...new Set(articles.map((article) => article.lang))].filter((lang) => !dictionaryFor(lang)).sort();
}

/** What is said once of the languages without a dictionary. */
export function noDictionaryNote(langs: readonly string[]): string | undefined {
  if (langs.length === 0) return undefined;
  const list = langs.map((lang) => `"${lang}"`).join(', ');
  return (
    `spelling is not checked in ${list}: leaflet has dictionaries for English (en-GB, en-US), Spanish (es) and ` +
    'Polish (pl) only.'
  );
}
