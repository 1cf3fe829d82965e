// Structure checks inspired by AHRQ's PEMAT (Patient Education Materials Assessment Tool): a summary up front, short
// sections under headings, steps as lists, the reader addressed as "you", and sections that say what the reader can
// do and when to get help. Each is a warning with its reason; a clinic can turn any of them off in the config.
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Finding } from './findings.js';
import type { Segment } from './prose.js';
import type { ProseSentence } from './readability.js';

/** Sentence openings that mark a sequence of steps. */
const STEP_OPENING =
  /^\s*(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after that|afterwards|finally|lastly|step \d+)\b/i;
/** Headings of a section that says what the reader can do. */
const ACTION_HEADING =
  /\b(?:what (?:you|to) (?:can |should )?do|what can (?:i|you) do|things (?:you|to) (?:can )?(?:try|do)|self[- ]?(?:care|help|management)|how (?:to|you can)|exercises?|manag(?:e|ing)|looking after|help yourself|treatment|tips|ways to|steps)\b/i;
/** Headings of a section that says when and how to get help. */
const HELP_HEADING =
  /\b(?:when to|get(?:ting)? (?:help|advice|medical)|seek(?:ing)? help|see (?:a|your)|contact|call|urgent|emergency|appointment|book)\b/i;
/** Words that start an instruction ("Rest your foot", "Keep moving"). */
const IMPERATIVE =
  /^\s*(?:do|don't|try|take|use|wear|rest|keep|stop|avoid|ask|call|see|put|hold|stretch|sit|stand|walk|set|move|make|get|book|follow|lift|raise|place|repeat|change|choose|cut|go|start|lie|bend|turn|check|drink|eat|protect|ice|elevate|apply|build|begin|roll|push|pull|press|slowly|gently|let|tell|write|plan|remember|wrap|warm|cool|add|reduce|increase|swap|limit)\b/i;
/** Enough instructions to count as telling the reader what to do. */
const MIN_INSTRUCTIONS = 3;
/** Text that says who to contact, when no heading does: "See a GP", "call 111", "go to A&E". */
const HELP_TEXT =
  /\b(?:see|contact|call|phone|ring|ask|talk to)\s+(?:a\s+|an\s+|your\s+|the\s+|us\b)?(?:gp|doctor|nhs 111|111|999|a&e|physiotherapist|physio|pharmacist|nurse|midwife|us\b)|\bgo to (?:a&e|an? (?:urgent|minor|emergency))/i;
const YOU = /\b(?:you|your|yours|yourself|you're|you'll|you've)\b/i;

/** An offset in the body, for a finding. */
export type PlaceOf = (offset: number) => { line: number; column: number };

/** Structure findings for one article. */
export function checkStructure(
  article: Article,
  segments: readonly Segment[],
  sentences: readonly ProseSentence[],
  config: ResolvedConfig,
  placeOf: PlaceOf,
): Finding[] {
  const findings: Finding[] = [];
  if (!article.summary && article.keyPoints.length === 0) {
    findings.push({
      rule: 'no-summary',
      severity: 'warning',
      message:
        'no "summary" or "key_points": add a one-sentence summary, and the two to four things to ' +
        'remember, to the front matter.',
      line: 1,
    });
  }
  findings.push(
    ...longSections(segments, config.check.wordsPerHeading, placeOf),
    ...stepsInParagraphs(segments, sentences, placeOf),
  );
  // An exercise is its numbered steps: what the reader does, and (in the text after them) when to stop.
  if (article.type === 'exercise') return [...findings, ...exerciseSteps(article)];
  const prose = segments.filter((segment) => segment.kind !== 'heading');
  if (prose.length > 0 && !prose.some((segment) => YOU.test(segment.text))) {
    findings.push({
      rule: 'no-you',
      severity: 'warning',
      message: 'the article never speaks to the reader as "you": write "you can..." rather than "patients should...".',
      line: article.bodyLine,
    });
  }
  // What to do: a heading that says so, or instructions ("Rest your foot.", "Keep moving.") the reader can follow.
  const headings = segments.filter((segment) => segment.kind === 'heading').map((segment) => segment.text);
  const instructions = sentences.filter((sentence) => IMPERATIVE.test(sentence.text)).length;
  if (!headings.some((heading) => ACTION_HEADING.test(heading)) && instructions < MIN_INSTRUCTIONS) {
    findings.push({
      rule: 'no-action-section',
      severity: 'warning',
      message:
        'nothing tells the reader what they can do: add a section like "What you can do", with steps ' +
        'that start with a verb ("Rest your foot").',
      line: article.bodyLine,
    });
  }
  // When to get help: a heading that says so, or text that names who to contact.
  if (
    !headings.some((heading) => HELP_HEADING.test(heading)) &&
    !prose.some((segment) => HELP_TEXT.test(segment.text))
  ) {
    findings.push({
      rule: 'no-help-section',
      severity: 'warning',
      message:
        'no section says when to get help: add one under a heading like "When to get help", with who to contact.',
      line: article.bodyLine,
    });
  }
  return findings;
}

/** Numbered steps: at least two, each short. */
const STEP_LINE = /^ {0,3}\d{1,2}[.)][ \t]+(.*)$/gm;
const WORDS_PER_STEP = 30;

/** An exercise without numbered steps, or with a step too long to follow while doing it. */
function exerciseSteps(article: Article): Finding[] {
  const steps = [...article.body.matchAll(STEP_LINE)];
  if (steps.length < 2) {
    return [
      {
        rule: 'exercise-steps',
        severity: 'warning',
        message:
          'this exercise has no numbered steps: write how to do it as a list, "1. Stand facing a ' +
          'wall.", one step per line.',
        line: article.bodyLine,
      },
    ];
  }
  return steps
    .filter((step) => (step[1]?.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) > WORDS_PER_STEP)
    .map((step) => ({
      rule: 'exercise-steps' as const,
      severity: 'warning' as const,
      message: `this step has more than ${WORDS_PER_STEP} words: split it in two, so that it can be read while doing it.`,
      line: article.bodyLine + article.body.slice(0, step.index).split('\n').length - 1,
    }));
}

/** Sections (the text between headings) longer than `limit` words, each at its heading (or where its text starts). */
function longSections(segments: readonly Segment[], limit: number, placeOf: PlaceOf): Finding[] {
  const findings: Finding[] = [];
  let sectionStart: Segment | undefined;
  let words = 0;
  const closeSection = (): void => {
    if (sectionStart && words > limit) {
      findings.push({
        rule: 'long-section',
        severity: 'warning',
        message:
          `${words} words without a heading (aim for a heading at least every ${limit} ` +
          `words): split this part under headings that say what each part is about.`,
        ...placeOf(sectionStart.offsets[0] ?? 0),
      });
    }
    words = 0;
  };
  for (const segment of segments) {
    if (segment.kind === 'heading') {
      closeSection();
      sectionStart = segment;
      continue;
    }
    sectionStart ??= segment;
    words += segment.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  }
  closeSection();
  return findings;
}

/** Steps written as running text: three or more sentences of one paragraph that start "First", "Then", "Next"... */
function stepsInParagraphs(
  segments: readonly Segment[],
  sentences: readonly ProseSentence[],
  placeOf: PlaceOf,
): Finding[] {
  const bySegment = new Map<number, number>();
  for (const sentence of sentences) {
    if (segments[sentence.segment]?.kind === 'paragraph' && STEP_OPENING.test(sentence.text)) {
      bySegment.set(sentence.segment, (bySegment.get(sentence.segment) ?? 0) + 1);
    }
  }
  return [...bySegment]
    .filter(([, count]) => count >= 3)
    .map(([index]) => ({
      rule: 'steps-not-list' as const,
      severity: 'warning' as const,
      message:
        'this paragraph describes steps ("first", "then", "next"...): write them as a numbered list, ' +
        'one step per item.',
      ...placeOf(segments[index]?.offsets[0] ?? 0),
    }));
}
