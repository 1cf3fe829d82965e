// The site's machine-readable lists: sitemap.xml for search engines and an Atom feed (feed.xml) of the articles,
// newest first. Both need absolute addresses, so both need `clinic.website`.

import { Readable } from 'node:stream';
import { Feed } from 'feed';
import Handlebars from 'handlebars';
import { SitemapStream, streamToPromise } from 'sitemap';
import { translationGroups } from '../../articles/translations.js';
import type { RenderContext } from '../../render/context.js';
import { articlePath, articleUrl, siteUrl } from '../../render/site.js';
import { articleDate, type Site, tagPath } from './render.js';

const escapeHtml = Handlebars.escapeExpression;

/** How many articles the feed carries. */
const FEED_LIMIT = 50;

/**
 * sitemap.xml: the index, every article (with its review date, and its versions in other languages as alternates) and
 * every tag page.
 */
export async function renderSitemap(site: Site, website: string): Promise<string> {
  const base = website.endsWith('/') ? website : `${website}/`;
  const newest = site.entries.map((entry) => articleDate(entry.article)).find(Boolean);
  const translations = translationGroups(site.entries.map((entry) => entry.article));
  const links = [
    { url: '', ...(newest ? { lastmod: newest } : {}) },
    ...site.entries.map(({ article }) => {
      const lastmod = articleDate(article);
      const others = translations.get(article.slug) ?? [];
      const alternates =
        others.length === 0
          ? []
          : [article, ...others].map((version) => ({
              lang: version.lang,
              url: new URL(articlePath(version.slug), base).href,
            }));
      return {
        url: articlePath(article.slug),
        ...(lastmod ? { lastmod } : {}),
        ...(alternates.length > 0 ? { links: alternates } : {}),
      };
    }),
    ...site.tags.map((tag) => ({ url: tagPath(tag.name) })),
  ];
  const stream = new SitemapStream({
    hostname: base,
    xmlns: { news: false, xhtml: translations.size > 0, image: false, video: false },
  });
  const xml = await streamToPromise(
    Readable.from(links.map((link) => ({ ...link, url: new URL(link.url, base).href }))).pipe(stream),
  );
  return xml.toString('utf8');
}

/** feed.xml: the newest articles as an Atom 1.0 feed, each with its summary and a link to its page. */
export function renderFeed(site: Site, ctx: RenderContext, website: string): string {
  const { clinic, defaults } = ctx.config;
  const home = siteUrl(website, '') ?? website;
  const entries = site.entries.slice(0, FEED_LIMIT);
  const updated = entries.map((entry) => articleDate(entry.article)).find(Boolean);
  const feed = new Feed({
    title: escapeHtml(`${clinic.name ? `${clinic.name}: ` : ''}patient information`),
    description: escapeHtml(`Patient information leaflets${clinic.name ? ` from ${clinic.name}` : ''}.`),
    id: home,
    link: home,
    language: defaults.lang,
    updated: updated ? new Date(`${updated}T00:00:00Z`) : new Date(0),
    generator: ctx.generator,
    feedLinks: { atom: siteUrl(website, 'feed.xml') ?? `${home}feed.xml` },
    copyright: clinic.name ? `© ${clinic.name}` : '',
    ...(clinic.name
      ? { author: { name: clinic.name, ...(clinic.email ? { email: clinic.email } : {}), link: home } }
      : {}),
  });
  for (const { article } of entries) {
    const url = articleUrl(ctx.config, article.slug) ?? home;
    const date = articleDate(article);
    feed.addItem({
      // The feed marks titles and summaries as HTML; ours are plain text, so any markup in them is shown, never run.
      title: escapeHtml(article.title),
      id: url,
      link: url,
      description: escapeHtml(article.summary ?? ''),
      date: date ? new Date(`${date}T00:00:00Z`) : new Date(0),
      ...(article.published ? { published: new Date(`${article.published}T00:00:00Z`) } : {}),
      ...(article.author ? { author: [{ name: article.author }] } : {}),
      category: article.tags.map((name) => ({ name, term: name })),
    });
  }
  return feed.atom1();
}
