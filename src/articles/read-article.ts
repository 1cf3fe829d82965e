// Parse one article file's text: front matter (YAML, read by the `yaml` package) validated against the schema, every
// problem found in one pass, in plain words, with its line.
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { issueInWords, type ResolvedConfig } from '../config/schema.js';
import { articleSettings } from '../config/settings.js';
import { readYaml, YamlDocument, type YamlProblem } from '../config/yaml.js';
import { ArticleError, ArticleProblems, FrontMatterError, type LeafletError } from '../errors.js';
import type { Article, Warning } from './article.js';
import { FRONT_MATTER_KEYS, type FrontMatter, frontMatterSchema } from './front-matter.js';
import { nestingMessage, tooDeeplyNested } from './nesting.js';

/** The article and the warnings found while reading it. */
export interface ParsedArticle {
  article: Article;
  warnings: Warning[];
}

/**
 * Parse an article's source text. Throws an ArticleProblems with every problem found (each a FrontMatterError or an
 * ArticleError naming the file and line), or a single FrontMatterError when the front matter cannot be read at all.
 */
export function parseArticle(
  source: string,
  file: string,
  shownPath: string,
  config: ResolvedConfig,
  memo?: FrontMatterMemo,
): ParsedArticle {
  if (!source.trimStart().startsWith('---')) {
    throw new FrontMatterError(
      'has no front matter: start the file with a "---" line, "title: ...", and another "---" line.',
      { file: shownPath, line: 1 },
    );
  }
  const parsed = parseMatter(source, shownPath, memo);
  const data: unknown = parsed.data;
  const at = (keyPath: readonly PropertyKey[]): { line?: number } => {
    const line = parsed.lineOf(keyPath);
    return line ? { line } : {};
  };
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    // One problem a key: a date that is not a date fails two tests, but it is one thing to fix.
    const byKey = new Map<string, z.core.$ZodIssue>();
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.') || 'front matter';
      if (!byKey.has(key)) byKey.set(key, issue);
    }
    throw new ArticleProblems(
      [...byKey].map(([key, issue]) =>
        issue.path.length === 0
          ? new FrontMatterError('front matter must be keys with their values, one a line, like "title: Knee pain".', {
              file: shownPath,
              line: 2,
            })
          : new FrontMatterError(`"${key}" ${issueInWords(issue)}`, { file: shownPath, ...at(issue.path) }),
      ),
    );
  }
  const fm = result.data;
  const warnings = unknownKeys(data as object, shownPath, at);
  const bodyOffset = source.length - parsed.content.length;
  const bodyLine = source.slice(0, bodyOffset).split('\n').length;
  const article = toArticle(fm, {
    file,
    shownPath,
    config,
    body: parsed.content,
    bodyLine,
    keyLines: keyLines(data as object, at),
  });
  const problems = articleProblems(article, fm, at);
  if (problems.length > 0) throw new ArticleProblems(problems);
  return { article, warnings };
}

/** What is wrong with an article whose front matter has the right shape: dates in the wrong order, no slug, nesting. */
function articleProblems(
  article: Article,
  fm: FrontMatter,
  at: (keyPath: readonly PropertyKey[]) => { line?: number },
): LeafletError[] {
  const problems: LeafletError[] = [];
  const file = article.shownPath;
  if (fm.reviewed && fm.next_review && fm.next_review < fm.reviewed) {
    problems.push(
      new FrontMatterError(
        `"next_review" (${fm.next_review}) is before "reviewed" (${fm.reviewed}). The next review ` +
          `comes after the last one: check the dates.`,
        { file, ...at(['next_review']) },
      ),
    );
  }
  if (!article.slug) {
    problems.push(
      new FrontMatterError(
        `the file name "${path.basename(article.file)}" gives no slug (the name of its pages and ` +
          `files): add one to the front matter, like "slug: knee-pain", or rename the file.`,
        { file, line: 1 },
      ),
    );
  }
  problems.push(...exerciseProblems(fm, file, at), ...translationProblems(article, fm, at));
  const nested = tooDeeplyNested(article.body);
  if (nested) {
    problems.push(
      new ArticleError(nestingMessage(nested.depth, 'an article'), { file, line: article.bodyLine + nested.line - 1 }),
    );
  }
  return problems;
}

/** An exercise needs its picture, described; a dose belongs to exercises only. */
function exerciseProblems(
  fm: FrontMatter,
  file: string,
  at: (keyPath: readonly PropertyKey[]) => { line?: number },
): LeafletError[] {
  if (fm.type !== 'exercise') {
    return fm.dose
      ? [
          new FrontMatterError(
            '"dose" is for exercises: add "type: exercise" to the front matter, or take the dose out.',
            { file, ...at(['dose']) },
          ),
        ]
      : [];
  }
  const problems: LeafletError[] = [];
  if (!fm.image) {
    problems.push(
      new FrontMatterError(
        'an exercise needs a picture of it: add "image:" with the path of a drawing or photo, and ' +
          '"image_alt:" describing it.',
        { file, ...at(['type']) },
      ),
    );
  } else if (!fm.image_alt) {
    problems.push(
      new FrontMatterError(
        'an exercise\'s picture needs "image_alt": say in a sentence what it shows, for readers who cannot see it.',
        { file, ...at(['image']) },
      ),
    );
  }
  return problems;
}

