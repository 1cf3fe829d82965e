// Parse one article file's text: front matter (gray-matter) validated against the schema.
import path from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { ResolvedConfig } from '../config/schema.js';
import { articleSettings } from '../config/settings.js';
import { FrontMatterError } from '../errors.js';
import type { Article, Warning } from './article.js';
import { FRONT_MATTER_KEYS, frontMatterSchema } from './front-matter.js';

/** The article and the warnings found while reading it. */
export interface ParsedArticle {
  article: Article;
  warnings: Warning[];
}

/** Parse an article's source text. Throws FrontMatterError naming the file and line. */
export function parseArticle(source: string, file: string, shownPath: string, config: ResolvedConfig): ParsedArticle {
  const parsed = parseMatter(source, shownPath);

  const matterLines = parsed.matter.split('\n');
  if (!source.trimStart().startsWith('---')) {
    throw new FrontMatterError('has no front matter: start the file with a "---" block that has at least a title.', {
      file: shownPath,
      line: 1,
    });
  }
  const data: unknown = parsed.data;
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    const key = issue.path.map(String).join('.') || 'front matter';
    const line = locateKey(matterLines, issue.path);
    // One problem a key: a date that is not a date fails two tests, but it is one thing to fix.
    const others = new Set(result.error.issues.map((each) => each.path.map(String).join('.'))).size - 1;
    const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : '';
    throw new FrontMatterError(`"${key}" ${issue.message}${more}`, { file: shownPath, ...(line ? { line } : {}) });
  }

  const fm = result.data;
  const warnings: Warning[] = [];
  for (const key of Object.keys(data as object)) {
    if (FRONT_MATTER_KEYS.includes(key)) continue;
    const guess = closest(key, FRONT_MATTER_KEYS);
    const hint = distance(key, guess) <= 2 ? ` Did you mean "${guess}"?` : '';
    const line = locateKey(matterLines, [key]);
    warnings.push({ file: shownPath, ...(line ? { line } : {}), message: `unknown front matter key "${key}" is ignored.${hint}` });
  }

  if (fm.reviewed && fm.next_review && fm.next_review < fm.reviewed) {
    throw new FrontMatterError(
      `"next_review" (${fm.next_review}) is before "reviewed" (${fm.reviewed}). The next review comes after the last one: check the dates.`,
      { file: shownPath, ...lineOf(matterLines, 'next_review') },
    );
  }
  const keyLines: Record<string, number> = {};
  for (const key of Object.keys(data as object)) {
    const line = locateKey(matterLines, [key]);
    if (line) keyLines[key] = line;
  }

  const bodyOffset = source.length - parsed.content.length;
  const bodyLine = source.slice(0, bodyOffset).split('\n').length;
  const dir = path.dirname(file);
  const article: Article = {
    file,
    shownPath,
    slug: fm.slug ?? slugFromFileName(file),
    title: fm.title,
    summary: fm.summary,
    tags: fm.tags,
    author: fm.author,
    reviewer: fm.reviewer,
    published: fm.published,
    reviewed: fm.reviewed,
    nextReview: fm.next_review,
    keyPoints: fm.key_points,
    sources: fm.sources,
    image: fm.image ? path.resolve(dir, fm.image) : undefined,
    imageAlt: fm.image_alt,
    draft: fm.draft,
    ...articleSettings(config, fm),
    body: parsed.content,
    bodyLine,
    keyLines,
  };
  return { article, warnings };
}

/** `{ line }` of a front matter key, or nothing when it cannot be found. */
function lineOf(matterLines: string[], key: string): { line?: number } {
  const line = locateKey(matterLines, [key]);
  return line ? { line } : {};
}

/** The default slug: the file name, lower-cased, with anything but a-z and 0-9 turned into "-". */
export function slugFromFileName(file: string): string {
  return path
    .basename(file, path.extname(file))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The 1-based file line of a key path inside the front matter, found by reading the YAML text
 * (good enough for block-style YAML, which is what articles use). `matterLines[0]` is the `---` line.
 */
export function locateKey(matterLines: string[], keyPath: readonly PropertyKey[]): number | undefined {
  const [top, ...rest] = keyPath;
  if (typeof top !== 'string') return undefined;
  const escaped = top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let index = matterLines.findIndex((line) => new RegExp(`^['"]?${escaped}['"]?\\s*:`).test(line));
  if (index < 0) return undefined;
  // Walk into "- item" entries and nested keys below the top-level key, as far as they can be found.
  for (const segment of rest) {
    if (typeof segment === 'number') {
      let seen = -1;
      const found = matterLines.findIndex((line, i) => i > index && /^\s*-\s/.test(line) && ++seen === segment);
      if (found < 0) break;
      index = found;
    } else if (typeof segment === 'string') {
      const found = matterLines.findIndex((line, i) => i >= index && new RegExp(`^[\\s-]*${segment}\\s*:`).test(line));
      if (found < 0) break;
      index = found;
    }
  }
  return index + 1;
}

/** gray-matter options: front matter parsed by js-yaml 4 (safe by default: no functions or custom types). */
const YAML_ENGINE = { engines: { yaml: (text: string): object => (yaml.load(text) ?? {}) as object } };

/** Split a Markdown file into front matter and body. Throws FrontMatterError with the YAML error's line. */
export function parseMatter(source: string, shownPath: string): matter.GrayMatterFile<string> {
  try {
    // The YAML engine is js-yaml 4, the one the config is read with (gray-matter would load its own js-yaml 3).
    // Passing options also stops gray-matter from caching every file in a module-level map.
    return matter(source, YAML_ENGINE);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // js-yaml counts lines from the `---` line (0-based), which is the file's line number minus one.
    const line = typeof mark?.line === 'number' ? mark.line + 1 : undefined;
    throw new FrontMatterError(`front matter is not valid YAML: ${reason}. Check the indentation and quoting.`, {
      file: shownPath,
      ...(line ? { line } : {}),
      cause: error,
    });
  }
}
