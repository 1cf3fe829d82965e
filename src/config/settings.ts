// Where every setting comes from, in one place. The layers, lowest first:
//   defaults (the schema) < the config file < an article's front matter < command-line flags.
// `resolveConfig` applies the first two; `articleSettings` puts an article's front matter and the flags on top.
import { textDirection } from './language-tag.js';
import { FORMATS, type Format, type PageSize, type ResolvedConfig } from './schema.js';

/** What an article's front matter says about the settings it may change (undefined where it says nothing). */
export interface FrontMatterSettings {
  lang?: string | undefined;
  formats?: readonly Format[] | undefined;
  large_print?: boolean | undefined;
  pages?: number | undefined;
}

/** One article's settings after every layer. */
export interface ArticleSettings {
  lang: string;
  /** Which way its language is written: every format lays the article out this way. */
  dir: 'ltr' | 'rtl';
  /** The formats this article is built to in this build. */
  formats: readonly Format[];
  /** Also print a large-print leaflet. */
  largePrint: boolean;
  /** Also print a booklet (A5 pages imposed on A4 landscape). */
  booklet: boolean;
  size: PageSize;
  /**
   * The most pages its leaflet should take (`leaflet.pages`, or `pages` in the front matter); undefined: as few as fit.
   */
  pages: number | undefined;
}

/** An article's settings: front matter over the config, flags over both. */
export function articleSettings(config: ResolvedConfig, frontMatter: FrontMatterSettings): ArticleSettings {
  const { overrides } = config;
  const own = frontMatter.formats ?? config.defaults.formats;
  const lang = frontMatter.lang ?? config.defaults.lang;
  return {
    lang,
    dir: textDirection(lang),
    // `--format` picks what this run makes, in place of the config's formats; an article whose front matter names its
    // own formats is made only in those (`--format leaflet` makes nothing of an article that says `formats: [web]`).
    formats: !overrides.formats
      ? own
      : frontMatter.formats
        ? frontMatter.formats.filter((format) => overrides.formats?.includes(format))
        : overrides.formats,
    largePrint: overrides.largePrint || (frontMatter.large_print ?? config.leaflet.largePrint),
    booklet: overrides.booklet || config.leaflet.booklet,
    size: overrides.size ?? config.leaflet.size,
    pages: frontMatter.pages ?? config.leaflet.pages,
  };
}

/** The formats a build makes: the flag's, or else the config's and any an article asks for, in the usual order. */
export function buildFormats(config: ResolvedConfig, articles: readonly { formats: readonly Format[] }[]): Format[] {
  if (config.overrides.formats) return [...new Set(config.overrides.formats)];
  const wanted = new Set<Format>([...config.defaults.formats, ...articles.flatMap((article) => article.formats)]);
  return FORMATS.filter((format) => wanted.has(format));
}
