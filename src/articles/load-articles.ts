// The articles stage: discover files, read and validate each one, and check what spans articles
// (duplicate slugs, missing images). A bad article is reported and the others go on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/schema.js';
import { ArticleError, ArticleProblems, LeafletError, messageOf } from '../errors.js';
import type { Article, Warning } from './article.js';
import { discoverArticles } from './discover.js';
import { isExternalRef, referencesOf } from './images.js';
import { articleLinkProblem, decodeAddress, imageProblem } from './local-files.js';
import { type FrontMatterMemo, parseArticle, slugFromFileName } from './read-article.js';
import { articleText } from './source-text.js';
import { translationProblems } from './translations.js';
import { findUnsafeHtml, type UnsafeHtml } from './untrusted-html.js';

/** An article that could not be read, with the reason. */
export interface FailedArticle {
  file: string;
  shownPath: string;
  error: LeafletError;
}

/** Everything the articles stage found. */
export interface LoadedArticles {
  articles: Article[];
  skipped: { article: Article; reason: string }[];
  failed: FailedArticle[];
  warnings: Warning[];
}

export interface LoadOptions {
  cwd: string;
  /** Paths, folders or globs; empty means the config's `articles` pattern. */
  paths: string[];
  drafts: boolean;
  /** Front matter read by an earlier build, recalled instead of parsed again (the build's). */
  frontMatter?: FrontMatterMemo | undefined;
  /** Told how many files were found, before any is read (the build starts its worker threads then). */
  onDiscovered?: ((files: number) => void) | undefined;
}

/** Discover, read and validate the articles. Throws only for usage errors (a path that does not exist). */
export async function loadArticles(config: ResolvedConfig, options: LoadOptions): Promise<LoadedArticles> {
  const patterns = options.paths.length > 0 ? options.paths : [config.articles].flat();
  const files = await discoverArticles(options.cwd, patterns);
  options.onDiscovered?.(files.length);
  const result: LoadedArticles = { articles: [], skipped: [], failed: [], warnings: [] };

  const read = await Promise.all(
    files.map(async (file) => {
      const shownPath = path.relative(options.cwd, file) || file;
      try {
        const source = articleText(await readFile(file), shownPath);
        const parsed = parseArticle(source, file, shownPath, config, options.frontMatter);
        const unsafe = checkReferences(parsed.article, config);
        return { ok: true as const, article: parsed.article, warnings: [...parsed.warnings, ...unsafe] };
      } catch (error) {
        const wrapped =
          error instanceof LeafletError
            ? error
            : new ArticleError(`could not read the article: ${messageOf(error)}`, { file: shownPath, cause: error });
        return { ok: false as const, file, shownPath, error: wrapped };
      }
    }),
  );

  // When two articles share a slug, the one whose file name gives that slug keeps it; the other is the error.
  const ownsSlug = (entry: (typeof read)[number]): boolean =>
    entry.ok && entry.article.slug === slugFromFileName(entry.article.file);
  const ordered = [...read.filter(ownsSlug), ...read.filter((entry) => !ownsSlug(entry))];
  const bySlug = new Map<string, Article>();
  for (const entry of ordered) {
    if (!entry.ok) {
      result.failed.push({ file: entry.file, shownPath: entry.shownPath, error: entry.error });
      continue;
    }
    result.warnings.push(...entry.warnings);
    const { article } = entry;
    if (article.draft && !options.drafts) {
      result.skipped.push({ article, reason: 'draft (build it with --drafts)' });
      continue;
    }
    const first = bySlug.get(article.slug);
    if (first) {
      result.failed.push({
        file: article.file,
        shownPath: article.shownPath,
        error: new ArticleError(
          `slug "${article.slug}" is already used by ${first.shownPath}. Give one of them another ` +
            `"slug:" in its front matter.`,
          { file: article.shownPath, ...(article.keyLines.slug ? { line: article.keyLines.slug } : {}) },
        ),
      });
      continue;
    }
    bySlug.set(article.slug, article);
    result.articles.push(article);
  }
  const position = new Map(files.map((file, index) => [file, index]));
  const inFileOrder = (a: { file: string }, b: { file: string }): number =>
    (position.get(a.file) ?? 0) - (position.get(b.file) ?? 0);
  result.articles.sort(inFileOrder);
  // Across articles: a loop of translations, or two versions of one article in one language, stops those articles.
  const translations = translationProblems(result.articles);
  result.articles = result.articles.filter((article) => !translations.has(article));
  for (const [article, error] of translations)
    result.failed.push({ file: article.file, shownPath: article.shownPath, error });
  result.failed.sort(inFileOrder);
  return result;
}

