// The leaflet format's HTML: a print page for Chromium to turn into a PDF, its footer, and the
// metadata the PDF should carry.
import type { Article } from '../articles/article.js';
import type { PageSize } from '../config/schema.js';
import type { RenderContext } from './context.js';
import { createLinkResolver } from './links.js';
import { articleView, clinicView } from './view.js';

/** Page margins for each size: the bottom leaves room for the footer. */
const MARGINS: Record<PageSize, { top: string; right: string; bottom: string; left: string }> = {
  A4: { top: '16mm', right: '18mm', bottom: '22mm', left: '18mm' },
  A5: { top: '12mm', right: '12mm', bottom: '18mm', left: '12mm' },
  Letter: { top: '0.6in', right: '0.7in', bottom: '0.85in', left: '0.7in' },
};

/** Everything the printer needs for one leaflet. */
export interface LeafletDocument {
  html: string;
  footerHtml: string;
  size: PageSize;
  margin: { top: string; right: string; bottom: string; left: string };
  metadata: {
    title: string;
    author: string | undefined;
    subject: string | undefined;
    keywords: string[];
    lang: string;
    creator: string;
  };
}

/** Fill the leaflet templates for one article. */
export async function renderLeaflet(article: Article, ctx: RenderContext): Promise<LeafletDocument> {
  const templates = await ctx.templates.load('leaflet');
  const resolver = createLinkResolver(article, 'leaflet', ctx);
  const { html: body, headings } = ctx.markdown.render(article.body, resolver);
  const size = ctx.config.leaflet.size;
  const view = {
    article: articleView(article, article.image ? ctx.assets.dataUri(article.image) : undefined),
    clinic: clinicView(ctx.config, ctx.config.logoPath ? ctx.assets.dataUri(ctx.config.logoPath) : undefined),
    body,
    headings,
    css: templates.file('style.css'),
    size,
    margin: MARGINS[size],
    disclaimer: ctx.config.leaflet.disclaimer,
    generator: ctx.generator,
  };
  return {
    html: templates.render('layout.hbs', view),
    footerHtml: templates.render('footer.hbs', view),
    size,
    margin: MARGINS[size],
    metadata: {
      title: article.title,
      author: article.author ?? (ctx.config.clinic.name || undefined),
      subject: article.summary,
      keywords: article.tags,
      lang: article.lang,
      creator: ctx.generator,
    },
  };
}
