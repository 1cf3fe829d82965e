// All the checks of one article that has been read without errors: review governance, readability, spelling, plain
// language and structure. (article, config, today) → findings and figures; only the dictionaries are read from disk,
// once a checker, when an article in their language first needs one.
import type { Token } from 'marked';
import type { Article } from '../articles/article.js';
import { findImages, findReferences, type ImageRef, type LinkRef } from '../articles/images.js';
import { unreadableMarkdown } from '../articles/nesting.js';
import { WORD_LIST_FILE } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { applyRuleSettings, ENGLISH_ONLY_RULES, type Finding, type ReadabilityStats } from './findings.js';
import { checkGovernance } from './governance.js';
import { gradedLanguage } from './grades.js';
import { createJargonMatcher, type JargonUse, jargonList, languageJargonList } from './jargon.js';
import { lexMarkdown, lineAndColumn, proseSegments, type Segment } from './prose.js';
import { measureReadability, type ProseSentence, titleTopicWords } from './readability.js';
import { createSpelling, type Spelling, spellingFindings } from './spelling.js';
import { checkStructure, type PlaceOf } from './structure.js';

/** Below this many sentences a reading grade says little, so no grade warning is given. */
export const MIN_SENTENCES_FOR_GRADE = 10;

/** What checking one article found. */
export interface ArticleCheck {
  findings: Finding[];
  stats: ReadabilityStats;
}

/** Checks one article, as of `today`. */
export type ArticleCheckerFn = (article: Article, today: string) => Promise<ArticleCheck>;

/**
 * A checker for one config: the jargon matcher is built once and used for every article, and each language's
 * dictionary is loaded once, when an article first needs it (`given`: the dictionaries, which checkers of configs
 * with the same words may share).
 */
export function createArticleChecker(config: ResolvedConfig, given?: Spelling): ArticleCheckerFn {
  // No dictionary is loaded when the config turns the rule off.
  const spelling = config.check.rules.spelling === 'off' ? undefined : (given ?? createSpelling(config));
  const findJargon = createJargonMatcher(jargonList(config));
  // Other languages have no shipped list: only the clinic's own, when it wrote one (check.jargon.languages).
  const otherLists = new Map<string, ReturnType<typeof createJargonMatcher> | undefined>();
  const jargonFor = (lang: string): ReturnType<typeof createJargonMatcher> | undefined => {
    if (isEnglish(lang)) return findJargon;
    if (!otherLists.has(lang)) {
      const list = languageJargonList(config, lang);
      otherLists.set(lang, list ? createJargonMatcher(list) : undefined);
    }
    return otherLists.get(lang);
  };
  const configTopics = config.check.topicWords.map((word) => word.toLowerCase());
  // The syllables of words already counted, a map a language: the same word counts differently in each.
  const syllables = new Map<string, Map<string, number>>();
  const wordList = config.check.wordList ?? WORD_LIST_FILE;

  return async (article, today) => {
    // Lexed once, for the prose and the images both.
    const { tokens, unreadable } = readTokens(article.body);
    const segments = proseSegments(article.body, tokens);
    const placeOf: PlaceOf = (offset) => {
      const { line, column } = lineAndColumn(article.body, offset);
      return { line: line + article.bodyLine - 1, column };
    };
    const graded = gradedLanguage(article.lang);
    const topicWords = new Set([...titleTopicWords(article.title, graded), ...configTopics]);
    const known = syllables.get(graded ?? 'en') ?? new Map<string, number>();
    syllables.set(graded ?? 'en', known);
    const { stats, sentences } = measureReadability(segments, topicWords, known, graded);
    const speller = await spelling?.forLanguage(article.lang);
    const findings: Finding[] = [
      ...checkGovernance(article, config, today),
      ...readabilityFindings(stats, sentences, segments, config, placeOf),
      ...(speller ? spellingFindings(article, segments, speller, placeOf, wordList) : []),
      ...jargonFindings(article, segments, jargonFor(article.lang) ?? (() => []), placeOf),
      ...checkAltText(article, findImages(article.body, tokens)),
      ...checkLinkText(article, findReferences(article.body, tokens).links),
      ...checkStructure(article, segments, sentences, config, placeOf),
      ...findTodos(article, segments, placeOf),
      ...(unreadable ? [unreadable] : []),
    ];
    // The structure patterns are English; other languages get the rest, their own jargon list, and a grade of their
    // own in Spanish and Polish.
    if (!isEnglish(article.lang)) {
      const jargonList = jargonFor(article.lang) !== undefined;
      const kept = findings.filter(
        (finding) =>
          !ENGLISH_ONLY_RULES.includes(finding.rule) ||
          (finding.rule === 'jargon' && jargonList) ||
          (finding.rule === 'reading-grade' && stats.grade !== undefined),
      );
      return { findings: applyRuleSettings(kept, config.check.rules), stats: { ...stats, english: false, jargonList } };
    }
    return { findings: applyRuleSettings(findings, config.check.rules), stats };
  };
}

