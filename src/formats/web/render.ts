// The web format: a page per article at `<slug>/index.html`, an index of every article, a page per tag at
// `tags/<tag>/index.html`, and (when the clinic's website is known) sitemap.xml and an Atom feed. Every link inside
// the site is relative, so it works from any sub-path; canonical and shared addresses come from `clinic.website`.
import { slug as slugify } from 'github-slugger';
import type { Article } from '../../articles/article.js';
import { textDirection } from '../../config/language-tag.js';
import { brandColors } from '../../render/colors.js';
import type { RenderContext } from '../../render/context.js';
import { createLinkResolver, type LinkPolicy } from '../../render/links.js';
import { articlePath, articleUrl, assetPath, leafletPath, siteUrl } from '../../render/site.js';
import { articleView, clinicView, translationViews } from '../../render/view.js';
import { SEARCH_FOLDER } from './search.js';

/** An article on the site. */
export interface SiteEntry {
  article: Article;
  /** True when the article's PDF exists, so the site can offer it. */
  hasPdf: boolean;
}

/** A tag and the articles that carry it. */
export interface SiteTag<E extends SiteEntry = SiteEntry> {
  name: string;
  slug: string;
  entries: E[];
}

/** Every article on the site and its tags: what pages link to besides themselves. */
export interface Site<E extends SiteEntry = SiteEntry> {
  /** Newest first (by review date, then publication date), then by title. */
  entries: E[];
  /** By name. */
  tags: SiteTag<E>[];
  /** Each entry's place in `entries`. */
  order: ReadonlyMap<E, number>;
}

/** Publishes a local file on the site and gives its path there (`assets/<hashed name>`); the caller keeps the list. */
export type Publish = (file: string) => string;

/** How many related articles an article page lists. */
const RELATED_LIMIT = 3;

/** The date an article was last looked at: reviewed, else published. */
export function articleDate(article: Article): string | undefined {
  return article.reviewed ?? article.published;
}

/** Path of a tag's page inside the web output. */
export function tagPath(tag: string): string {
  return `tags/${tagSlug(tag)}/`;
}

/** Tag slugs by tag: a site of a thousand articles asks for the same few tags tens of thousands of times. */
const tagSlugs = new Map<string, string>();

/** A tag as it appears in an address ("Back pain" -> "back-pain"). */
export function tagSlug(tag: string): string {
  let slug = tagSlugs.get(tag);
  if (slug === undefined) {
    slug = slugify(tag) || 'tag';
    tagSlugs.set(tag, slug);
  }
  return slug;
}

/** Gather the site: entries sorted newest first, and the tags with their articles. */
export function createSite<E extends SiteEntry>(entries: E[]): Site<E> {
  const sorted = [...entries].sort(
    (a, b) =>
      (articleDate(b.article) ?? '').localeCompare(articleDate(a.article) ?? '') ||
      a.article.title.localeCompare(b.article.title),
  );
  const tags = new Map<string, SiteTag<E>>();
  for (const entry of sorted) {
    for (const name of entry.article.tags) {
      const slug = tagSlug(name);
      const tag = tags.get(slug) ?? { name, slug, entries: [] };
      tag.entries.push(entry);
      tags.set(slug, tag);
    }
  }
  return {
    entries: sorted,
    tags: [...tags.values()].sort((a, b) => a.name.localeCompare(b.name)),
    order: new Map(sorted.map((entry, index) => [entry, index])),
  };
}

