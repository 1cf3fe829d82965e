// The per-article work of a build: an article's email and web page, asked for together, are rendered one after the
// other on the same thread from one parse of its Markdown.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/load-articles.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type RenderedEmail, renderEmail } from '../../src/formats/email/render.js';
import { THREAD_TABLE } from '../../src/formats/thread-tasks.js';
import { createSite, type RenderedPage, renderPage } from '../../src/formats/web/render.js';
import { localWork } from '../../src/machinery/threads.js';
import { createRenderContext } from '../../src/render/context.js';

const PROJECT = path.join(import.meta.dirname, '..', 'fixtures', 'project');

describe('the article work of a build', () => {
  it("renders an article's email and web page from one parse, the same as each rendered alone", async () => {
    const config = await loadConfig(PROJECT);
    const loaded = (await loadArticles(config, { cwd: PROJECT, paths: [], drafts: true })).articles;
    // More articles than the renderer keeps parses of, each body its own.
    const articles = Array.from({ length: 12 }, (_, index) => {
      const article = loaded[index % loaded.length];
      if (!article) throw new Error('no fixture article');
      return {
        ...article,
        file: `${article.file}.${index}`,
        slug: `${article.slug}-${index}`,
        body: `${article.body}\n\nCopy ${index}.\n`,
      };
    });
    const ctx = createRenderContext(config, articles, { cwd: PROJECT });
    const site = createSite(articles.map((article) => ({ article, hasPdf: false })));
    const work = localWork(ctx, THREAD_TABLE, '2026-11-26');
    work.share('site', site);
    // As a build asks: every email, then every page (the steps run side by side).
    const emails = articles.map((article) => work.run<RenderedEmail>('email', article));
    const pages = articles.map((article) => work.run<RenderedPage>('web-page', { article, hasPdf: false }));
    const rendered = await Promise.all(
      articles.map(async (_, index) => [await emails[index], await pages[index]] as const),
    );
    await work.close();
    // Each page went with its email, but the first email's (already started when its page was asked for).
    expect(ctx.markdown.parsed).toBeLessThanOrEqual(articles.length + 1);

    // Each on its own, in a context of its own: the same email and page.
    const alone = createRenderContext(config, articles, { cwd: PROJECT });
    for (const [index, article] of articles.entries()) {
      const [email, page] = rendered[index] ?? [];
      expect(email?.html).toBe((await renderEmail(article, alone)).html);
      expect(page?.html).toBe((await renderPage({ article, hasPdf: false }, site, alone)).html);
    }
  });
});