/**
 * Fail the article when its hero image or an image in its body is missing, outside the project, too big or an unsafe
 * SVG, or has no alt text, or when it links to another article (a relative .md link) that does not exist or is outside
 * the project. Returns a warning for each piece of raw HTML or link that the sanitiser will take out (the config may
 * turn that rule off, or make it an error).
 */
function checkReferences(article: Article, config: ResolvedConfig): Warning[] {
  const problems: LeafletError[] = [];
  const fail = (message: string, line?: number): void =>
    void problems.push(new ArticleError(message, { file: article.shownPath, ...(line ? { line } : {}) }));
  if (article.image) {
    const problem = imageProblem(article.image, path.relative(path.dirname(article.file), article.image), config.root);
    if (problem) fail(`${problem} (the "image:" path is relative to the article's folder)`, article.keyLines.image);
    if (!article.imageAlt?.trim())
      fail(
        '"image" needs "image_alt": a few words saying what the picture shows, for people who cannot see it.',
        article.keyLines.image,
      );
  }
  const references = referencesOf(article);
  for (const link of references.links) {
    const target = link.href.split(/[?#]/)[0] ?? '';
    if (!/\.(?:md|markdown)$/i.test(target) || isExternalRef(target)) continue;
    const problem = articleLinkProblem(
      path.resolve(path.dirname(article.file), decodeAddress(target)),
      target,
      config.root,
    );
    if (problem) fail(problem, article.bodyLine + link.line - 1);
  }
  for (const ref of references.images) {
    const line = article.bodyLine + ref.line - 1;
    if (ref.html ? ref.alt === undefined : !ref.alt?.trim()) {
      fail(
        ref.html
          ? `image "${ref.href}" has no alt attribute. Add alt="what the picture shows" (or alt="" ` +
              `if it is only decoration).`
          : `image "${ref.href}" has no alt text. Say what it shows between the brackets: ![A foot ` +
              `with a high arch](${ref.href}).`,
        line,
      );
    }
    if (!ref.href || (isExternalRef(ref.href) && !ref.href.startsWith('file:'))) continue;
    const target = ref.href.startsWith('file:')
      ? fileAddress(ref.href)
      : path.resolve(path.dirname(article.file), decodeAddress(ref.href));
    const problem = target
      ? imageProblem(target, ref.href, config.root)
      : `image "${ref.href}" is not a file address leaflet can read.`;
    if (problem) fail(problem, line);
  }
  const setting = config.check.rules['unsafe-html'] ?? 'warning';
  const unsafe = setting === 'off' ? [] : unsafeHtmlWarnings(article, findUnsafeHtml(references));
  // The config can make unsafe HTML an error, which stops the article like the problems above.
  if (setting === 'error')
    for (const warning of unsafe)
      fail(`${warning.message} (check "unsafe-html" is an error in this config)`, warning.line);
  if (problems.length > 0) throw new ArticleProblems(problems);
  return setting === 'error' ? [] : unsafe;
}

/** The raw HTML the sanitiser takes out of an article, as warnings at their lines. */
function unsafeHtmlWarnings(article: Article, unsafe: UnsafeHtml[]): Warning[] {
  return unsafe.map(({ line, what }) => ({
    file: article.shownPath,
    line: article.bodyLine + line - 1,
    rule: 'unsafe-html' as const,
    message:
      `${what} is taken out of every format: an article may not run scripts, open other pages ` +
      `in frames or react to the mouse. Use Markdown, or plain HTML such as <details> and <kbd>.`,
  }));
}

/** The file a `file:` address names, or undefined when it names none on this computer. */
function fileAddress(address: string): string | undefined {
  try {
    return fileURLToPath(address);
  } catch {
    return undefined;
  }
}
