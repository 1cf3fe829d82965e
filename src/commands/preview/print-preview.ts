// A leaflet's HTML as a print preview in the browser: the same HTML the PDF is printed from, shown as a sheet of its
// page size, rendered fresh from the files on disk at every request.
import Handlebars from 'handlebars';
import { loadArticles } from '../../articles/load-articles.js';
import { loadConfig } from '../../config/load-config.js';
import { renderLeaflet } from '../../formats/leaflet/render.js';
import { createRenderContext } from '../../render/context.js';
import { printPreviewStyle } from './server.js';

/** Text made safe to put in HTML: Handlebars' own escaping, the same the templates use. */
export const escapeHtml = Handlebars.escapeExpression;

/** The print preview of the article with `slug` (drafts included), or undefined when there is none. */
export async function renderPrintPreview(
  cwd: string,
  configFile: string | undefined,
  slug: string,
): Promise<string | undefined> {
  const config = await loadConfig(cwd, configFile);
  const loaded = await loadArticles(config, { cwd, paths: [], drafts: true });
  const article = loaded.articles.find((candidate) => candidate.slug === slug);
  if (!article) {
    const failed = loaded.failed.find((entry) => entry.shownPath.includes(slug));
    if (failed) throw failed.error;
    return undefined;
  }
  const doc = await renderLeaflet(article, createRenderContext(config, loaded.articles, { cwd }));
  const note =
    `<div class="leaflet-preview-note">Print preview of “${escapeHtml(article.title)}” (${doc.size}). ` +
    `Page breaks, page numbers and review dates in the footer appear in the PDF. <a ` +
    `href="/${slug}/">Back to the web page</a></div>`;
  return doc.html
    .replace('</head>', `${printPreviewStyle(doc.size, doc.margin)}</head>`)
    .replace(/<body([^>]*)>/, `<body$1>${note}`);
}