/**
 * A translation that names itself, or a file in a language's folder (articles/cy/) that does not say its language: it
 * would be built in the project's language, under the name of the article it translates.
 */
function translationProblems(
  article: Article,
  fm: FrontMatter,
  at: (keyPath: readonly PropertyKey[]) => { line?: number },
): LeafletError[] {
  const file = article.shownPath;
  if (fm.translation_of !== undefined && fm.translation_of === article.slug) {
    return [
      new FrontMatterError(
        `"translation_of" names this article itself ("${article.slug}"): name the article it ` +
          `translates, or take "translation_of" out if this is the original.`,
        { file, ...at(['translation_of']) },
      ),
    ];
  }
  const folder = path.basename(path.dirname(article.file));
  const language =
    fm.lang === undefined && !languageFolder(article.file, article.lang) ? languageName(folder) : undefined;
  if (!language) return [];
  return [
    new FrontMatterError(
      `this file is in "${folder}/", the folder of ${language} articles, but says no "lang:", so it ` +
        `would be built in ${article.lang} as "${article.slug}". Add "lang: ${folder}" to its front matter, ` +
        `or move it out of "${folder}/".`,
      { file, line: 1 },
    ),
  ];
}

/** The language a folder is named after ("Welsh" for cy/, "Brazilian Portuguese" for pt-BR/), if it is one. */
function languageName(folder: string): string | undefined {
  // Two-letter codes only: three-letter ones are words too often ("new" is Newari).
  if (!/^[a-z]{2}(-[a-z0-9]{2,8})*$/i.test(folder)) return undefined;
  try {
    return new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }).of(folder);
  } catch {
    return undefined;
  }
}

/** Keys the front matter has that leaflet does not know, as warnings (usually a typo, and so a suggestion). */
function unknownKeys(
  data: object,
  shownPath: string,
  at: (keyPath: readonly PropertyKey[]) => { line?: number },
): Warning[] {
  return Object.keys(data)
    .filter((key) => !FRONT_MATTER_KEYS.includes(key))
    .map((key) => {
      const guess = closest(key, FRONT_MATTER_KEYS);
      const hint = distance(key, guess) <= 2 ? ` Did you mean "${guess}"?` : '';
      return { file: shownPath, ...at([key]), message: `unknown front matter key "${key}" is ignored.${hint}` };
    });
}

/** The line of each key the front matter has. */
function keyLines(data: object, at: (keyPath: readonly PropertyKey[]) => { line?: number }): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const key of Object.keys(data)) {
    const { line } = at([key]);
    if (line) lines[key] = line;
  }
  return lines;
}

/** The article from its validated front matter and body, with its settings from every layer. */
function toArticle(
  fm: FrontMatter,
  where: {
    file: string;
    shownPath: string;
    config: ResolvedConfig;
    body: string;
    bodyLine: number;
    keyLines: Record<string, number>;
  },
): Article {
  const { file, shownPath, config, body, bodyLine, keyLines: lines } = where;
  const settings = articleSettings(config, fm);
  // articles/cy/ankle-sprain.md in Welsh is the Welsh version of ankle-sprain: slug "ankle-sprain-cy".
  const inLanguageFolder = languageFolder(file, settings.lang);
  const name = slugFromFileName(file);
  return {
    file,
    shownPath,
    slug: fm.slug ?? (inLanguageFolder ? `${name}-${inLanguageFolder}` : name),
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
    image: fm.image ? path.resolve(path.dirname(file), fm.image) : undefined,
    imageAlt: fm.image_alt,
    draft: fm.draft,
    type: fm.type,
    dose: fm.dose ?? {},
    translationOf: fm.translation_of ?? (inLanguageFolder ? name : undefined),
    ...settings,
    body,
    bodyLine,
    keyLines: lines,
  };
}

/** The folder an article is in, lower-cased, when it is named after the article's language ("cy" for cy-GB). */
function languageFolder(file: string, lang: string): string | undefined {
  const folder = path.basename(path.dirname(file)).toLowerCase();
  const language = lang.toLowerCase();
  return folder === language || folder === language.split('-')[0] ? folder : undefined;
}

/** The default slug: the file name, lower-cased, with anything but a-z and 0-9 turned into "-". */
export function slugFromFileName(file: string): string {
  return slugOf(path.basename(file, path.extname(file)));
}

/** Text as a slug: accents taken off, lower-cased, anything but a-z and 0-9 turned into "-" ("Épaule douloureuse"). */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Front matter read: its data, the body after it, and the file line of any key path in it. */
export interface FrontMatterText {
  data: unknown;
  content: string;
  lineOf(keyPath: readonly PropertyKey[]): number | undefined;
}

