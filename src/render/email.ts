// The email format: a 600px table layout with its CSS inlined by juice (media queries kept),
// every address absolute, and a plain-text part written by html-to-text.
import { convert } from 'html-to-text';
import juice from 'juice';
import type { Article } from '../articles/article.js';
import type { RenderContext } from './context.js';
import { createLinkResolver } from './links.js';
import { articleUrl, assetPath, siteUrl } from './site.js';
import { articleView, clinicView } from './view.js';

/** An email's two parts. */
export interface RenderedEmail {
  html: string;
  text: string;
}

/** Fill the email templates for one article, inline the CSS and write the text part. */
export async function renderEmail(article: Article, ctx: RenderContext): Promise<RenderedEmail> {
  const templates = await ctx.templates.load('email');
  const website = ctx.config.clinic.website;
  const resolver = createLinkResolver(article, 'email', ctx);
  const { html: body } = ctx.markdown.render(article.body, resolver);
  const publishedUrl = (file: string | undefined): string | undefined =>
    file ? siteUrl(website, assetPath(ctx.assets.publish(file))) : undefined;

  const view = {
    article: articleView(article, publishedUrl(article.image)),
    clinic: clinicView(ctx.config, publishedUrl(ctx.config.logoPath)),
    body: adaptForEmail(body),
    css: templates.file('style.css'),
    links: { page: articleUrl(ctx.config, article.slug) },
    unsubscribe: ctx.config.email.unsubscribe,
    generator: ctx.generator,
  };
  const html = inlineCss(templates.render('layout.hbs', view));
  return { html, text: toPlainText(html) };
}

/** Inline the `<style>` rules into `style` attributes; media queries stay in a `<style>` block. */
export function inlineCss(html: string): string {
  return juice(html, {
    preserveMediaQueries: true,
    preserveImportant: true,
    removeStyleTags: true,
    applyWidthAttributes: true,
    applyHeightAttributes: true,
    applyAttributesTableElements: true,
    insertPreservedExtraCss: true,
  });
}

/** What mail clients cannot show, replaced: SVG icons dropped, task-list boxes as characters. */
export function adaptForEmail(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<input[^>]*checked[^>]*>/g, '☑')
    .replace(/<input[^>]*type="checkbox"[^>]*>/g, '☐');
}

/** The plain-text part: headings kept readable, links written out, the hidden preheader left out. */
export function toPlainText(html: string): string {
  return convert(html, {
    wordwrap: 76,
    selectors: [
      { selector: '.preheader', format: 'skip' },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 2 } },
      { selector: 'h2', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
      { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
      // Tables from the article are data; the email's own layout tables are only boxes.
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
      { selector: 'table[role=presentation]', format: 'block' },
    ],
  }).trim() + '\n';
}
