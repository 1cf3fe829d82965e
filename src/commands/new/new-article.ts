// `leaflet new "Title"`: a new article with every front matter field filled in as far as leaflet can (today's date,
// the next review in the configured number of years, the author and reviewer from the config) and a body skeleton
// that already has the sections `leaflet check` looks for. It starts as a draft, so a build leaves it out until
// someone takes `draft: true` away.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { slugProblem } from '../../articles/front-matter.js';
import { slugOf } from '../../articles/read-article.js';
import { addYears, todayIso } from '../../check/governance.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { writeYaml } from '../../config/yaml.js';
import { UsageError } from '../../errors.js';

export interface NewArticleOptions {
  config: ResolvedConfig;
  cwd: string;
  title: string;
  slug?: string;
  /** Folder for the file; default: where the config's `articles` pattern looks. */
  dir?: string;
  /** The date written as published and reviewed (YYYY-MM-DD); default today. */
  today?: string;
}

/** Write the new article; throws UsageError when the slug is bad or the file exists. */
export async function writeNewArticle(options: NewArticleOptions): Promise<{ file: string; shownPath: string }> {
  const title = options.title.trim();
  if (!title) throw new UsageError('give the article a title: leaflet new "Shoulder pain"');
  const slug = options.slug ?? slugFromTitle(title);
  const problem = slugProblem(slug);
  if (problem) throw new UsageError(`--slug "${slug.length > 100 ? `${slug.slice(0, 100)}...` : slug}" ${problem}.`);
  const dir = path.resolve(options.cwd, options.dir ?? articlesFolder(options.config));
  const file = path.join(dir, `${slug}.md`);
  const shownPath = path.relative(options.cwd, file) || file;
  if (existsSync(file)) throw new UsageError(`${shownPath} already exists: choose another title, or a --slug.`);
  await mkdir(dir, { recursive: true });
  await writeFile(file, newArticleText(title, slug, options.config, options.today ?? todayIso()), { flag: 'wx' });
  return { file, shownPath };
}

/** The longest slug made from a title: a file name and web address short enough to read. */
export const MAX_TITLE_SLUG_LENGTH = 60;

/** The slug of a title, cut at a word at most MAX_TITLE_SLUG_LENGTH long; a title that gives none is a usage error. */
export function slugFromTitle(title: string): string {
  const full = slugOf(title);
  if (!full) {
    throw new UsageError(
      `the title "${title.length > 60 ? `${title.slice(0, 60)}...` : title}" gives no slug (the name ` +
        `of its file and web address), which is made from the letters a-z and digits in it: give one with ` +
        `--slug, like --slug shoulder-pain.`,
    );
  }
  if (full.length <= MAX_TITLE_SLUG_LENGTH) return full;
  // Cut where a word ends; a first word longer than the whole is cut within it.
  const cut = full.slice(0, MAX_TITLE_SLUG_LENGTH + 1);
  const end = cut.lastIndexOf('-');
  return (end > 0 ? cut.slice(0, end) : cut.slice(0, MAX_TITLE_SLUG_LENGTH)).replace(/-+$/, '');
}

/** The folder a glob like "articles/**\/*.md" looks in: its part before the first wildcard. */
function articlesFolder(config: ResolvedConfig): string {
  const pattern = [config.articles].flat()[0] ?? 'articles';
  const fixed = pattern
    .split('/')
    .filter((part, index, parts) => !/[*?[{]/.test(part) && parts.slice(0, index).every((p) => !/[*?[{]/.test(p)));
  const folder = fixed.join('/');
  return folder.endsWith('.md') ? path.dirname(folder) : folder || '.';
}

/** The text of a new article. */
export function newArticleText(title: string, slug: string, config: ResolvedConfig, today: string): string {
  const frontMatter: Record<string, unknown> = {
    title,
    slug,
    summary: 'TODO: one or two sentences saying what this leaflet is about and who it is for.',
    lang: config.defaults.lang,
    tags: [],
    ...(config.defaults.author ? { author: config.defaults.author } : {}),
    ...(config.defaults.reviewer ? { reviewer: config.defaults.reviewer } : {}),
    published: today,
    reviewed: today,
    next_review: addYears(today, config.check.reviewWithinYears),
    key_points: ['TODO: the most important thing to remember', 'TODO: the next most important thing'],
    sources: [],
    draft: true,
  };
  // YAML 1.2, as leaflet reads it: dates unquoted, as people write them, since they stay text.
  const yaml = writeYaml(frontMatter, 120);
  const missing = [
    !config.defaults.author && '# author: who wrote it (set defaults.author in the config to fill this in)',
    !config.defaults.reviewer && '# reviewer: the clinician who checked it, like "Sam Patel, MCSP"',
    '# sources: where the facts come from, each as "- title: ..." and "  url: https://..."',
    '# image: a picture beside the article, with image_alt saying what it shows',
  ].filter(Boolean);
  return `---
${yaml.trimEnd()}
${missing.join('\n')}
---

<!-- Write for your patient: short sentences, everyday words, and "you". "leaflet check" shows the reading grade. -->

## What is it?

TODO: Say in two or three short sentences what the problem is and who gets it.

## What you can do

TODO: The things you can do to help yourself, one per line.

1. TODO: the first thing to do
2. TODO: the next thing to do

## When to get help

Contact us or see your GP if:

- TODO: a sign that needs a check-up
- TODO: another sign

## How we can help

TODO: What a physiotherapist can do, and how to book.
`;
}