/**
 * The body's tokens; or none, and an error of the article, when marked cannot read it (emphasis nested hundreds deep):
 * its other checks then run on nothing, and the other articles are checked all the same.
 */
function readTokens(body: string): { tokens: Token[]; unreadable?: Finding } {
  try {
    return { tokens: lexMarkdown(body) };
  } catch (error) {
    return { tokens: [], unreadable: { rule: 'article', severity: 'error', message: unreadableMarkdown(error) } };
  }
}

const isEnglish = (lang: string): boolean => /^en(?:-|$)/i.test(lang);

/** The reading grade, long sentences and paragraphs, and the passive voice. */
function readabilityFindings(
  stats: ReadabilityStats,
  sentences: readonly ProseSentence[],
  segments: readonly Segment[],
  config: ResolvedConfig,
  placeOf: PlaceOf,
): Finding[] {
  const { maxSentenceWords, maxParagraphSentences, passiveMaxPercent } = config.check;
  const findings: Finding[] = [...gradeFindings(stats, config)];
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
      message:
        `paragraph of ${count} sentences (aim for ${maxParagraphSentences} or fewer): break ` +
        `it up, or make a list.`,
      ...placeOf(segment.offsets[0] ?? 0),
    });
  }
  const passiveShare = stats.sentences ? Math.round((stats.passiveSentences / stats.sentences) * 100) : 0;
  if (passiveShare <= passiveMaxPercent) return findings;
  for (const use of sentences.flatMap((sentence) => sentence.passive)) {
    findings.push({
      rule: 'passive-voice',
      severity: 'warning',
      message:
        `passive voice "${use.phrase}" (${stats.passiveSentences} of ${stats.sentences} ` +
        `sentences, ${passiveShare}%, are passive; aim for ${passiveMaxPercent}% or fewer): say who or what does it.`,
      ...placeOf(use.offset),
    });
  }
  return findings;
}

/**
 * The reading grade above its target, in an article long enough for a grade to say something: the higher of SMOG and
 * Flesch-Kincaid in English, INFLESZ (a minimum: higher is easier) in Spanish, FOG-PL in Polish.
 */
function gradeFindings(stats: ReadabilityStats, config: ResolvedConfig): Finding[] {
  if (stats.sentences < MIN_SENTENCES_FOR_GRADE) return [];
  const topics =
    stats.topicWords.length > 0 ? ` (${stats.topicWords.map((t) => t.word).join(', ')} counted as easy words)` : '';
  const warning = (message: string): Finding[] => [{ rule: 'reading-grade', severity: 'warning', message }];
  const { grade } = stats;
  if (grade?.formula === 'INFLESZ') {
    if (grade.score >= config.check.minInflesz) return [];
    return warning(
      `reading ease INFLESZ ${grade.score} (${grade.band}) is below the target of ${config.check.minInflesz}` +
        `${topics}: use shorter sentences and shorter, everyday words.`,
    );
  }
  if (grade?.formula === 'FOG-PL') {
    if (grade.score <= config.check.maxFogPl) return [];
    return warning(
      `reading grade FOG-PL ${grade.score} (${grade.band}) is above the target of ${config.check.maxFogPl}` +
        `${topics}: use shorter sentences and fewer words of four syllables or more.`,
    );
  }
  const english = Math.max(stats.smog, stats.fleschKincaid);
  if (english <= config.check.maxGrade) return [];
  return warning(
    `reading grade ${english} is above the target of ${config.check.maxGrade} (SMOG ${stats.smog}, ` +
      `Flesch-Kincaid ${stats.fleschKincaid})${topics}: use shorter sentences and everyday words.`,
  );
}

/**
 * Jargon in the text, and in the summary and key points: they are read first (the leaflet's introduction, the email's
 * preview), so they are checked on their own; a term the title names is the article's topic and may stand there.
 */
