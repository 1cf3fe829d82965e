// The email format: a 600px table layout with its CSS inlined by juice (media queries kept),
// every address absolute, images as PNG or JPEG with their size, and a plain-text part written by html-to-text.
import { createRequire } from 'node:module';
import { decodeHTMLAttribute } from 'entities';
import type { compile as Compile, HtmlToTextOptions } from 'html-to-text';
import type { Article, Warning } from '../../articles/article.js';
import type { ResolvedConfig } from '../../config/schema.js';
import type { PublishedAsset } from '../../render/assets.js';
import type { RenderContext } from '../../render/context.js';
import { createLinkResolver, type LinkPolicy } from '../../render/links.js';
import type { LinkResolver } from '../../render/markdown.js';
import { articleUrl, assetPath, siteUrl } from '../../render/site.js';
import { articleView, clinicView } from '../../render/view.js';
import { inlineCss, stylesheetFor } from './inline-css.js';

// html-to-text is loaded on first use: it takes a moment to load, which `leaflet check` and a leaflet-only build need
// not pay.
const require = createRequire(import.meta.url);

/** The plain-text converter, its selectors compiled once (compiling them for each email took as long as converting). */
let converter: ((html: string) => string) | undefined;
const convert = (html: string): string => {
  converter ??= (require('html-to-text') as { compile: typeof Compile }).compile(PLAIN_TEXT);
  return converter(html);
};

/** An email's two parts, and the images it shows from the clinic's site (which must be published there). */
export interface RenderedEmail {
  html: string;
  text: string;
  assets: PublishedAsset[];
}

/** Gmail clips a message whose HTML passes about 102 KB, hiding the rest behind "View entire message". */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** The warning for an email (or newsletter) whose HTML Gmail would clip, or undefined when it fits. */
export function gmailClipWarning(file: string, bytes: number): Warning | undefined {
  if (bytes <= GMAIL_CLIP_BYTES) return undefined;
  return {
    file,
    message:
      `the HTML is ${Math.round(bytes / 1024)} KB; Gmail clips messages over 102 KB behind ` +
      `"View entire message". Put fewer or shorter articles in it.`,
  };
}

/** Display height of the clinic's logo in an email header, in CSS pixels. */
const LOGO_HEIGHT = 48;

/** Fill the email templates for one article, inline the CSS and write the text part. */
export async function renderEmail(article: Article, ctx: RenderContext): Promise<RenderedEmail> {
  const templates = await ctx.templates.load('email');
  const campaign = ctx.config.email.utm?.campaign ?? article.slug;
  const links = emailLinks(ctx, campaign);
  const resolver = emailResolver(article, ctx, links);
  const { html: body } = ctx.markdown.render(article.body, resolver, ctx.messages.in(article.lang));
  const hero = article.image ? links.image(article.image) : undefined;
  const { dir } = article;

  const view = {
    lang: article.lang,
    dir,
    documentTitle: article.draft ? `${ctx.messages.format(article.lang, 'draft')}: ${article.title}` : article.title,
    article: articleView(article, hero?.src, ctx.messages),
    hero,
    ...emailChrome(ctx, links),
    body: adaptForEmail(body, resolver.sizes),
    css: stylesheetFor(templates.file('style.css'), dir),
    links: { page: links.track(articleUrl(ctx.config, article.slug)) },
    generator: ctx.generator,
  };
  const filled = templates.render('layout.hbs', view);
  // The plain text is read from the HTML before its styles are inlined: the same words, in half the time.
  return { html: inlineCss(filled), text: toPlainText(filled), assets: links.used() };
}

/** An image's address in an email, with the size to show it at. */
export interface SizedImage {
  src: string;
  width: number;
  height: number;
}

/** Addresses in one email: the clinic's own links tagged for analytics, images by absolute URL with their size. */
export interface EmailLinks {
  /** Add the configured UTM parameters to a link on the clinic's own website; other links are left alone. */
  track<T extends string | undefined>(url: T): T;
  /** A local image, published on the clinic's site, as the email shows it. */
  image(file: string, maxWidth?: number): SizedImage | undefined;
  /** The published images the email links to so far. */
  used(): PublishedAsset[];
}

