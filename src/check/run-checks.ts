// The quality checks as a build runs them: findings kept from the last build when nothing they depend on changed,
// the rest checked by the build's per-article work (worker threads beside the rendering when there are many articles,
// or the build's own thread).
import type { Article } from '../articles/article.js';
import type { RuleId } from '../config/rules.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { ArticleCheck } from './check-article.js';
import { applyRuleSettings, type Finding } from './findings.js';
import { translationFindings } from './translations.js';

/**
 * Where the checks are kept between runs (the incremental cache), keyed by article file and a hash of what they
 * depend on: `leaflet check` and `leaflet build` share them.
 */
export interface FindingsStore {
  checkResult(articleFile: string, key: string): ArticleCheck | undefined;
  recordCheck(articleFile: string, key: string, result: ArticleCheck): void;
  /** A hash of parts (paths inside the project counted relative to it, the tool's version included). */
  inputKey(parts: object): string;
  /** The hash of an article as `inputKey` counts it, worked out once an article. */
  articleKey(article: Article): string;
}

/**
 * What an article's checks depend on besides the article: the config's check settings, the clinic's words (spelling)
 * and the day (review dates).
 */
export function checkKey(
  store: Pick<FindingsStore, 'inputKey' | 'articleKey'>,
  article: Article,
  config: Pick<ResolvedConfig, 'check' | 'clinicWords' | 'clinic'>,
  today: string,
): string {
  // The spelling depends on the clinic's words, and on its name and address, which it knows too.
  const words = [config.clinicWords, config.clinic.name, config.clinic.address ?? ''];
  return store.inputKey({ article: store.articleKey(article), check: config.check, today, words });
}

/** Below this many articles, a worker thread costs more to start than it saves. */
export const WORKERS_FROM_ARTICLES = 12;

/** Checks one article: on a worker thread or on this one. */
export interface ArticleChecker {
  check(article: Article): Promise<ArticleCheck>;
  readonly inWorkers: boolean;
}

/** Each article's findings, and how they were found. */
export interface QualityChecks {
  findings: Map<Article, Finding[]>;
  checked: number;
  cached: number;
  thread: 'worker' | 'main' | 'none';
}

export interface QualityCheckOptions {
  store: FindingsStore;
  /** A hash of an article with everything its findings depend on besides the article (settings, the date). */
  keyOf(article: Article): string;
  checker: ArticleChecker;
  /** How the config sets each rule ("off", "warning", "error"). */
  rules?: Partial<Record<RuleId, 'off' | 'warning' | 'error'>>;
  /** Every article of the project, for the checks across translations (the checked ones when not given). */
  every?: readonly Article[];
}

/** Find every article's findings, from the store where they are fresh, and check the rest. */
export async function runQualityChecks(
  articles: readonly Article[],
  options: QualityCheckOptions,
): Promise<QualityChecks> {
  const found = new Map<Article, Finding[]>();
  const keys = new Map<Article, string>();
  for (const article of articles) {
    const key = options.keyOf(article);
    const kept = options.store.checkResult(article.file, key);
    if (kept) found.set(article, kept.findings);
    else keys.set(article, key);
  }
  const todo = [...keys.keys()];
  const results = await Promise.all(todo.map((article) => options.checker.check(article)));
  todo.forEach((article, index) => {
    const result = results[index] ?? { findings: [], stats: undefined };
    found.set(article, result.findings);
    if (result.stats) options.store.recordCheck(article.file, keys.get(article) ?? '', result as ArticleCheck);
  });
  // Across articles, so never kept: a source reviewed again makes its translations out of date.
  const bySlug = new Map((options.every ?? articles).map((article) => [article.slug, article]));
  for (const article of articles) {
    const across = applyRuleSettings(translationFindings(article, bySlug), options.rules ?? {});
    if (across.length > 0) found.set(article, [...(found.get(article) ?? []), ...across]);
  }
  const thread = todo.length === 0 ? 'none' : options.checker.inWorkers ? 'worker' : 'main';
  return { findings: found, checked: todo.length, cached: articles.length - todo.length, thread };
}
