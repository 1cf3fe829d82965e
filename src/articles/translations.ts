// Articles that are translations of one another: an article that says `translation_of: ankle-sprain` and the article
// with that slug (and its other translations) form one group. Each format links an article to the rest of its group.
import type { Article } from './article.js';

/** Another language's version of an article. */
export interface Translation {
  slug: string;
  lang: string;
  title: string;
}

type Member = Pick<Article, 'slug' | 'lang' | 'title' | 'translationOf'>;

/** For each article's slug, the other articles of its group (the source first, then by language); none when alone. */
export function translationGroups(articles: readonly Member[]): Map<string, Translation[]> {
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const groups = new Map<string, Member[]>();
  for (const article of articles) {
    const source = sourceOf(article, bySlug);
    const group = groups.get(source) ?? [];
    group.push(article);
    groups.set(source, group);
  }
  const others = new Map<string, Translation[]>();
  for (const [source, members] of groups) {
    if (members.length < 2) continue;
    const ordered = [...members].sort((a, b) => (a.slug === source ? -1 : b.slug === source ? 1 : a.lang.localeCompare(b.lang)));
    for (const member of ordered) {
      others.set(
        member.slug,
        ordered.filter((other) => other !== member).map(({ slug, lang, title }) => ({ slug, lang, title })),
      );
    }
  }
  return others;
}

/** The slug at the head of an article's chain of `translation_of` (itself when it translates nothing known). */
function sourceOf(article: Member, bySlug: ReadonlyMap<string, Member>): string {
  let current = article;
  const seen = new Set<string>();
  while (current.translationOf && !seen.has(current.slug)) {
    seen.add(current.slug);
    const next = bySlug.get(current.translationOf);
    if (!next) break;
    current = next;
  }
  return current.slug;
}
