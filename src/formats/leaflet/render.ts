// The leaflet format's HTML: a print page for Chromium to turn into a PDF, its footer, and the
// metadata the PDF should carry.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Article } from '../../articles/article.js';
import { textDirection } from '../../config/language-tag.js';
import { PAPER } from '../../config/paper.js';
import type { PageSize } from '../../config/schema.js';
import type { PrintSource } from '../../machinery/cache.js';
import { brandColors } from '../../render/colors.js';
import type { RenderContext } from '../../render/context.js';
import { createLinkResolver, type LinkPolicy } from '../../render/links.js';
import { articleUrl, siteUrl } from '../../render/site.js';
import { displayUrl, type TemplateSet } from '../../render/templates.js';
import { articleView, clinicView, languageList, translationViews } from '../../render/view.js';
import { TOOL_VERSION } from '../../version.js';
import { noteLinks } from './printed-links.js';
import { qrSvg } from './qr.js';

/** Which leaflet to print: the standard one, the large-print one (`<slug>.large-print.pdf`), or the A5 pages of a
 * booklet (`<slug>.booklet.pdf`, imposed on A4 after printing). */
export type LeafletVariant = 'standard' | 'large-print' | 'booklet';

/** File name of a leaflet variant in out/leaflet/. */
export function leafletFileName(slug: string, variant: LeafletVariant): string {
  return variant === 'standard' ? `${slug}.pdf` : `${slug}.${variant}.pdf`;
}

/** Everything the printer needs for one leaflet. */
export interface LeafletDocument {
  html: string;
  footerHtml: string;
  /** The local files it was made from besides the article: its images and the logo. */
  inputs: string[];
  variant: LeafletVariant;
  size: PageSize;
  margin: { top: string; right: string; bottom: string; left: string };
  /** Laid out to fill its pages before printing, within `budget` pages when one is set (a pack is printed as it is). */
  fit?: { budget: number | undefined };
  metadata: {
    title: string;
    author: string | undefined;
    subject: string | undefined;
    keywords: string[];
    lang: string;
    creator: string;
    /**
     * The PDF's creation and modification date: SOURCE_DATE_EPOCH when set, else the article's review date, so that
     * printing an unchanged article again gives the same bytes. The time of printing when there is neither.
     */
    date: Date | undefined;
  };
}

/**
 * What the cache knows a leaflet (or pack) about to be printed by: a hash of what it is printed from (the print dates
 * in the metadata are set later, so they do not count), and the local files it read.
 */
export function printSource(doc: LeafletDocument): PrintSource {
  const { html, footerHtml, size, margin, metadata, variant, fit } = doc;
  const key = createHash('sha256')
    .update(JSON.stringify({ TOOL_VERSION, html, footerHtml, size, margin, metadata, variant, fit }))
    .digest('hex');
  return { key, inputs: doc.inputs };
}

/**
 * The date a document about `article` carries: the build's fixed date, or the article's last review (or publication).
 */
export function documentDate(ctx: RenderContext, day: string | undefined): Date | undefined {
  if (ctx.sourceDate) return ctx.sourceDate;
  return day ? new Date(`${day}T00:00:00Z`) : undefined;
}