export function emailLinks(ctx: RenderContext, campaign: string): EmailLinks {
  const { website } = ctx.config.clinic;
  const used = new Set<PublishedAsset>();
  return {
    track: (url) => (url ? (withUtm(url, ctx.config, campaign) as typeof url) : url),
    image(file, maxWidth) {
      const image = ctx.images.emailImage(file, maxWidth);
      const src = siteUrl(website, assetPath(image.asset.name));
      if (!src) return undefined;
      used.add(image.asset);
      return { src, width: image.width, height: image.height };
    },
    used: () => [...used],
  };
}

/** What the header and footer of every email need: the clinic, its logo at header size, the unsubscribe link. */
export function emailChrome(ctx: RenderContext, links: EmailLinks) {
  const logo = ctx.config.logoPath ? links.image(ctx.config.logoPath, 400) : undefined;
  const logoView = logo
    ? { src: logo.src, height: LOGO_HEIGHT, width: Math.round((logo.width * LOGO_HEIGHT) / logo.height) }
    : undefined;
  return {
    clinic: { ...clinicView(ctx.config, logoView?.src), website: links.track(ctx.config.clinic.website) },
    logo: logoView,
    unsubscribe: ctx.config.email.unsubscribe,
  };
}

/** The resolver for an article body in an email, remembering each image's display size. */
export function emailResolver(
  article: Article,
  ctx: RenderContext,
  links: EmailLinks,
): LinkResolver & { sizes: Map<string, SizedImage> } {
  const sizes = new Map<string, SizedImage>();
  const { website } = ctx.config.clinic;
  const policy: LinkPolicy = {
    image(file) {
      const image = links.image(file);
      if (image) sizes.set(image.src, image);
      return image?.src;
    },
    page: (pathInSite) => siteUrl(website, pathInSite),
  };
  const resolver = createLinkResolver(article, policy, ctx.slugsByFile);
  // Links the article writes in full to the clinic's own site are tagged too.
  return { sizes, image: resolver.image, link: (href) => links.track(resolver.link(href)) };
}

/** `url` with utm_source, utm_medium and utm_campaign, when it is on the clinic's website and UTM is configured. */
export function withUtm(url: string, config: ResolvedConfig, campaign: string): string {
  const { utm } = config.email;
  const { website } = config.clinic;
  if (!utm || !website || !url.startsWith(website.replace(/\/$/, ''))) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('utm_source', utm.source);
  parsed.searchParams.set('utm_medium', utm.medium);
  parsed.searchParams.set('utm_campaign', utm.campaign ?? campaign);
  return parsed.href;
}

/**
 * What mail clients cannot show, replaced: SVG icons dropped, task-list boxes as characters; and images given the
 * width and height attributes Outlook needs to size them.
 */
export function adaptForEmail(html: string, sizes: ReadonlyMap<string, SizedImage> = new Map()): string {
  return html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<img src="([^"]*)"/g, (tag, src: string) => {
    const size = sizes.get(decodeHTMLAttribute(src));
    return size ? `${tag} width="${size.width}" height="${size.height}"` : tag;
  });
}

/** How the plain-text part is written: headings kept readable, links written out, the hidden preheader left out. */
const PLAIN_TEXT: HtmlToTextOptions = {
  wordwrap: 76,
  selectors: [
    { selector: '.preheader', format: 'skip' },
    // The header is the clinic's logo and name, which the footer repeats in words.
    { selector: 'td.header', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 2 } },
    { selector: 'h2', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    // Tables from the article are data; the email's own layout tables are only boxes.
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'table[role=presentation]', format: 'block' },
    // Buttons side by side in HTML read better one to a line.
    { selector: 'td.button-cell', format: 'block' },
    { selector: 'td.secondary-cell', format: 'block' },
    { selector: 'td.action-gap', format: 'skip' },
  ],
};

/** The plain-text part of an email. */
export function toPlainText(html: string): string {
  return `${convert(html).trim()}\n`;
}
