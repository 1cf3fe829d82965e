// The schema of an article's front matter (the README's "Front matter" table lists every key).
import { z } from 'zod';
import { formatSchema } from '../config/schema.js';

/** A calendar date, written in YAML as 2026-03-01; kept as that ISO string. */
const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: 'expected a date written as YYYY-MM-DD, like 2026-03-01' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD, like 2026-03-01' })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { error: 'not a real calendar date' }),
);

/** A list that may also be written as a single value (`tags: feet`). */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

const text = z.string({ error: 'expected text' }).trim().min(1, { error: 'must not be empty' });

/** Slugs name output files and URLs, so they are kept to safe characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const frontMatterSchema = z.object({
  title: z.string({ error: 'is required: every article needs a title' }).trim().min(1, { error: 'must not be empty' }),
  summary: text.optional(),
  slug: z
    .string({ error: 'expected text' })
    .regex(SLUG_PATTERN, { error: 'may only use a-z, 0-9 and single "-" between words, like "ankle-sprain"' })
    .optional(),
  lang: z
    .string({ error: 'expected text' })
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'expected a language tag like "en-GB"' })
    .optional(),
  tags: listOf(z.coerce.string().trim().min(1)).default([]),
  author: text.optional(),
  reviewer: text.optional(),
  published: isoDate.optional(),
  reviewed: isoDate.optional(),
  next_review: isoDate.optional(),
  key_points: listOf(text).default([]),
  sources: listOf(
    z.object(
      {
        title: text,
        url: z.url({ protocol: /^https?$/, error: 'expected a web address starting with https://' }),
      },
      { error: 'expected an entry with a "title" and a "url"' },
    ),
  ).default([]),
  image: text.optional(),
  image_alt: text.optional(),
  draft: z.boolean({ error: 'expected true or false' }).default(false),
  /** Also print a large-print leaflet of this article. */
  large_print: z.boolean({ error: 'expected true or false' }).optional(),
  formats: listOf(formatSchema).optional(),
});

/** Front matter keys leaflet knows; others are reported as warnings (usually a typo). */
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);

export type FrontMatter = z.output<typeof frontMatterSchema>;
