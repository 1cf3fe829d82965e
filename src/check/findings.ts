// What `leaflet check` reports: findings (errors and warnings, each with its rule and place) and, per article, the
// readability figures. The rules themselves are named in config/rules.ts, where the config's schema reads them too.
import type { RuleId } from '../config/rules.js';
import type { LanguageGrade } from './grades.js';

export { RULES, type RuleId, WARNING_RULES } from '../config/rules.js';

/** How serious a finding is: an error stops the article from building; a warning does not (unless --strict). */
export type Severity = 'error' | 'warning';

/** One problem found in one article. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** 1-based line and column in the file, when the finding has a place. */
  line?: number;
  column?: number;
  /** What to write instead, when there is a simple suggestion. */
  suggestion?: string;
}

/** Rules that read English words, and so apply only to articles in English (`lang: en…`). */
export const ENGLISH_ONLY_RULES: readonly RuleId[] = [
  'reading-grade',
  'passive-voice',
  'jargon',
  'steps-not-list',
  'no-you',
  'no-action-section',
  'no-help-section',
  'alt-text',
  'link-text',
];

/** The reading figures of one article's prose. */
export interface ReadabilityStats {
  /** False for an article in another language: the English grades are not reported (`grade` is its own, if any). */
  english: boolean;
  /** For Spanish and Polish: the grade by that language's own formula (INFLESZ, FOG-PL). */
  grade?: LanguageGrade;
  /** For another language: whether the clinic has a jargon list for it (`check.jargon.languages`). */
  jargonList?: boolean;
  words: number;
  sentences: number;
  averageSentenceWords: number;
  /** Words of three or more syllables (topic words count as one syllable). */
  polysyllabicWords: number;
  syllables: number;
  smog: number;
  fleschKincaid: number;
  fleschReadingEase: number;
  /** Sentences with a passive-voice phrase. */
  passiveSentences: number;
  /** Topic words counted as easy words, with how often each appears. */
  topicWords: { word: string; count: number }[];
}

/** Drop the rules set to "off" and give the others the severity the config asks for. */
export function applyRuleSettings(
  findings: Finding[],
  rules: Partial<Record<RuleId, 'off' | 'warning' | 'error'>>,
): Finding[] {
  return findings.flatMap((finding) => {
    const setting = rules[finding.rule];
    if (setting === 'off') return [];
    return setting ? [{ ...finding, severity: setting }] : [finding];
  });
}

/** Findings in the order of the file: by line and column, those without a place first. */
export function byPlace(a: Finding, b: Finding): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
