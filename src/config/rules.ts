// The names of the quality-check rules, each with the reason it exists: the config's `check.rules` takes them as keys,
// `leaflet check` reports them, and the docs list them. A leaf module, so that the config's schema needs nothing from
// the checks themselves.

/** The rules `leaflet check` applies; each can be set to "off", "warning" or "error" in the config's `check.rules`. */
export const RULES = {
  // Errors found while reading the article (the article is not built).
  'front-matter': 'The front matter must be valid YAML that matches the article fields.',
  article: 'Images, links to other articles and the slug must point at things that exist.',
  // Review governance (NHS Standard for Creating Health Content, PIF TICK).
  'review-overdue': 'The next review date has passed: the information may be out of date.',
  'review-due-soon': 'The next review date is near: plan the review.',
  'review-too-far': 'Health information should be reviewed at least every few years.',
  'review-dates': 'Patients trust information that says when it was checked and when it will be checked again.',
  'no-author': 'Patients should know who wrote the information.',
  'no-reviewer': 'A named clinical reviewer shows that someone qualified checked the information.',
  'no-sources': 'Sources let patients and colleagues check where the information comes from.',
  // Readability (health literacy guidance: reading grade 6 to 8, short sentences, active voice).
  'reading-grade': 'Most patients read best at about school grade 6 to 8.',
  'long-sentence': 'Long sentences are hard to follow; the NHS aims for about 20 words or fewer.',
  'long-paragraph': 'Short paragraphs are easier to take in.',
  'passive-voice': 'Active voice says who does what, which is clearer.',
  jargon: 'Medical words put many readers off; use everyday words or explain the term the first time.',
  spelling:
    'A misspelt word on a leaflet makes patients doubt the rest of it; the words a dictionary does not know are ' +
    'listed with what was probably meant.',
  'alt-text': 'Alt text is read out to people who cannot see the picture, so it should say what the picture shows.',
  'unsafe-html':
    'Scripts, frames, event handlers and javascript: links could attack the readers of the web page ' +
    'and emails, so they are taken out.',
  // Structure (inspired by AHRQ PEMAT).
  'no-summary': 'A summary or key points up front tell readers what matters most.',
  'long-section': 'Headings every few paragraphs help readers find what they need.',
  'steps-not-list': 'Steps are easier to follow as a numbered list.',
  'no-you': 'Speaking to the reader as "you" makes information easier to act on.',
  'no-action-section': 'Patients need to know what they can do themselves.',
  'no-help-section': 'Patients need to know when and how to get help.',
  'exercise-steps': 'An exercise is easiest to follow as a few short numbered steps.',
  todo: 'Unfinished text (marked TODO) must not reach patients.',
  'link-text':
    'Link text such as "here" means nothing on paper, or to a screen reader listing the links: say ' +
    'where the link goes.',
  // Languages.
  translation: 'A translation should link to an article that exists, and be checked again when its source changes.',
} as const;

export type RuleId = keyof typeof RULES;

/** The rules that warn, which a clinic may turn off or make errors (reading errors always stop the article). */
export const WARNING_RULES = (Object.keys(RULES) as RuleId[]).filter(
  (rule) => rule !== 'front-matter' && rule !== 'article',
) as [Exclude<RuleId, 'front-matter' | 'article'>, ...Exclude<RuleId, 'front-matter' | 'article'>[]];
