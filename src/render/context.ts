// What every renderer shares within one build: config, the Markdown renderer, templates, the image store, and the
// slug of every article (for links between them).
import path from 'node:path';
import type { Article } from '../articles/article.js';
import { referencesOf } from '../articles/images.js';
import { type Translation, translationGroups } from '../articles/translations.js';
import type { ResolvedConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { ImageStore } from './assets.js';
import { localImageFile } from './links.js';
import { createMarkdownRenderer, type MarkdownRenderer } from './markdown.js';
import { LOCALES_DIR, loadMessages, type Messages } from './messages.js';
import { createTemplates, type Templates } from './templates.js';

export interface RenderContext {
  readonly config: ResolvedConfig;
  readonly markdown: MarkdownRenderer;
  readonly templates: Templates;
  /** The words the tool adds, in each language (leaflet's catalogues and the project's locales/ folder). */
  readonly messages: Messages;
  readonly images: ImageStore;
  /** For each article's slug, its versions in other languages (empty for an article with none). */
  readonly translations: ReadonlyMap<string, readonly Translation[]>;
  /** Slug of every article in the build, by absolute file path (for links between articles). */
  readonly slugsByFile: ReadonlyMap<string, string>;
  /** SOURCE_DATE_EPOCH, when the build has one: the one date every output carries (reproducible builds). */
  readonly sourceDate: Date | undefined;
  /** "leaflet 0.1.0", written into metadata. */
  readonly generator: string;
  /** The local files an article's email and web page are made from besides the article: its images and the logo. */
  localFiles(article: Article): readonly string[];
}

/** Options for the templates of one build. */
export interface RenderOptions {
  /** The folder paths in template errors are shown relative to. */
  cwd: string;
  /** Fail on a template variable that is not there (Handlebars' strict mode), instead of leaving it empty. */
  strictTemplates?: boolean;
  /** The slug of every article by file, when the articles themselves are not at hand (a worker thread). */
  slugs?: ReadonlyMap<string, string>;
  /** SOURCE_DATE_EPOCH, as a date. */
  sourceDate?: Date | undefined;
  /** The translation groups, when the articles themselves are not at hand (a worker thread). */
  translations?: ReadonlyMap<string, readonly Translation[]>;
  /** The catalogues, when the caller has loaded them already (a build checks them before it writes anything). */
  messages?: Messages;
}

/** A fresh context for one build (or one preview render) of `articles`. */
export function createRenderContext(
  config: ResolvedConfig,
  articles: readonly Article[],
  options: RenderOptions,
): RenderContext {
  const localFiles = new WeakMap<Article, readonly string[]>();
  const messages = options.messages ?? loadProjectMessages(config, options.cwd);
  return {
    config,
    markdown: createMarkdownRenderer(),
    templates: createTemplates(config.templatesDir, {
      cwd: options.cwd,
      strict: options.strictTemplates ?? false,
      messages,
    }),
    messages,
    images: new ImageStore(),
    slugsByFile: options.slugs ?? new Map(articles.map((article) => [article.file, article.slug])),
    translations: options.translations ?? translationGroups(articles),
    generator: `${TOOL_NAME} ${TOOL_VERSION}`,
    sourceDate: options.sourceDate,
    localFiles(article) {
      let found = localFiles.get(article);
      if (!found) {
        found = findLocalFiles(article, config);
        localFiles.set(article, found);
      }
      return found;
    },
  };
}

/** leaflet's catalogues and the project's `locales/` over them, checked (a ConfigError names a catalogue and key). */
export function loadProjectMessages(config: ResolvedConfig, cwd: string): Messages {
  return loadMessages(path.join(config.root, LOCALES_DIR), { cwd });
}

function findLocalFiles(article: Article, config: ResolvedConfig): string[] {
  const files = new Set<string>();
  if (article.image) files.add(article.image);
  for (const ref of referencesOf(article).images) {
    const file = ref.href ? localImageFile(article, ref.href) : undefined;
    if (file) files.add(file);
  }
  if (config.logoPath) files.add(config.logoPath);
  return [...files].sort();
}

/** The last second SOURCE_DATE_EPOCH may name: 31 December 9999, 23:59:59 UTC, the last a four-digit year can print. */
export const LAST_SOURCE_DATE = 253_402_300_799;

/**
 * SOURCE_DATE_EPOCH (the reproducible-builds convention: seconds since 1970), as the date every output carries; an
 * unset or empty variable gives none. A value that is not whole seconds up to the year 9999 is a usage error.
 */
export function sourceDateOf(env: NodeJS.ProcessEnv): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH?.trim();
  if (!value) return undefined;
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  if (!/^\d+$/.test(value))
    throw new UsageError(
      `SOURCE_DATE_EPOCH is "${shown}": it must be a whole number of seconds since 1 January 1970, like 1767225600.`,
    );
  // Compared as text first: a number of 400 digits is no number of seconds, and Number() would round it.
  const seconds = value.replace(/^0+(?=\d)/, '');
  if (seconds.length > String(LAST_SOURCE_DATE).length || Number(seconds) > LAST_SOURCE_DATE) {
    throw new UsageError(
      `SOURCE_DATE_EPOCH is "${shown}", a date after the year 9999: it must be a number of seconds ` +
        `since 1 January 1970 up to ${LAST_SOURCE_DATE} (the end of 9999), like 1767225600.`,
    );
  }
  return new Date(Number(seconds) * 1000);
}
