// All the checks of one article that has been read without errors: review governance, readability, plain language
// and structure. Pure: (article, config, today) → findings and figures.
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Finding, ReadabilityStats, RuleId } from './findings.js';
import { checkGovernance } from './governance.js';
import { createJargonMatcher, jargonList } from './jargon.js';
import { lineAndColumn, parseMarkdown, proseSegments, type Segment } from './prose.js';
import { measureReadability, titleTopicWords } from './readability.js';
import { checkStructure } from './structure.js';

/** Below this many sentences a reading grade says little, so no grade warning is given. */
export const MIN_SENTENCES_FOR_GRADE = 10;

/** What checking one article found. */
export interface ArticleCheck {
  findings: Finding[];
  stats: ReadabilityStats;
}

/** A checker for one config: the jargon matcher is built once and used for every article. */
export function createArticleChecker(config: ResolvedConfig): (article: Article, today: string) => ArticleCheck {
  const findJargon = createJargonMatcher(jargonList(config));
  const configTopics = config.check.topicWords.map((word) => word.toLowerCase());

  return (article, today) => {
    const tree = parseMarkdown(article.body);
    const segments = proseSegments(tree);
    const placeOf = (offset: number): { line: number; column: number } => {
      const { line, column } = lineAndColumn(article.body, offset);
      return { line: line + article.bodyLine - 1, column };
    };
    const topicWords = new Set([...titleTopicWords(article.title), ...configTopics]);
    const { stats, sentences } = measureReadability(segments, topicWords);
    const { maxGrade, maxSentenceWords, maxParagraphSentences, passiveMaxPercent } = config.check;
    const findings: Finding[] = [...checkGovernance(article, config, today)];

    const grade = Math.max(stats.smog, stats.fleschKincaid);
    if (stats.sentences >= MIN_SENTENCES_FOR_GRADE && grade > maxGrade) {
      const topics = stats.topicWords.length > 0 ? ` (${stats.topicWords.map((t) => t.word).join(', ')} counted as easy words)` : '';
      findings.push({
        rule: 'reading-grade',
        severity: 'warning',
        message: `reading grade ${grade} is above the target of ${maxGrade} (SMOG ${stats.smog}, Flesch-Kincaid ${stats.fleschKincaid})${topics}: use shorter sentences and everyday words.`,
      });
    }
    for (const sentence of sentences) {
      if (sentence.words <= maxSentenceWords) continue;
      findings.push({
        rule: 'long-sentence',
        severity: 'warning',
        message: `sentence of ${sentence.words} words (aim for ${maxSentenceWords} or fewer): split it in two.`,
        ...placeOf(sentence.offset),
      });
    }
    const perParagraph = new Map<number, number>();
    for (const sentence of sentences) perParagraph.set(sentence.segment, (perParagraph.get(sentence.segment) ?? 0) + 1);
    for (const [index, count] of perParagraph) {
      const segment = segments[index];
      if (segment?.kind !== 'paragraph' || count <= maxParagraphSentences) continue;
      findings.push({
        rule: 'long-paragraph',
        severity: 'warning',
        message: `paragraph of ${count} sentences (aim for ${maxParagraphSentences} or fewer): break it up, or make a list.`,
        ...placeOf(segment.offsets[0] ?? 0),
      });
    }
    const passiveShare = stats.sentences ? Math.round((stats.passiveSentences / stats.sentences) * 100) : 0;
    if (passiveShare > passiveMaxPercent) {
      for (const sentence of sentences) {
        for (const use of sentence.passive) {
          findings.push({
            rule: 'passive-voice',
            severity: 'warning',
            message: `passive voice "${use.phrase}" (${stats.passiveSentences} of ${stats.sentences} sentences, ${passiveShare}%, are passive; aim for ${passiveMaxPercent}% or fewer): say who or what does it.`,
            ...placeOf(use.offset),
          });
        }
      }
    }
    for (const use of findJargon(segments)) {
      const times = use.uses > 1 ? `; used ${use.uses} times` : '';
      findings.push({
        rule: 'jargon',
        severity: 'warning',
        message: `"${use.text}" is a medical or official word: say "${use.entry.plain}", or explain it the first time, like "${use.text} (${use.entry.plain})" (${use.entry.source}${times}).`,
        suggestion: use.entry.plain,
        ...placeOf(use.offset),
      });
    }
    findings.push(...checkStructure(article, segments, sentences, config, placeOf));
    findings.push(...findTodos(article, segments, placeOf));
    return { findings: applyRuleSettings(findings, config.check.rules), stats };
  };
}

/** Text still marked TODO, in the front matter's words and in the body. */
function findTodos(article: Article, segments: readonly Segment[], placeOf: (offset: number) => { line: number; column: number }): Finding[] {
  const todo = /\bTODO\b/;
  const findings: Finding[] = [];
  const fields: [string, string[]][] = [
    ['title', [article.title]],
    ['summary', article.summary ? [article.summary] : []],
    ['key_points', article.keyPoints],
  ];
  for (const [key, values] of fields) {
    if (values.some((value) => todo.test(value))) {
      findings.push({ rule: 'todo', severity: 'warning', message: `"${key}" still says TODO: write it before the article is published.`, line: article.keyLines[key] ?? 1 });
    }
  }
  for (const segment of segments) {
    const at = segment.text.search(todo);
    if (at >= 0) findings.push({ rule: 'todo', severity: 'warning', message: 'text still marked TODO: write it before the article is published.', ...placeOf(segment.offsets[at] ?? 0) });
  }
  return findings;
}

/** Drop the rules set to "off" and give the others the severity the config asks for. */
export function applyRuleSettings(findings: Finding[], rules: Partial<Record<RuleId, 'off' | 'warning' | 'error'>>): Finding[] {
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
