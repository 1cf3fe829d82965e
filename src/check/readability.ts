// Reading figures of an article's prose: sentences and words from an English parser (parse-english), syllables from
// `syllable`, and the grades from the formula packages (smog-formula, flesch-kincaid, flesch), so that the figures
// are the ones other tools give. Passive voice is found by retext-passive.
//
// How text counts:
//   - only paragraphs and list items are prose (see prose.ts); each list item ends a sentence, with or without a
//     full stop, because readers take it as one;
//   - a word is a run of letters or digits; a hyphenated word counts as its parts ("wear-and-tear" is three short
//     words), and every word has at least one syllable (a number such as "20" counts as one);
//   - a sentence is passive when retext-passive finds an irregular passive ("is thrown") or "be" comes before a
//     regular participle ("is strained"); common adjectives in -ed ("tired", "worried") do not count;
//   - topic words (the title's long words and the config's `check.topicWords`) are counted as one-syllable words: an
//     article about plantar fasciitis cannot avoid saying "fasciitis", and the report lists what was counted so.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { flesch } from 'flesch';
import { fleschKincaid } from 'flesch-kincaid';
import type { Root as NlcstRoot, Sentence } from 'nlcst';
import { isLiteral } from 'nlcst-is-literal';
import { toString as nlcstToString } from 'nlcst-to-string';
import { ParseEnglish } from 'parse-english';
import retextPassive from 'retext-passive';
import { smogFormula } from 'smog-formula';
import { syllable } from 'syllable';
import { VFile } from 'vfile';
import type { ReadabilityStats } from './findings.js';
import { type GradedLanguage, languageGrade, syllableCounter } from './grades.js';
import type { Segment } from './prose.js';

/** One sentence of prose, with where it starts in the Markdown body. */
export interface ProseSentence {
  text: string;
  words: number;
  /** Offset in the body of the sentence's first character. */
  offset: number;
  /** Index of the segment (paragraph or list item) it belongs to. */
  segment: number;
  /** Passive-voice phrases in the sentence, with their offsets in the body. */
  passive: { phrase: string; offset: number }[];
}

/** The figures and the sentences they were counted from. */
export interface Readability {
  stats: ReadabilityStats;
  sentences: ProseSentence[];
}

const parser = new ParseEnglish();
const findPassive = retextPassive();

/**
 * retext-passive's participles ("thrown", "hurt"), when its list can be read (it does not export it). Its search cost a
 * millisecond an article, a third of the checks: the same test is made here as the sentences are walked for their
 * words. Should the list's file move, retext-passive searches each paragraph with a "be", as before.
 */
const PARTICIPLES: ReadonlySet<string> | undefined = await (async () => {
  try {
    const entry = createRequire(import.meta.url).resolve('retext-passive');
    const { list } = (await import(pathToFileURL(path.join(path.dirname(entry), 'lib', 'list.js')).href)) as {
      list: unknown;
    };
    return Array.isArray(list) &&
      list.length > 0 &&
      list.every((word) => typeof word === 'string' && !word.includes(' '))
      ? new Set(list as string[])
      : undefined;
  } catch {
    return undefined;
  }
})();

/** The forms of "be" retext-passive looks for before a participle. */
const BE_VERBS = new Set(['am', 'are', 'were', 'being', 'is', 'been', 'was', 'be']);

/**
 * The irregular passives of a paragraph ("is thrown"), as retext-passive finds them: a participle of its list, compared
 * as nlcst-search compares words (lower case, no dashes or apostrophes) and not quoted or named (nlcst-is-literal),
 * whose nearest word before it in the sentence is a form of "be".
 */