/** Fill the leaflet templates for one article. */
export async function renderLeaflet(
  article: Article,
  ctx: RenderContext,
  variant: LeafletVariant = 'standard',
): Promise<LeafletDocument> {
  const templates = await ctx.templates.load('leaflet');
  // Every local file the leaflet is made from besides the article itself, for the incremental cache.
  const inputs = new Set<string>([
    ...(article.image ? [article.image] : []),
    ...(ctx.config.logoPath ? [ctx.config.logoPath] : []),
  ]);
  const { html: rendered, headings } = ctx.markdown.render(
    article.body,
    createLinkResolver(article, printPolicy(ctx, inputs), ctx.slugsByFile),
    ctx.messages.in(article.lang),
  );
  const { qr, notesLines, disclaimer } = ctx.config.leaflet;
  const { html: body, links } = noteLinks(rendered);
  const size = variant === 'booklet' ? 'A5' : article.size;
  const largePrint = variant === 'large-print';
  const margin = largePrint ? PAPER[size].largePrintMargin : PAPER[size].margin;
  const onlineUrl = qr ? articleUrl(ctx.config, article.slug) : undefined;
  const translations = translationViews(article, ctx);
  const view = {
    lang: article.lang,
    dir: article.dir,
    article: articleView(article, article.image ? ctx.images.dataUri(article.image) : undefined, ctx.messages),
    clinic: clinicView(ctx.config, ctx.config.logoPath ? ctx.images.dataUri(ctx.config.logoPath) : undefined),
    colors: brandColors(ctx.config.clinic.colors),
    body,
    links,
    headings,
    css: templates.file('style.css'),
    size,
    largePrint,
    stackedFooter: largePrint || size === 'A5',
    margin,
    // The QR code is generated here, never from user input, so templates insert it as HTML.
    online: onlineUrl ? { url: onlineUrl, display: displayUrl(onlineUrl), qr: await qrSvg(onlineUrl) } : undefined,
    // The printed address may wrap only after a "/", so it stays easy to type.
    onlineBreakable: onlineUrl ? breakAfterSlashes(displayUrl(onlineUrl)) : undefined,
    translations,
    // "Cymraeg, Polski": each name marked with its own language, for screen readers and the right font.
    translationNames: languageList(translations, article.lang),
    notesLines: Array.from({ length: notesLines }, (_, index) => index + 1),
    disclaimer: disclaimer ?? ctx.messages.format(article.lang, 'disclaimer'),
    generator: ctx.generator,
  };
  return {
    html: templates.render('layout.hbs', view),
    footerHtml: templates.render('footer.hbs', view),
    inputs: [...inputs].sort(),
    // Large print is never tightened: its reader needs the room.
    ...(largePrint ? {} : { fit: { budget: article.pages } }),
    variant,
    size,
    margin,
    metadata: {
      title: article.draft ? `${ctx.messages.format(article.lang, 'draft')}: ${article.title}` : article.title,
      author: article.author ?? (ctx.config.clinic.name || undefined),
      subject: article.summary,
      keywords: article.tags,
      lang: article.lang,
      creator: ctx.generator,
      date: documentDate(ctx, article.reviewed ?? article.published),
    },
  };
}

/** On paper: images inlined (a PDF must print without loading anything), links to the clinic's site in full. */
export function printPolicy(ctx: RenderContext, inputs: Set<string>): LinkPolicy {
  return {
    image(file) {
      inputs.add(file);
      return ctx.images.dataUri(file);
    },
    page: (pathInSite) => siteUrl(ctx.config.clinic.website, pathInSite),
  };
}

/** HTML of an address that may wrap only after its slashes, never at a hyphen inside a name. */
function breakAfterSlashes(text: string): string {
  const parts = text.split(/(?<=\/)/).map((part) => `<span class="nowrap">${Handlebars.escapeExpression(part)}</span>`);
  return parts.join('<wbr>');
}

/**
 * The templates of a pack (a leaflet of several articles, in templates/pack/, using the leaflet's partials too), and
 * the leaflet's own, whose stylesheet a pack's pages start from.
 */
export function packTemplates(ctx: RenderContext): Promise<[TemplateSet, TemplateSet]> {
  return Promise.all([ctx.templates.load('pack', { partialsOf: 'leaflet' }), ctx.templates.load('leaflet')]);
}

/** A page of ruled lines headed "Notes", which pads a booklet to a multiple of four pages. */
export async function renderNotesPage(
  ctx: RenderContext,
  size: PageSize,
  title: string,
  lang: string,
): Promise<LeafletDocument> {
  const [templates, leaflet] = await packTemplates(ctx);
  const { config } = ctx;
  const margin = PAPER[size].margin;
  const view = {
    title,
    lang,
    dir: textDirection(lang),
    size,
    margin,
    colors: brandColors(config.clinic.colors),
    clinic: clinicView(config, undefined),
    css: `${leaflet.file('style.css')}\n${templates.file('style.css')}`,
    lines: Array.from({ length: 16 }, (_, index) => index + 1),
  };
  return {
    html: templates.render('notes-page.hbs', view),
    footerHtml: '<span></span>',
    inputs: [],
    variant: 'standard',
    size,
    margin,
    metadata: {
      title,
      author: undefined,
      subject: undefined,
      keywords: [],
      lang: view.lang,
      creator: ctx.generator,
      date: ctx.sourceDate ?? new Date(0),
    },
  };
}
