// "Related articles" under a web page: those sharing the most tags with it, newest first among equals, a few at most.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { createSite, relatedArticles, type SiteEntry } from '../../src/formats/web/render.js';

const TAGS = ['Back pain', 'Feet', 'Exercise', 'Work', 'Sleep', 'Running'];

/** A site of `count` articles with tags and review dates spread over them, some the same. */
function site(count: number) {
  const entries: SiteEntry[] = Array.from({ length: count }, (_, index) => ({
    article: {
      slug: `article-${index}`,
      title: `Article ${index % 7}`,
      reviewed: `2026-0${1 + (index % 9)}-1${index % 10}`,
      tags: TAGS.filter((_, tag) => (index * (tag + 3)) % (tag + 2) === 0),
    } as Article,
    hasPdf: false,
  }));
  return createSite(entries);
}

describe('related articles', () => {
  it('are the ones sharing the most tags, newest first among equals, at most three (or as many as asked)', () => {
    const built = site(300);
    for (const entry of built.entries) {
      const { article } = entry;
      const mine = new Set(article.tags);
      // Counted from every article and sorted whole: what the one-pass pick must give.
      const expected = built.entries
        .filter((other) => other !== entry)
        .map((other) => ({ other, shared: other.article.tags.filter((tag) => mine.has(tag)).length }))
        .filter(({ shared }) => shared > 0)
        .sort((a, b) => b.shared - a.shared || (built.order.get(a.other) ?? 0) - (built.order.get(b.other) ?? 0))
        .map(({ other }) => other.article.slug);
      expect(
        relatedArticles(article, built).map((related) => related.article.slug),
        article.slug,
      ).toEqual(expected.slice(0, 3));
      expect(
        relatedArticles(article, built, 7).map((related) => related.article.slug),
        article.slug,
      ).toEqual(expected.slice(0, 7));
    }
    const [first] = built.entries;
    if (!first) throw new Error('no entry');
    expect(relatedArticles(first.article, built, 0)).toEqual([]);
  });
});
