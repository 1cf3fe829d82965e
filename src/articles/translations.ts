// Articles that are translations of one another: an article that says `translation_of: ankle-sprain` and the article
// with that slug (and its other translations) form one group. Each format links an article to the rest of its group.
import { ArticleError } from '../errors.js';
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
  const others = new Map<string, Translation[]>();
  for (const [source, members] of groupsOf(articles)) {
    if (members.length < 2) continue;
    const ordered = [...members].sort((a, b) =>
      a.slug === source ? -1 : b.slug === source ? 1 : a.lang.localeCompare(b.lang),
    );
    for (const member of ordered) {
      others.set(
        member.slug,
        ordered.filter((other) => other !== member).map(({ slug, lang, title }) => ({ slug, lang, title })),
      );
    }
  }
  return others;
}

/**
 * The articles whose place among their translations is wrong, each with its error: every article of a loop of
 * `translation_of` (no article of it is the original, so none can be linked), and a second version of an article in
 * one language (its language switcher would name that language twice). The others are built and linked as usual.
 */
export function translationProblems(articles: readonly Article[]): Map<Article, ArticleError> {
  const problems = loopProblems(articles);
  const rest = articles.filter((article) => !problems.has(article));
  for (const [source, members] of groupsOf(rest)) {
    // The original keeps its language; then the first file of each language keeps it.
    const ordered = [
      ...members.filter((member) => member.slug === source),
      ...members.filter((member) => member.slug !== source),
    ];
    const byLanguage = new Map<string, Article>();
    for (const member of ordered) {
      const language = member.lang.toLowerCase();
      const first = byLanguage.get(language);
      if (!first) {
        byLanguage.set(language, member);
        continue;
      }
      problems.set(
        member,
        new ArticleError(sameLanguage(member, first, ordered[0]?.slug === source ? ordered[0] : undefined), {
          file: member.shownPath,
          ...lineOf(member, ['lang', 'translation_of']),
        }),
      );
    }
  }
  return problems;
}

/** The articles in a loop of `translation_of` (a translates b, b translates a), each with an error naming the loop. */
function loopProblems(articles: readonly Article[]): Map<Article, ArticleError> {
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const problems = new Map<Article, ArticleError>();
  for (const article of articles) {
    const loop = loopFrom(article, bySlug);
    if (!loop) continue;
    const round = [...loop, article].map((member) => member.shownPath).join(', which translates ');
    problems.set(
      article,
      new ArticleError(
        `"translation_of" goes round in a loop: ${round}. The original article has no ` +
          `"translation_of": take it out of the original, and keep it in the translations.`,
        { file: article.shownPath, ...lineOf(article, ['translation_of', 'lang']) },
      ),
    );
  }
  return problems;
}

/** The articles from `article` along its `translation_of` back to itself, when that chain is a loop through it. */
function loopFrom(article: Article, bySlug: ReadonlyMap<string, Article>): Article[] | undefined {
  const chain: Article[] = [];
  for (let current: Article | undefined = article; current?.translationOf; ) {
    if (chain.includes(current)) return current === article ? chain : undefined;
    chain.push(current);
    current = bySlug.get(current.translationOf);
  }
  return undefined;
}

/** The articles by the slug at the head of their chain of `translation_of`. */
function groupsOf<T extends Member>(articles: readonly T[]): Map<string, T[]> {
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const groups = new Map<string, T[]>();
  for (const article of articles) {
    const source = sourceOf(article, bySlug);
    const group = groups.get(source) ?? [];
    group.push(article);
    groups.set(source, group);
  }
  return groups;
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

/** Why `member` may not be a version of its article: `first` is already in its language (`original` is the article). */
function sameLanguage(member: Article, first: Article, original: Article | undefined): string {
  if (first === original) {
    return (
      `this translates ${first.shownPath}, which is in "${first.lang}" too: a translation is in ` +
      `another language. Correct "lang", or take "translation_of" out if this is an article of its own.`
    );
  }
  const of = original ? ` of ${original.shownPath}` : ` of "${member.translationOf ?? ''}"`;
  return (
    `there is already a "${first.lang}" version${of}: ${first.shownPath}. An article has one ` +
    `version in each language: delete one of the two, or correct this one's "lang".`
  );
}

/** The line of the first of `keys` that the article's front matter has. */
function lineOf(article: Article, keys: readonly string[]): { line?: number } {
  const line = keys.map((key) => article.keyLines[key]).find((found) => found !== undefined);
  return line ? { line } : {};
}
