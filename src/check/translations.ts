// Checks across articles that translate one another: a translation must name an article that exists, and is out of
// date when its source was reviewed after it (the source may have changed since it was translated).
import type { Article } from '../articles/article.js';
import type { Finding } from './findings.js';

/** Findings about an article's place among its translations, given every article of the project by slug. */
export function translationFindings(article: Article, bySlug: ReadonlyMap<string, Article>): Finding[] {
  if (!article.translationOf) return [];
  const line = article.keyLines.translation_of;
  const at = line ? { line } : {};
  const source = bySlug.get(article.translationOf);
  if (!source) {
    // A translation found by its folder (articles/cy/name.md) may have no English version yet: only a name written
    // in the front matter must point at an article.
    if (!line) return [];
    return [
      {
        rule: 'translation',
        severity: 'warning',
        message:
          `"translation_of" names "${article.translationOf}", but no article has that slug: ` +
          `check the name, so that the two are linked.`,
        ...at,
      },
    ];
  }
  if (source.reviewed && (!article.reviewed || article.reviewed < source.reviewed)) {
    return [
      {
        rule: 'translation',
        severity: 'warning',
        message:
          `this translation was last reviewed ` +
          `${article.reviewed ? `on ${article.reviewed}` : 'never'}, before its source ${source.shownPath} ` +
          `(reviewed ${source.reviewed}): check it still says the same, then update "reviewed".`,
        ...(article.keyLines.reviewed ? { line: article.keyLines.reviewed } : at),
      },
    ];
  }
  return [];
}
