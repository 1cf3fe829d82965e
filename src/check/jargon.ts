// Medical jargon in an article's text, with the everyday words to use instead. A term is fine when the article
// explains it where it first uses it in running text: "plantar fascia (the band of tissue under your foot)",
// "the lumbar spine, which is your lower back", "fasciitis means …", "Plantar fasciitis is pain in …" (at the start of
// a sentence), "the heel bone (calcaneus)", "(your glutes)", "a band called the plantar fascia". Headings may name a
// term before the text explains it.
import type { ResolvedConfig } from '../config/schema.js';
import { JARGON, type JargonEntry } from './jargon-list.js';
import type { Segment } from './prose.js';

/** A jargon term found where it is not explained. */
export interface JargonUse {
  entry: JargonEntry;
  /** The words as written in the article. */
  text: string;
  /** Offset in the body of the first use that needs explaining. */
  offset: number;
  /** How many times the article uses the term. */
  uses: number;
}

/** A term as compared: lower case, with spaces and hyphens alike ("weight-bearing" is "weight bearing"). */
const normalise = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, ' ');

/** The words that follow a term when the writer explains it. */
const EXPLAINED_AFTER =
  /^(?:\s+[\p{L}]+(?=\s*[([]))?(?:\s*[([]|\s*[,:–—]\s*(?:which|that|or|meaning|also called|also known as|known as|the|a|an)\b|\s*,?\s+(?:means?|is (?:a|an|the|when|where|how|what)|are (?:the|a|what)|refers? to|describes?)\b|\s+-\s)/iu;
/** The words that come before a term when the text explains it first. */
const EXPLAINED_BEFORE = /(?:[([]\s*|\b(?:called|named|known as)\s+)(?:the\s+|a\s+|an\s+|your\s+)?$/i;
/** A sentence that starts with the term and says what it is: "Plantar fasciitis is pain in ...". */
const DEFINED_AFTER = /^\s+(?:is|are|means?)\s/i;
const SENTENCE_START = /(?:^|[.!?:]\s+)$/;

/**
 * The jargon list for a config: the shipped list, less `check.jargon.remove`, plus (or overridden by)
 * `check.jargon.add`.
 */
export function jargonList(config: ResolvedConfig): JargonEntry[] {
  const { add, remove } = config.check.jargon;
  const removed = new Set([...remove, ...Object.keys(add)].map(normalise));
  const kept = JARGON.filter((entry) => !entry.term.split('|').some((form) => removed.has(normalise(form))));
  return [
    ...kept,
    ...Object.entries(add).map(([term, plain]) => ({ term: term.toLowerCase(), plain, source: 'config' as const })),
  ];
}

/** The clinic's own jargon list for a language other than English (`check.jargon.languages`), when it has one. */
export function languageJargonList(config: ResolvedConfig, lang: string): JargonEntry[] | undefined {
  const lists = config.check.jargon.languages;
  const own = lists[lang] ?? lists[lang.toLowerCase()] ?? lists[lang.split('-')[0]?.toLowerCase() ?? lang];
  return own
    ? Object.entries(own).map(([term, plain]) => ({ term: term.toLowerCase(), plain, source: 'config' as const }))
    : undefined;
}

/** A matcher for a jargon list: one regular expression, longest forms first. */
export function createJargonMatcher(list: readonly JargonEntry[]): (segments: readonly Segment[]) => JargonUse[] {
  const byForm = new Map<string, JargonEntry>();
  for (const entry of list) for (const form of entry.term.split('|')) byForm.set(normalise(form), entry);
  const forms = [...byForm.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  if (forms.length === 0) return () => [];
  const escaped = forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ -]/g, '[\\s-]+'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');

  return (segments) => {
    const found = new Map<
      JargonEntry,
      { text: string; offset: number; explained: boolean; settled: boolean; uses: number }
    >();
    const inSegments = matchesBySegment(segments, pattern);
    segments.forEach((segment, index) => {
      const matches = inSegments[index] ?? [];
      // Terms side by side ("plantar fasciitis") are one phrase: an explanation after it explains each of them.
      const phraseEnd = matches.map((match) => match.index + match.text.length);
      for (let i = matches.length - 2; i >= 0; i -= 1) {
        const next = matches[i + 1];
        if (next && /^\s+$/.test(segment.text.slice(phraseEnd[i], next.index)))
          phraseEnd[i] = phraseEnd[i + 1] ?? phraseEnd[i] ?? 0;
      }
      const phraseStart = matches.map((match) => match.index);
      for (let i = 1; i < matches.length; i += 1) {
        const previous = matches[i - 1];
        if (previous && /^\s+$/.test(segment.text.slice(previous.index + previous.text.length, matches[i]?.index)))
          phraseStart[i] = phraseStart[i - 1] ?? 0;
      }
      matches.forEach((match, i) => {
        const known = byForm.get(normalise(match.text));
        if (!known) return;
        const inText = segment.kind !== 'heading';
        const after = segment.text.slice(phraseEnd[i]);
        const before = segment.text.slice(0, phraseStart[i]);
        const explained =
          EXPLAINED_AFTER.test(after) ||
          EXPLAINED_BEFORE.test(before) ||
          (SENTENCE_START.test(before) && DEFINED_AFTER.test(after));
        const offset = segment.offsets[match.index] ?? 0;
        const seen = found.get(known);
        if (!seen) {
          found.set(known, { text: match.text, offset, explained, settled: inText, uses: 1 });
          return;
        }
        seen.uses += 1;
        // The first use in running text decides, even after a heading named the term.
        if (!seen.settled && inText) Object.assign(seen, { text: match.text, offset, explained, settled: true });
      });
    });
    return [...found]
      .filter(([, use]) => !use.explained)
      .map(([entry, use]) => ({ entry, text: use.text, offset: use.offset, uses: use.uses }))
      .sort((a, b) => a.offset - b.offset);
  };
}

/** A term found in a segment: where it starts in the segment's text, and the words as written. */
interface Match {
  index: number;
  text: string;
}

/**
 * Each segment's matches of `pattern`, found in one search of the segments' text joined by a character no term
 * matches across (nor is a letter, a digit or a hyphen next to one). Run once per segment, the large pattern cost four
 * times as much as the search itself: 210 ms for 1,000 articles of 33 segments each, against 60 ms.
 */
function matchesBySegment(segments: readonly Segment[], pattern: RegExp): Match[][] {
  const starts: number[] = [];
  let joined = '';
  for (const segment of segments) {
    starts.push(joined.length);
    joined += `${segment.text}\0`;
  }
  const found: Match[][] = segments.map(() => []);
  let index = 0;
  for (const match of joined.matchAll(pattern)) {
    const at = match.index ?? 0;
    while (index + 1 < starts.length && (starts[index + 1] ?? Infinity) <= at) index += 1;
    found[index]?.push({ index: at - (starts[index] ?? 0), text: match[0] });
  }
  return found;
}
