// The schema of an article's front matter (the README's "Front matter" table lists every key).
import { z } from 'zod';
import { languageTagSchema } from '../config/language-tag.js';
import { formatSchema } from '../config/schema.js';

const DATE_FORMAT = 'expected a date written as YYYY-MM-DD, like 2026-03-01';

/**
 * What is wrong with a date written as text, in the words every date leaflet reads uses (front matter and flags alike);
 * undefined when it is a day of the calendar written YYYY-MM-DD.
 */
export function dateProblem(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return DATE_FORMAT;
  if (!isRealDate(value)) return `${value} is not a day of the calendar: check the month and the day`;
  return undefined;
}

/** A calendar date, written 2026-03-01 (kept as that string): one that exists, never rolled over to the next month. */
export const isoDateSchema = z.string({ error: DATE_FORMAT }).superRefine((value, ctx) => {
  const problem = dateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

/** Whether an ISO date names a day that exists (not 2026-02-30). */
function isRealDate(value: string): boolean {
  const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A list that may also be written as a single value (`tags: feet`). */
function listOf<T extends z.ZodType>(item: T, example: string) {
  return z.preprocess(
    (value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(item, { error: `expected a list, like ${example}` }),
  );
}

const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'expected text') })
  .trim()
  .min(1, { error: 'must not be empty' });

/** A tag: a short label, which names a page of the web site. */
const tag = z
  .union([z.string(), z.number()], { error: 'expected a tag as text, like back pain' })
  .transform((value) => String(value).trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(60, { error: 'a tag may be at most 60 characters: use a short label' })
      .regex(/^[^<>]*$/, { error: 'a tag is plain text: take out the "<" and ">"' }),
  );

/** Tags: a list, or one tag alone. One text with commas ("back pain, feet") is a list written the wrong way. */
const tags = z.preprocess(
  (value) =>
    value === null || value === undefined
      ? []
      : Array.isArray(value) || (typeof value === 'string' && value.includes(','))
        ? value
        : [value],
  z.array(tag, { error: 'expected a list, like [back pain, feet] (a single tag without commas may be written alone)' }),
);

/** Slugs name output files and URLs, so they are kept to safe characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The longest slug taken: it names files and web addresses, which must stay short enough to read and to store. */
export const MAX_SLUG_LENGTH = 80;

const SLUG_RULE = 'may only use a-z, 0-9 and single "-" between words, like "ankle-sprain"';

/** What is wrong with a slug, in the front matter's words; undefined when it is a good one. */
export function slugProblem(slug: string): string | undefined {
  if (!SLUG_PATTERN.test(slug)) return SLUG_RULE;
  if (slug.length > MAX_SLUG_LENGTH)
    return `is ${slug.length} characters long: a slug may have at most ${MAX_SLUG_LENGTH}, like "ankle-sprain"`;
  return undefined;
}

/** A whole number between `min` and `max`, with the unit said in the message. */
function count(min: number, max: number, unit: string) {
  return z
    .number({ error: `expected a number of ${unit}, like ${min === 1 ? 3 : min}` })
    .int({ error: `expected a whole number of ${unit}` })
    .min(min, { error: `expected at least ${min} ${unit}` })
    .max(max, { error: `expected at most ${max} ${unit}` });
}

/**
 * How much of an exercise to do: its default, which a therapist may change for a patient (`leaflet pack --exercise`).
 */
export const doseSchema = z.strictObject(
  {
    sets: count(1, 20, 'sets').optional(),
    reps: count(1, 100, 'repetitions').optional(),
    /** Seconds to hold each one. */
    hold: count(1, 600, 'seconds').optional(),
    per_day: count(1, 10, 'times a day').optional(),
    side: z.enum(['left', 'right', 'both'], { error: 'expected left, right or both' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has ${issue.keys.map((key) => `"${key}"`).join(', ')}, which a dose does not: use sets, ` +
          `reps, hold (seconds), per_day and side`
        : 'expected a dose with sets, reps, hold (seconds), per_day and side, like "sets: 3" and "reps: 10" under it',
  },
);

export type Dose = z.output<typeof doseSchema>;

/** What kind of article it is: advice (the default), or an exercise laid out as a card with its picture and dose. */
export const ARTICLE_TYPES = ['article', 'exercise'] as const;

export const frontMatterSchema = z.object({
  title: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required: every article needs a title'
          : 'expected text, like title: Knee pain when you run',
    })
    .trim()
    .min(1, { error: 'must not be empty' }),
  summary: text.optional(),
  slug: z
    .string({ error: 'expected text' })
    .superRefine((value, ctx) => {
      const problem = slugProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    })
    .optional(),
  lang: languageTagSchema.optional(),
  tags: tags.default([]),
  author: text.optional(),
  reviewer: text.optional(),
  published: isoDateSchema.optional(),
  reviewed: isoDateSchema.optional(),
  next_review: isoDateSchema.optional(),
  key_points: listOf(text, '["Rest for two days.", "Then walk a little more each day."]').default([]),
  sources: listOf(
    z.object(
      {
        title: text,
        url: z.url({ protocol: /^https?$/, error: 'expected a web address starting with https://' }),
      },
      { error: 'expected an entry with a "title" and a "url"' },
    ),
    '"- title: NHS - Back pain" and "url: https://www.nhs.uk/conditions/back-pain/" under it',
  ).default([]),
  image: text.optional(),
  image_alt: text.optional(),
  draft: z.boolean({ error: 'expected true or false' }).default(false),
  /** Also print a large-print leaflet of this article. */
  large_print: z.boolean({ error: 'expected true or false' }).optional(),
  /** The most pages its leaflet should take. */
  pages: z
    .number({ error: 'expected a number of pages, like 2' })
    .int({ error: 'expected a whole number of pages' })
    .min(1, { error: 'expected at least 1 page' })
    .max(20, { error: 'expected at most 20 pages' })
    .optional(),
  formats: listOf(formatSchema, '[leaflet, web]').optional(),
  type: z.enum(ARTICLE_TYPES, { error: 'expected "article" or "exercise"' }).default('article'),
  dose: doseSchema.optional(),
  /** The slug of the article this one translates. */
  translation_of: z
    .string({ error: 'expected the slug of the article this one translates, like "ankle-sprain"' })
    .regex(SLUG_PATTERN, { error: 'expected the slug of the article this one translates, like "ankle-sprain"' })
    .optional(),
  /** Who translated it, and whether a native speaker has checked it: for the clinic, never printed. */
  translation_note: text.optional(),
});

/** Front matter keys leaflet knows; others are reported as warnings (usually a typo). */
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);

export type FrontMatter = z.output<typeof frontMatterSchema>;