/** Articles sharing the most tags with `article`, newest first among equals. */
export function relatedArticles<E extends SiteEntry>(article: Article, site: Site<E>, limit = RELATED_LIMIT): E[] {
  if (limit <= 0) return [];
  // Only the articles on this one's tag pages can share a tag with it: counted from there, not from every article.
  const mine = new Set(article.tags.map(tagSlug));
  const shared = new Map<E, number>();
  for (const tag of site.tags) {
    if (!mine.has(tag.slug)) continue;
    for (const entry of tag.entries)
      if (entry.article.slug !== article.slug) shared.set(entry, (shared.get(entry) ?? 0) + 1);
  }
  const place = (entry: E): number => site.order.get(entry) ?? 0;
  // The first `limit` in that order, picked in one pass: sorting every article that shares a tag, for every page, took
  // a build of 1,000 pages a quarter of a second, and grows with the square of the articles.
  const best: [E, number][] = [];
  const before = ([a, sharedA]: [E, number], [b, sharedB]: [E, number]): boolean =>
    sharedA > sharedB || (sharedA === sharedB && place(a) < place(b));
  for (const candidate of shared) {
    if (best.length === limit && !before(candidate, best[limit - 1] as [E, number])) continue;
    let at = best.length;
    while (at > 0 && before(candidate, best[at - 1] as [E, number])) at -= 1;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best.map(([entry]) => entry);
}

/** An article as a list item on the index, a tag page or under "Related", with links relative to `root`. */
function card(entry: SiteEntry, root: string, pageLang: string) {
  const { article } = entry;
  return {
    title: article.title,
    summary: article.summary,
    /** Set only when the article's language differs from the page's. */
    lang: article.lang === pageLang ? undefined : article.lang,
    pageLang,
    reviewed: articleDate(article),
    href: root + articlePath(article.slug),
    pdf: entry.hasPdf ? root + leafletPath(article.slug) : undefined,
    tags: article.tags.map((name) => ({ name, href: root + tagPath(name) })),
  };
}

/** What every page's head, header and footer need. */
function pageBase(ctx: RenderContext, root: string, publish: Publish, lang: string) {
  return {
    root,
    lang,
    dir: textDirection(lang),
    clinic: clinicView(ctx.config, ctx.config.logoPath ? root + publish(ctx.config.logoPath) : undefined),
    colors: brandColors(ctx.config.clinic.colors),
    feed: ctx.config.clinic.website ? `${root}feed.xml` : undefined,
    disclaimer: ctx.config.leaflet.disclaimer ?? ctx.messages.format(lang, 'disclaimer'),
    generator: ctx.generator,
    /** The search, on the pages with a search box: the index (a box of its own) and the articles (a button). */
    search: { bundle: undefined, button: false } as SearchBox,
  };
}

/** Where a page finds the site's search (`search.ts` writes it), and whether it opens from a button in the header. */
interface SearchBox {
  bundle: string | undefined;
  button: boolean;
}

/** The search box of a page `root` from the site's top. */
function searchBox(root: string, button: boolean): SearchBox {
  return { bundle: `${root}${SEARCH_FOLDER}/`, button };
}

/** Open Graph wants "en_GB" where HTML says "en-GB". */
function ogLocale(lang: string): string {
  const [language, region] = lang.split('-');
  return region ? `${language}_${region.toUpperCase()}` : (language ?? 'en');
}

/** The article's web page. */
export async function renderWebArticle(
  entry: SiteEntry,
  site: Site,
  ctx: RenderContext,
  publish: Publish,
): Promise<string> {
  const { article } = entry;
  const templates = await ctx.templates.load('web');
  const root = '../';
  // A page sits one folder down (`<slug>/index.html`), so every address in the site starts one folder up.
  const policy: LinkPolicy = { image: (file) => root + publish(file), page: (pathInSite) => root + pathInSite };
  const { html: body } = ctx.markdown.render(
    article.body,
    createLinkResolver(article, policy, ctx.slugsByFile),
    ctx.messages.in(article.lang),
  );
  const image = article.image ? publish(article.image) : undefined;
  const canonical = articleUrl(ctx.config, article.slug);
  const primaryTag = article.tags[0];
  const translations = translationViews(article, ctx, root);
  return templates.render('article.hbs', {
    ...pageBase(ctx, root, publish, article.lang),
    search: searchBox(root, true),
    article: articleView(article, image ? root + image : undefined, ctx.messages),
    tags: article.tags.map((name) => ({ name, href: root + tagPath(name) })),
    breadcrumb: primaryTag ? { name: primaryTag, href: root + tagPath(primaryTag) } : undefined,
    body,
    translations,
    // Search engines are told of every language's page, this one's included.
    alternates:
      translations.length > 0 && canonical
        ? [
            { lang: article.lang, url: canonical },
            ...translations.flatMap((t) => (t.url ? [{ lang: t.lang, url: t.url }] : [])),
          ]
        : [],
    pdf: entry.hasPdf ? `${article.slug}.pdf` : undefined,
    related: relatedArticles(article, site).map((related) => card(related, root, article.lang)),
    meta: {
      title: `${article.draft ? `${ctx.messages.format(article.lang, 'draft')}: ` : ''}${article.title}${ctx.config.clinic.name ? ` | ${ctx.config.clinic.name}` : ''}`,
      // A draft is not for search engines.
      noindex: article.draft,
      ogTitle: article.title,
      description: article.summary,
      canonical,
      ogType: 'article',
      locale: ogLocale(article.lang),
      image: image ? siteUrl(ctx.config.clinic.website, image) : undefined,
      imageAlt: article.imageAlt,
      published: article.published,
      modified: article.reviewed,
    },
    jsonLd: scriptJson(medicalWebPage(article, ctx, canonical, image)),
  });
}

/** A web page, and the local files it shows (for the build to publish beside it). */
export interface RenderedPage {
  html: string;
  published: string[];
}

/** An article's web page, with the local files it shows: its images are published under their content-hashed names. */
export async function renderPage(entry: SiteEntry, site: Site, ctx: RenderContext): Promise<RenderedPage> {
  const published = new Set<string>();
  const html = await renderWebArticle(entry, site, ctx, (file) => {
    published.add(file);
    return assetPath(ctx.images.asset(file).name);
  });
  return { html, published: [...published] };
}

/** The index page listing every article, newest first, and every topic. */
export async function renderWebIndex(site: Site, ctx: RenderContext, publish: Publish): Promise<string> {
  const templates = await ctx.templates.load('web');
  const root = './';
  const lang = ctx.config.defaults.lang;
  const say = ctx.messages.in(lang);
  const clinic = ctx.config.clinic.name;
  return templates.render('index.hbs', {
    ...pageBase(ctx, root, publish, lang),
    search: searchBox(root, false),
    articles: site.entries.map((entry) => card(entry, root, lang)),
    tags: site.tags.map((tag) => ({ name: tag.name, href: root + tagPath(tag.name), count: tag.entries.length })),
    meta: {
      title: `${say('kind')}${clinic ? ` | ${clinic}` : ''}`,
      ogTitle: say('kind'),
      noindex: false,
      description: say('web.indexDescription', { clinic: clinic || 'none' }),
      canonical: siteUrl(ctx.config.clinic.website, ''),
      ogType: 'website',
      locale: ogLocale(lang),
    },
  });
}

/** The page listing the articles about one tag. */
export async function renderTagPage(tag: SiteTag, ctx: RenderContext, publish: Publish): Promise<string> {
  const templates = await ctx.templates.load('web');
  const root = '../../';
  const lang = ctx.config.defaults.lang;
  const say = ctx.messages.in(lang);
  const clinic = ctx.config.clinic.name;
  return templates.render('tag.hbs', {
    ...pageBase(ctx, root, publish, lang),
    tag: { name: tag.name, count: tag.entries.length },
    articles: tag.entries.map((entry) => card(entry, root, lang)),
    meta: {
      title: `${say('web.tagTitle', { tag: tag.name })}${clinic ? ` | ${clinic}` : ''}`,
      ogTitle: say('web.tagTitle', { tag: tag.name }),
      noindex: false,
      description: say('web.tagSummary', { count: tag.entries.length, tag: tag.name }),
      canonical: siteUrl(ctx.config.clinic.website, tagPath(tag.name)),
      ogType: 'website',
      locale: ogLocale(lang),
    },
  });
}

/** The site's one stylesheet. */
export async function webStylesheet(ctx: RenderContext): Promise<string> {
  return (await ctx.templates.load('web')).file('style.css');
}

/** schema.org MedicalWebPage for search engines: who wrote and reviewed the page, when, and what it is about. */
export function medicalWebPage(
  article: Article,
  ctx: RenderContext,
  url: string | undefined,
  image: string | undefined,
): Record<string, unknown> {
  const { clinic } = ctx.config;
  const person = (name: string | undefined) => (name ? { '@type': 'Person', name } : undefined);
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    name: article.title,
    headline: article.title,
    description: article.summary,
    url,
    inLanguage: article.lang,
    datePublished: article.published,
    dateModified: article.reviewed ?? article.published,
    lastReviewed: article.reviewed,
    author: person(article.author),
    reviewedBy: person(article.reviewer),
    about: article.tags.map((name) => ({ '@type': 'Thing', name })),
    keywords: article.tags.length > 0 ? article.tags.join(', ') : undefined,
    audience: { '@type': 'MedicalAudience', audienceType: 'Patient' },
    image: image ? siteUrl(clinic.website, image) : undefined,
    publisher: clinic.name
      ? {
          '@type': 'MedicalOrganization',
          name: clinic.name,
          url: clinic.website,
          telephone: clinic.phone,
          email: clinic.email,
          address: clinic.address,
        }
      : undefined,
    citation:
      article.sources.length > 0
        ? article.sources.map((source) => ({ '@type': 'CreativeWork', name: source.title, url: source.url }))
        : undefined,
  };
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>; // drops the undefined fields
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so that no text can close the script. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/</g, '\\u003c');
}
