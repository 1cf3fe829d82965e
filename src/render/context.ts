// What every renderer shares within one build: config, the Markdown renderer, templates and assets.
import type { ResolvedConfig } from '../config/schema.js';
import type { AssetRegistry } from './assets.js';
import type { MarkdownRenderer } from './markdown.js';
import type { Templates } from './templates.js';

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