function irregularPassives(tree: NlcstRoot, text: string): { phrase: string; at: number }[] {
  // A passive needs a form of "be" before the participle: text without one is not searched.
  if (!BE.test(text)) return [];
  if (!PARTICIPLES) {
    const file = new VFile(text);
    findPassive(tree, file);
    return file.messages.map((message) => ({
      phrase: String(message.actual ?? ''),
      at: message.place && 'start' in message.place ? (message.place.start.offset ?? 0) : 0,
    }));
  }
  const found: { phrase: string; at: number }[] = [];
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    for (const sentence of paragraph.children) {
      if (sentence.type !== 'SentenceNode') continue;
      let before: string | undefined;
      sentence.children.forEach((child, index) => {
        if (child.type !== 'WordNode') return;
        const word = nlcstToString(child);
        if (
          before !== undefined &&
          BE_VERBS.has(before.toLowerCase()) &&
          PARTICIPLES.has(word.toLowerCase().replace(/[’'-]/g, '')) &&
          !isLiteral(sentence, index)
        ) {
          found.push({ phrase: word, at: child.position?.start.offset ?? 0 });
        }
        before = word;
      });
    }
  }
  return found;
}

/** The words of a sentence as readers see them: hyphenated words split into their parts. */
export function sentenceWords(sentence: Sentence): string[] {
  const words: string[] = [];
  for (const child of sentence.children) {
    if (child.type !== 'WordNode') continue;
    for (const part of nlcstToString(child).split(/[-‐‑–]/)) {
      if (/[\p{L}\p{N}]/u.test(part)) words.push(part);
    }
  }
  return words;
}

/**
 * Syllables of one word for the grades: at least one, and one for a topic word. `known` remembers words seen; `count`
 * is the language's counter (English's by default).
 */
export function countSyllables(
  word: string,
  topicWords: ReadonlySet<string>,
  known?: Map<string, number>,
  count: (word: string) => number = syllable,
): number {
  if (isTopicWord(word, topicWords)) return 1;
  const key = word.toLowerCase();
  let syllables = known?.get(key);
  if (syllables === undefined) {
    syllables = Math.max(1, count(key));
    known?.set(key, syllables);
  }
  return syllables;
}

/** True when `word` is a topic word, or its plural or possessive. */
export function isTopicWord(word: string, topicWords: ReadonlySet<string>): boolean {
  if (topicWords.size === 0) return false;
  const lower = word.toLowerCase().replace(/['’]s$/, '');
  return topicWords.has(lower) || (lower.endsWith('s') && topicWords.has(lower.slice(0, -1)));
}

/**
 * Reading figures of the prose segments (paragraphs and list items; other kinds are ignored). `known` (optional)
 * remembers the syllables of words already counted, across articles: most words come up again and again (one map a
 * language). Text in Spanish or Polish (`language`) has its syllables counted by that language's rule, and its grade.
 */
export function measureReadability(
  segments: readonly Segment[],
  topicWords: ReadonlySet<string>,
  known?: Map<string, number>,
  language?: GradedLanguage,
): Readability {
  const sentences: ProseSentence[] = [];
  const counter = language ? syllableCounter(language) : syllable;
  let words = 0;
  let syllables = 0;
  let polysyllabicWords = 0;
  let longWords = 0;
  const topicCounts = new Map<string, number>();

  segments.forEach((segment, index) => {
    if (segment.kind !== 'paragraph' && segment.kind !== 'list-item') return;
    const tree: NlcstRoot = parser.parse(segment.text);
    const passive = [...irregularPassives(tree, segment.text), ...regularPassives(segment.text)];

    for (const paragraph of tree.children) {
      if (paragraph.type !== 'ParagraphNode') continue;
      for (const sentence of paragraph.children) {
        if (sentence.type !== 'SentenceNode') continue;
        const sentenceWordList = sentenceWords(sentence);
        if (sentenceWordList.length === 0) continue;
        const start = sentence.position?.start.offset ?? 0;
        const end = sentence.position?.end.offset ?? segment.text.length;
        for (const word of sentenceWordList) {
          const count = countSyllables(word, topicWords, known, counter);
          syllables += count;
          if (count >= 3) polysyllabicWords += 1;
          if (count >= 4) longWords += 1;
          if (isTopicWord(word, topicWords)) {
            const key = word.toLowerCase();
            topicCounts.set(key, (topicCounts.get(key) ?? 0) + 1);
          }
        }
        words += sentenceWordList.length;
        sentences.push({
          text: nlcstToString(sentence),
          words: sentenceWordList.length,
          offset: segment.offsets[start] ?? segment.offsets[0] ?? 0,
          segment: index,
          passive: passive
            .filter((p) => p.at >= start && p.at < end)
            .map((p) => ({ phrase: p.phrase, offset: segment.offsets[p.at] ?? 0 })),
        });
      }
    }
  });

  const counts = { sentence: sentences.length, word: words, syllable: syllables, polysillabicWord: polysyllabicWords };
  const round = (value: number): number => (Number.isFinite(value) ? Math.round(value * 10) / 10 : 0);
  const grade = language && languageGrade(language, { words, sentences: sentences.length, syllables, longWords });
  return {
    sentences,
    stats: {
      english: !language,
      ...(grade ? { grade } : {}),
      words,
      sentences: sentences.length,
      averageSentenceWords: round(sentences.length ? words / sentences.length : 0),
      polysyllabicWords,
      syllables,
      smog: round(smogFormula(counts)),
      fleschKincaid: round(fleschKincaid(counts)),
      fleschReadingEase: round(flesch(counts)),
      passiveSentences: sentences.filter((sentence) => sentence.passive.length > 0).length,
      topicWords: [...topicCounts]
        .map(([word, count]) => ({ word, count }))
        .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word)),
    },
  };
}

/** Adjectives that look like past participles: "I am tired" is not passive. */
const ADJECTIVES_IN_ED = new Set(
  'tired worried interested pleased bored scared excited concerned married supposed aged advanced experienced qualified skilled balanced relaxed ashamed embarrassed confused stressed frustrated annoyed surprised disappointed satisfied involved related based inclined prepared determined'.split(
    ' ',
  ),
);
const BE = /\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)\b/i;
const BE_ED =
  /\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)\s+(?:(?:not|also|often|usually|always|sometimes|then|now|\w+ly)\s+)?([a-z]{2,}ed)\b/gi;

/**
 * Passives of regular verbs ("is strained", "was injured"): retext-passive lists only irregular participles ("is
 * thrown"), so "be" followed by a word in -ed (perhaps after an adverb) is counted too, less common adjectives.
 */
function regularPassives(text: string): { phrase: string; at: number }[] {
  const found: { phrase: string; at: number }[] = [];
  for (const match of text.matchAll(BE_ED)) {
    const participle = match[1] ?? '';
    if (ADJECTIVES_IN_ED.has(participle.toLowerCase())) continue;
    found.push({ phrase: participle, at: (match.index ?? 0) + match[0].length - participle.length });
  }
  return found;
}

/**
 * The title's long words, the article's topic, which it cannot avoid naming: of three or more syllables, or four in
 * Polish, where FOG-PL counts a word hard from four.
 */
export function titleTopicWords(title: string, language?: GradedLanguage): string[] {
  const count = language ? syllableCounter(language) : syllable;
  const least = language === 'pl' ? 4 : 3;
  return (title.match(/[\p{L}]+/gu) ?? []).filter((word) => count(word) >= least).map((word) => word.toLowerCase());
}
