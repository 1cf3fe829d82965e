// Which articles go into a newsletter: by path (in the order given), by tag, by date, newest first, up to a limit.
import path from 'node:path';
import type { Article } from '../../articles/article.js';

export interface Selection {
  /** Article files named on the command line, already resolved to absolute paths, in the order given. */
  order?: string[];
  /** Keep articles with at least one of these tags (any case). */
  tags?: string[];
  /** Keep articles published (or, failing that, reviewed) on or after this YYYY-MM-DD date. */
  since?: string;
  /** Keep at most this many. */
  limit?: number;
}

/** The date a newsletter sorts and filters an article by: when it was published, or last reviewed. */
export function articleDate(article: Article): string | undefined {
  return article.published ?? article.reviewed;
}

/** Filter, order and cut the articles for a newsletter. Undated articles sort last. */
export function selectArticles(articles: readonly Article[], selection: Selection): Article[] {
  const tags = (selection.tags ?? []).map((tag) => tag.toLowerCase());
  let chosen = articles.filter((article) => {
    if (tags.length > 0 && !article.tags.some((tag) => tags.includes(tag.toLowerCase()))) return false;
    if (selection.since) {
      const date = articleDate(article);
      if (!date || date < selection.since) return false;
    }
    return true;
  });
  if (selection.order && selection.order.length > 0) {
    const position = (article: Article): number => {
      const index =
        selection.order?.findIndex(
          (entry) => entry === article.file || article.file.startsWith(`${entry}${path.sep}`),
        ) ?? -1;
      return index === -1 ? Number.MAX_SAFE_INTEGER : index;
    };
    chosen = chosen
      .map((article, index) => ({ article, index }))
      .sort((a, b) => position(a.article) - position(b.article) || a.index - b.index)
      .map(({ article }) => article);
  } else {
    chosen = [...chosen].sort(
      (a, b) => (articleDate(b) ?? '').localeCompare(articleDate(a) ?? '') || a.title.localeCompare(b.title),
    );
  }
  return selection.limit ? chosen.slice(0, selection.limit) : chosen;
}
