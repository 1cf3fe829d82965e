// What every renderer shares within one build: config, the Markdown renderer, templates and assets.
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { AssetRegistry } from './assets.js';
import { createMarkdownRenderer, type MarkdownRenderer } from './markdown.js';
import { createTemplates, type Templates } from './templates.js';

export interface RenderContext {
  config: ResolvedConfig;
  markdown: MarkdownRenderer;
  templates: Templates;
  assets: AssetRegistry;
  /** Slug of every article in the build, by absolute file path (for links between articles). */
  slugsByFile: ReadonlyMap<string, string>;
  /** "leaflet 0.1.0", written into metadata. */
  generator: string;
}

/** A fresh context for one build (or one preview render) of `articles`. */
export function createRenderContext(config: ResolvedConfig, articles: readonly Article[]): RenderContext {
  return {
    config,
    markdown: createMarkdownRenderer(),
    templates: createTemplates(config.templatesDir),
    assets: new AssetRegistry(),
    slugsByFile: new Map(articles.map((article) => [article.file, article.slug])),
    generator: `${TOOL_NAME} ${TOOL_VERSION}`,
  };
}
