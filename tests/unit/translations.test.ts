// Translations as the articles stage checks them: a loop of `translation_of`, an article naming itself, two versions of
// an article in one language, and a file in a language's folder that does not say its language.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseArticle } from '../../src/articles/read-article.js';
import { translationGroups, translationProblems } from '../../src/articles/translations.js';
import { ArticleProblems } from '../../src/errors.js';
import { testConfig } from '../helpers.js';

const config = testConfig({ defaults: { lang: 'en-GB' } });

/** An article read from `articles/<shown>` with these front matter lines. */
function article(shown: string, ...lines: string[]): Article {
  return parseArticle(
    ['---', 'title: A title', ...lines, '---', '', 'Text.'].join('\n'),
    `/site/articles/${shown}`,
    `articles/${shown}`,
    config,
  ).article;
}

/** The problems found, by the file they stop and its message. */
function problems(articles: Article[]): Record<string, string> {
  return Object.fromEntries(
    [...translationProblems(articles)].map(([found, error]) => [error.format(), found.shownPath]),
  );
}

describe('translationProblems', () => {
  it('finds nothing wrong with an article, its translations and a chain of them', () => {
    const english = article('ankle-sprain.md');
    const welsh = article('cy/ankle-sprain.md', 'lang: cy');
    const polish = article('ankle-sprain-pl.md', 'lang: pl', 'translation_of: ankle-sprain-cy');
    expect(translationProblems([english, welsh, polish]).size).toBe(0);
    expect(
      translationGroups([english, welsh, polish])
        .get('ankle-sprain')
        ?.map((other) => other.lang),
    ).toEqual(['cy', 'pl']);
  });

  it(
    'stops every article of a loop, naming the loop at the line of its translation_of, and not one ' +
      'that leads into it',
    () => {
      const a = article('a.md', 'lang: cy', 'translation_of: b');
      const b = article('b.md', 'translation_of: a');
      const c = article('c.md', 'lang: pl', 'translation_of: a');
      expect(problems([a, b, c])).toEqual({
        'articles/a.md:4: "translation_of" goes round in a loop: articles/a.md, which translates articles/b.md, which translates articles/a.md. The original article has no "translation_of": take it out of the original, and keep it in the translations.':
          'articles/a.md',
        'articles/b.md:3: "translation_of" goes round in a loop: articles/b.md, which translates articles/a.md, which translates articles/b.md. The original article has no "translation_of": take it out of the original, and keep it in the translations.':
          'articles/b.md',
      });
    },
  );

  it('keeps the original and the first file of each language, and stops a second version in a language', () => {
    const english = article('knee.md');
    const welsh = article('cy/knee.md', 'lang: cy');
    const again = article('knee-welsh.md', 'lang: cy', 'translation_of: knee');
    const english2 = article('knee-uk.md', 'lang: en-gb', 'translation_of: knee-cy');
    expect(problems([english, welsh, again, english2])).toEqual({
      'articles/knee-welsh.md:3: there is already a "cy" version of articles/knee.md: articles/cy/knee.md. An article has one version in each language: delete one of the two, or correct this one\'s "lang".':
        'articles/knee-welsh.md',
      'articles/knee-uk.md:3: this translates articles/knee.md, which is in "en-GB" too: a translation is in another language. Correct "lang", or take "translation_of" out if this is an article of its own.':
        'articles/knee-uk.md',
    });
  });
});

describe('parseArticle of a translation', () => {
  const problemsOf = (shown: string, ...lines: string[]): string[] => {
    try {
      article(shown, ...lines);
      return [];
    } catch (error) {
      return error instanceof ArticleProblems ? error.problems.map((problem) => problem.format()) : [String(error)];
    }
  };

  it('refuses translation_of naming the article itself, at its line', () => {
    expect(problemsOf('knee-cy.md', 'lang: cy', 'translation_of: knee-cy')).toEqual([
      'articles/knee-cy.md:4: "translation_of" names this article itself ("knee-cy"): name the ' +
        'article it translates, or take "translation_of" out if this is the original.',
    ]);
  });

  it('refuses a file in a language\'s folder without "lang", which would take the English article\'s name', () => {
    expect(problemsOf('pl/knee.md')).toEqual([
      'articles/pl/knee.md:1: this file is in "pl/", the folder of Polish articles, but says no ' +
        '"lang:", so it would be built in en-GB as "knee". Add "lang: pl" to its front matter, or move it out of "pl/".',
    ]);
    expect(problemsOf('pt-BR/knee.md')[0]).toContain('the folder of Brazilian Portuguese articles');
  });

  it("takes a folder named like no language, or like the project's own, as any folder", () => {
    for (const folder of ['images', 'new', 'xx', 'en', 'exercises'])
      expect(problemsOf(`${folder}/knee.md`), folder).toEqual([]);
  });
});
