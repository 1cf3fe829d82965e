// `leaflet check`: read every article (drafts too: they are the ones being written), report what stops an article
// from building, and run the quality checks on the rest. Nothing is written.
import type { Article } from '../articles/article.js';
import { type LoadedArticles, loadArticles } from '../articles/load-articles.js';
import type { FrontMatterMemo } from '../articles/read-article.js';
import type { ResolvedConfig } from '../config/schema.js';
import { type LeafletError, problemsOf } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { type ArticleCheck, createArticleChecker } from './check-article.js';
import { applyRuleSettings, byPlace, type Finding, type ReadabilityStats } from './findings.js';
import { todayIso } from './governance.js';
import { type ArticleChecker, checkKey, type FindingsStore, WORKERS_FROM_ARTICLES } from './run-checks.js';
import { languagesWithoutDictionary, noDictionaryNote } from './spelling.js';
import { translationFindings } from './translations.js';

export interface CheckOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Article paths, folders or globs; empty for the config's `articles` pattern. */
  paths: string[];
  /** Warnings count as errors (exit 1). */
  strict?: boolean;
  /** The date review dates are compared with (YYYY-MM-DD); today when not given. */
  today?: string;
  /**
   * Worker threads to check many articles with (the command line gives them; `today` is theirs to know). Called only
   * for at least WORKERS_FROM_ARTICLES articles; without it, or when it gives none, they are checked on this thread.
   */
  workersFor?: (articles: number) => Promise<(ArticleChecker & { close(): Promise<void> }) | undefined>;
  /** Where the checks of earlier runs are kept (the build's incremental cache): unchanged articles are not checked again. */
  store?: FindingsStore;
  /** Front matter the last build read, recalled instead of parsed again. */
  frontMatter?: FrontMatterMemo | undefined;
  /** Told how many article files were found, before they are read (to start worker threads then). */
  onDiscovered?: ((files: number) => void) | undefined;
  /** The articles of `paths`, drafts too, when the caller has read them already (`leaflet report`). */
  loaded?: LoadedArticles | undefined;
}

/** One article's findings. */
export interface CheckedArticle {
  file: string;
  slug?: string;
  title?: string;
  /** Readability figures (absent when the article could not be read). */
  stats?: ReadabilityStats;
  errors: number;
  warnings: number;
  findings: Finding[];
}

/** The whole check (the shape of `leaflet check --json`). */
export interface CheckReport {
  tool: string;
  version: string;
  today: string;
  strict: boolean;
  ok: boolean;
  totals: { articles: number; errors: number; warnings: number };
  /** Articles checked now, and those whose checks were kept from an earlier check or build (nothing they depend on changed). */
  checks: { checked: number; cached: number };
  articles: CheckedArticle[];
  /** What is said once of the whole check, not of one article: the languages whose spelling is not checked. */
  notes: string[];
}

/** The articles a check is of, drafts too. */
function readArticles({ config, cwd, paths, frontMatter, onDiscovered }: CheckOptions): Promise<LoadedArticles> {
  return loadArticles(config, { cwd, paths, drafts: true, frontMatter, onDiscovered });
}

/** Check the articles. Throws only for usage errors (a path that does not exist). */
export async function checkArticles(options: CheckOptions): Promise<CheckReport> {
  const { config } = options;
  const today = options.today ?? todayIso();
  const strict = options.strict ?? false;
  const loaded = options.loaded ?? (await readArticles(options));
  const byFile = new Map<string, CheckedArticle>();
  const entry = (file: string, article?: Article): CheckedArticle => {
    let found = byFile.get(file);
    if (!found) {
      found = {
        file,
        ...(article ? { slug: article.slug, title: article.title } : {}),
        errors: 0,
        warnings: 0,
        findings: [],
      };
      byFile.set(file, found);
    }
    return found;
  };

  for (const failed of loaded.failed)
    entry(failed.shownPath).findings.push(...problemsOf(failed.error).map(errorFinding));
  for (const warning of loaded.warnings) {
    entry(warning.file).findings.push({
      rule: warning.rule ?? 'front-matter',
      severity: 'warning',
      message: warning.message,
      ...(warning.line ? { line: warning.line } : {}),
    });
  }
  const readable = [...loaded.articles, ...loaded.skipped.map((skipped) => skipped.article)];
  const { results, checked } = await checkAll(readable, {
    config,
    today,
    workersFor: options.workersFor,
    store: options.store,
  });
  const bySlug = new Map(readable.map((article) => [article.slug, article]));
  readable.forEach((article, index) => {
    const checked = entry(article.shownPath, article);
    Object.assign(checked, { slug: article.slug, title: article.title });
    const result = results[index];
    if (result) {
      checked.stats = result.stats;
      checked.findings.push(
        ...result.findings,
        ...applyRuleSettings(translationFindings(article, bySlug), config.check.rules),
      );
    }
  });

  const articles = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  for (const article of articles) {
    if (strict) article.findings = article.findings.map((finding) => ({ ...finding, severity: 'error' }));
    article.findings.sort(byPlace);
    article.errors = article.findings.filter((finding) => finding.severity === 'error').length;
    article.warnings = article.findings.length - article.errors;
  }
  const errors = articles.reduce((sum, article) => sum + article.errors, 0);
  const warnings = articles.reduce((sum, article) => sum + article.warnings, 0);
  return {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    today,
    strict,
    ok: errors === 0,
    totals: { articles: articles.length, errors, warnings },
    checks: { checked, cached: readable.length - checked },
    articles,
    notes: [noDictionaryNote(languagesWithoutDictionary(readable, config))].filter((note) => note !== undefined),
  };
}

/**
 * The checks of every article: kept from an earlier check or build where nothing they depend on changed; the rest
 * checked in worker threads when there are many and they are given, else on this thread, and kept for the next run.
 */
async function checkAll(
  articles: readonly Article[],
  options: Pick<CheckOptions, 'config' | 'workersFor' | 'store'> & { today: string },
): Promise<{ results: ArticleCheck[]; checked: number }> {
  const { config, today, store } = options;
  const keys = articles.map((article) => (store ? checkKey(store, article, config, today) : ''));
  const results = articles.map((article, index) => store?.checkResult(article.file, keys[index] ?? ''));
  const todo = articles.filter((_, index) => !results[index]);
  const checked = await checkEach(todo, config, today, options.workersFor);
  let next = 0;
  const all = articles.map((article, index) => {
    const kept = results[index];
    if (kept) return kept;
    const result = checked[next++] as ArticleCheck;
    store?.recordCheck(article.file, keys[index] ?? '', result);
    return result;
  });
  return { results: all, checked: todo.length };
}

/** Check `articles`: in worker threads when there are many and they are given, else on this thread. */
async function checkEach(
  articles: readonly Article[],
  config: ResolvedConfig,
  today: string,
  workersFor: CheckOptions['workersFor'],
): Promise<ArticleCheck[]> {
  const workers = articles.length >= WORKERS_FROM_ARTICLES ? await workersFor?.(articles.length) : undefined;
  if (!workers) {
    const check = articles.length > 0 ? createArticleChecker(config) : undefined;
    return await Promise.all(articles.map((article) => (check as NonNullable<typeof check>)(article, today)));
  }
  try {
    return await Promise.all(articles.map((article) => workers.check(article)));
  } finally {
    await workers.close();
  }
}

/** An error that stopped an article from being read, as a finding. */
function errorFinding(error: LeafletError): Finding {
  return {
    rule: error.code === 'FRONT_MATTER' ? 'front-matter' : 'article',
    severity: 'error',
    message: error.message,
    ...(error.line ? { line: error.line } : {}),
  };
}