function jargonFindings(
  article: Article,
  segments: readonly Segment[],
  findJargon: ReturnType<typeof createJargonMatcher>,
  placeOf: PlaceOf,
): Finding[] {
  const message = (use: JargonUse): string =>
    `"${use.text}" is a medical or official word: say "${use.entry.plain}", or explain it the first ` +
    `time, like "${use.text} (${use.entry.plain})" (${use.entry.source}${use.uses > 1 ? `; used ${use.uses} times` : ''}).`;
  const findings: Finding[] = findJargon(segments).map((use) => ({
    rule: 'jargon',
    severity: 'warning',
    message: message(use),
    suggestion: use.entry.plain,
    ...placeOf(use.offset),
  }));
  const title = article.title.toLowerCase();
  const fields: [string, string[]][] = [
    ['summary', article.summary ? [article.summary] : []],
    ['key_points', article.keyPoints],
  ];
  for (const [key, texts] of fields) {
    for (const text of texts) {
      for (const use of findJargon([{ kind: 'paragraph', text, offsets: [...text].map((_, index) => index) }])) {
        if (title.includes(use.text.toLowerCase())) continue;
        findings.push({
          rule: 'jargon',
          severity: 'warning',
          message: `in "${key}": ${message(use)}`,
          suggestion: use.entry.plain,
          line: article.keyLines[key] ?? 1,
        });
      }
    }
  }
  return findings;
}

/**
 * Alt text that says nothing about the picture: a file name, a bare "image", or "picture of ..." (a screen reader says
 * "image" already).
 */
function checkAltText(article: Article, images: readonly ImageRef[]): Finding[] {
  const findings: Finding[] = [];
  const refs = [
    ...(article.image && article.imageAlt ? [{ alt: article.imageAlt, line: article.keyLines.image_alt ?? 1 }] : []),
    ...images.map((ref) => ({ alt: ref.alt, line: article.bodyLine + ref.line - 1 })),
  ];
  for (const { alt, line } of refs) {
    const text = alt?.trim() ?? '';
    if (!text) continue; // missing alt is an error when the article is read; alt="" marks decoration
    let problem: string | undefined;
    if (/\.(?:png|jpe?g|gif|svg|webp|avif)$/i.test(text) || /^[\w-]+_[\w-]+$/.test(text))
      problem = 'looks like a file name';
    else if (/^(?:an?\s+)?(?:image|picture|photo|photograph|img|graphic|figure|diagram|illustration)s?\.?$/i.test(text))
      problem = 'does not say what the picture shows';
    else if (/^(?:an?\s+)?(?:image|picture|photo|photograph|graphic)\s+of\b/i.test(text))
      problem = 'starts with "image of" (screen readers already say it is an image)';
    if (problem) {
      findings.push({
        rule: 'alt-text',
        severity: 'warning',
        message: `alt text "${text}" ${problem}: describe what it shows, like "A foot with a high arch".`,
        line,
      });
    }
  }
  return findings;
}

/**
 * Link text that says nothing about where the link goes: on paper it has no address, and a screen reader's list of
 * links is a list of "here".
 */
const MEANINGLESS_LINK_TEXT =
  /^(?:(?:please\s+)?click\s+here|here|click|this|this\s+(?:page|link|website|site|article)|link|page|website|read\s+more|more|more\s+info(?:rmation)?|find\s+out\s+more|go)$/i;

function checkLinkText(article: Article, links: readonly LinkRef[]): Finding[] {
  return links.flatMap((link) => {
    const text = link.text
      .replace(/[*_`]/g, '')
      .replace(/[.:!]+$/, '')
      .trim();
    if (!MEANINGLESS_LINK_TEXT.test(text)) return [];
    return [
      {
        rule: 'link-text',
        severity: 'warning',
        message:
          `link text "${text}" means nothing on paper or to a screen reader: say where it ` +
          `goes, like "the NHS page on sciatica".`,
        line: article.bodyLine + link.line - 1,
      },
    ];
  });
}

/** Text still marked TODO, in the front matter's words and in the body. */
function findTodos(
  article: Article,
  segments: readonly Segment[],
  placeOf: (offset: number) => { line: number; column: number },
): Finding[] {
  const todo = /\bTODO\b/;
  const findings: Finding[] = [];
  const fields: [string, string[]][] = [
    ['title', [article.title]],
    ['summary', article.summary ? [article.summary] : []],
    ['key_points', article.keyPoints],
  ];
  for (const [key, values] of fields) {
    if (values.some((value) => todo.test(value))) {
      findings.push({
        rule: 'todo',
        severity: 'warning',
        message: `"${key}" still says TODO: write it before the article is published.`,
        line: article.keyLines[key] ?? 1,
      });
    }
  }
  for (const segment of segments) {
    const at = segment.text.search(todo);
    if (at >= 0)
      findings.push({
        rule: 'todo',
        severity: 'warning',
        message: 'text still marked TODO: write it before the article is published.',
        ...placeOf(segment.offsets[at] ?? 0),
      });
  }
  return findings;
}