/** How a problem names front matter: "indent front matter with spaces", "the front matter is not valid YAML". */
const FRONT_MATTER = { noun: 'front matter', the: 'the front matter' };

/** What a front matter text gave: its value, and the line of each key path asked of it (null: not in the text). */
export interface RememberedMatter {
  data: unknown;
  lines: Record<string, number | null>;
}

/**
 * Front matter already read, by its text (the build's, kept beside its cache): recalled instead of parsing the same
 * text again, and remembered after parsing a new one.
 */
export interface FrontMatterMemo {
  recall(matter: string): RememberedMatter | undefined;
  remember(matter: string, remembered: RememberedMatter): void;
}

/** A key path as a memo files its line. */
const linesKey = (keyPath: readonly PropertyKey[]): string => keyPath.map(String).join('\u0000');

/**
 * Split a Markdown file into front matter and body. Throws FrontMatterError, in plain words, with the line. With a
 * memo, front matter it has seen is not parsed again, unless a line nobody asked of it before is asked.
 */
export function parseMatter(source: string, shownPath: string, memo?: FrontMatterMemo): FrontMatterText {
  const split = splitFrontMatter(source);
  if (!split) return { data: {}, content: source.replace(/^\ufeff/, ''), lineOf: () => undefined };
  if (!/^(|ya?ml|json)$/i.test(split.language)) {
    throw new FrontMatterError(
      `the first line asks for front matter in "${split.language}", but front matter is YAML: write "---" alone on the first line.`,
      { file: shownPath, line: 1 },
    );
  }
  const remembered = memo?.recall(split.matter);
  if (remembered) {
    let document: YamlDocument | undefined;
    const lineOf = (keyPath: readonly PropertyKey[]): number | undefined => {
      const line = remembered.lines[linesKey(keyPath)];
      if (line !== undefined) return line ?? undefined;
      if (!document) {
        const read = readYaml(split.matter, FRONT_MATTER);
        if (!(read instanceof YamlDocument)) return undefined;
        document = read;
      }
      return document.lineOf(keyPath);
    };
    return { data: remembered.data, content: split.content, lineOf };
  }
  const read = readMatter(split.matter, shownPath);
  if (!memo) return { data: read.data, content: split.content, lineOf: (keyPath) => read.document.lineOf(keyPath) };
  // Every line asked of this front matter is remembered with its value, for the next build.
  const lines: Record<string, number | null> = {};
  memo.remember(split.matter, { data: read.data, lines });
  const lineOf = (keyPath: readonly PropertyKey[]): number | undefined => {
    const line = read.document.lineOf(keyPath);
    lines[linesKey(keyPath)] = line ?? null;
    return line;
  };
  return { data: read.data, content: split.content, lineOf };
}

/** Front matter's text parsed: its value and its document (for lines). Throws FrontMatterError, in plain words. */
function readMatter(matter: string, shownPath: string): { data: unknown; document: YamlDocument } {
  const refuse = ({ problem, line, cause }: YamlProblem): never => {
    throw new FrontMatterError(problem, { file: shownPath, ...(line ? { line } : {}), cause });
  };
  // The front matter's text starts on the file's first line, so that its lines are the file's.
  const document = readYaml(matter, FRONT_MATTER);
  if (!(document instanceof YamlDocument)) return refuse(document);
  if (document.repeatsCollection()) {
    throw new FrontMatterError(
      'front matter repeats a value with a YAML alias (*name); write each value out instead.',
      { file: shownPath, line: 1 },
    );
  }
  const read = document.data();
  if (!('data' in read)) return refuse(read);
  return { data: read.data ?? {}, document };
}

/**
 * A file's front matter and body, split where gray-matter split them: the file starts with "---" (a byte-order mark
 * before it aside), and the front matter runs from just after those dashes (a language named on that line aside) to
 * the next line that starts with "---"; the body follows that line. Undefined when the file starts otherwise.
 */
function splitFrontMatter(source: string): { language: string; matter: string; content: string } | undefined {
  const text = source.replace(/^\ufeff/, '');
  if (!text.startsWith('---') || text.charAt(3) === '-') return undefined;
  const afterDashes = text.slice(3);
  const firstLine = /^[^\r\n]*/.exec(afterDashes)?.[0] ?? '';
  const language = firstLine.trim();
  const rest = language ? afterDashes.slice(firstLine.length) : afterDashes;
  const close = rest.indexOf('\n---');
  if (close < 0) return { language, matter: rest, content: '' };
  return {
    language,
    // The "\r" of a Windows line end before the closing line, which the YAML parser would keep in the last value.
    matter: rest.slice(0, close).replace(/\r$/, ''),
    content: rest
      .slice(close + 4)
      .replace(/^\r/, '')
      .replace(/^\n/, ''),
  };
}
