// The web format: a page per article at `<slug>/index.html`, and an index of every article.
import type { Article } from '../articles/article.js';
import type { RenderContext } from './context.js';
import { createLinkResolver } from './links.js';
import { articlePath, articleUrl, assetPath, leafletPath } from './site.js';
import { articleView, clinicView } from './view.js';

/** An article as listed on the index page. */
export interface IndexEntry {
  article: Article;
  /** True when this build printed the article's PDF, so the site can offer it. */
  hasPdf: boolean;
}

/** The article's web page; `hasPdf` adds the "Download the printable leaflet" link. */
export async function renderWebArticle(article: Article, ctx: RenderContext, hasPdf: boolean): Promise<string> {
  const templates = await ctx.templates.load('web');
  const root = '../';
  const { html: body } = ctx.markdown.render(article.body, createLinkResolver(article, 'web', ctx));
  return templates.render('article.hbs', {
    article: articleView(article, article.image ? root + assetPath(ctx.assets.publish(article.image)) : undefined),
    clinic: clinicView(ctx.config, logoSrc(ctx, root)),
    body,
    root,
    links: {
      pdf: hasPdf ? `${article.slug}.pdf` : undefined,
      canonical: articleUrl(ctx.config, article.slug),
    },
    generator: ctx.generator,
  });
}

/** The index page listing every article, newest first. */
export async function renderWebIndex(entries: IndexEntry[], ctx: RenderContext): Promise<string> {
  const templates = await ctx.templates.load('web');
  const root = './';
  const articles = [...entries]
    .sort((a, b) => (b.article.published ?? '').localeCompare(a.article.published ?? '') || a.article.title.localeCompare(b.article.title))
    .map(({ article, hasPdf }) => ({
      title: article.title,
      summary: article.summary,
      tags: article.tags,
      href: articlePath(article.slug),
      pdf: hasPdf ? leafletPath(article.slug) : undefined,
    }));
  return templates.render('index.hbs', {
    articles,
    lang: ctx.config.defaults.lang,
    clinic: clinicView(ctx.config, logoSrc(ctx, root)),
    root,
    generator: ctx.generator,
  });
}

/** The site's one stylesheet. */
export async function webStylesheet(ctx: RenderContext): Promise<string> {
  return (await ctx.templates.load('web')).file('style.css');
}

function logoSrc(ctx: RenderContext, root: string): string | undefined {
  return ctx.config.logoPath ? root + assetPath(ctx.assets.publish(ctx.config.logoPath)) : undefined;
}
