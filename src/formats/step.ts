// The one interface every output format implements. A step is given the articles that want its format and what the
// build shares (render context, cache, browser, output folder); it writes its files, says per article what it wrote or
// why it failed, and hands later steps what they need from it (the web site publishes the printed PDFs and the images
// emails point to). The build walks the steps in the order their `after` lists give, and knows no format by name.
import type { Article, Warning } from '../articles/article.js';
import type { Shard } from '../articles/shards.js';
import type { Format } from '../config/schema.js';
import type { BrowserPool } from '../machinery/browser.js';
import type { PrintCache } from '../machinery/cache.js';
import type { ArticleWork } from '../machinery/threads.js';
import type { RenderContext } from '../render/context.js';

/** What one step wrote for one article: the files, and whether they were kept from the last build. */
export interface Written {
  files: string[];
  unchanged?: boolean;
  /** A leaflet's pages. */
  pages?: number;
}

/** Everything a step is given for one build. */
export interface StepJob {
  /** The articles that want this format in this build, in file order. */
  readonly articles: readonly Article[];
  readonly ctx: RenderContext;
  /** The project folder (paths are shown relative to it). */
  readonly cwd: string;
  /** The output root (`out/`). */
  readonly outDir: string;
  readonly cache: PrintCache;
  /** A hash of what every output is made from besides its own article and templates: the config and the slugs. */
  readonly sharedKey: string;
  /** Chromium, launched on first use. */
  readonly browser: BrowserPool;
  /** Per-article work on the CPU (emails, checks): worker threads when the build has many articles. */
  readonly work: ArticleWork;
  /** How many pages print at once (`--jobs`). */
  readonly jobs: number;
  /** Set when the build was given paths: a step that makes one whole (the site) keeps the others it made before. */
  readonly partial: boolean;
  /** The part of a split build (`--shard`): this step makes its articles' outputs; `merge-reports` makes the whole. */
  readonly shard: Shard | undefined;
  /** Every article of the build that wants this format, in every shard (the site shows them all). */
  readonly everyArticle: readonly Article[];
  readonly signal: AbortSignal | undefined;
  /** The path as the user is shown it (relative to the project). */
  shown(file: string): string;
  warn(warning: Warning): void;
  /**
   * Make this format's output of one article with `make`, and record it: the files written (or kept), or the error
   * that stopped it. Resolves to whether it worked; a failure never stops the other articles.
   */
  output(article: Article, make: () => Promise<Written>): Promise<boolean>;
  /** Files written or kept for the build as a whole rather than one article (the site's assets and lists). */
  shared(files: readonly string[]): void;
  /** A problem with the format as a whole rather than one article (the site's index, no browser); `file` is where. */
  fail(error: unknown, file?: string): void;
}

/** The hand-overs of the steps a step runs after, by format. */
export type Upstream = Partial<Record<Format, unknown>>;

/** Steps by the format they make. */
export type StepRegistry = Readonly<Partial<Record<Format, OutputStep>>>;

/** One output format, `F`, handing `Handover` to the steps after it. */
export interface OutputStep<Handover = unknown, F extends Format = Format> {
  readonly format: F;
  /** Formats whose hand-over this step reads: they finish first (or, when not built, hand over what they kept). */
  readonly after: readonly Format[];
  /**
   * Formats whose hand-over this step reads only once its own work is done: they run beside it, and `upstream` holds
   * a promise of each hand-over. (The web pages render beside the emails, so that an article's two renderings share
   * one parse of its Markdown; the site publishes the emails' images at the end.)
   */
  readonly beside?: readonly Format[];
  /** Build this format for `job.articles`; `upstream` holds a hand-over for every format in `after` and `beside`. */
  run(job: StepJob, upstream: Upstream): Promise<Handover>;
  /** The hand-over when this format is not built in this run: what earlier builds left in the output folder. */
  kept(job: StepJob): Handover;
  /**
   * Whether it prints with the browser: a build that will surely print starts the browser while it reads the
   * articles, and keeps the worker threads at low priority meanwhile, so that the browser is never kept waiting.
   */
  readonly prints?: boolean;
  /**
   * For a format that makes one whole of every article (the site): write, into `join.outDir`, what lists every article
   * of a build split into shards, once `leaflet merge-reports` has joined the shards' own files. Returns the files
   * written.
   */
  joinShards?(join: ShardJoin): Promise<string[]>;
}

/** What `leaflet merge-reports` gives a step to write the lists of every article of a split build. */
export interface ShardJoin {
  ctx: RenderContext;
  /** The joined output folder. */
  outDir: string;
  /** Every article that a shard built, with the formats it was built in. */
  built: readonly { article: Article; formats: readonly Format[] }[];
  /** The path as the user is shown it (relative to the project). */
  shown(file: string): string;
  /** A problem that leaves the joined output usable (the site without its search index): the report lists it. */
  warn(warning: Warning): void;
}

/**
 * Something a whole build makes once the format it follows is made (in a split build, the first part makes it): the
 * standard packs follow the leaflets.
 */
export interface WholeBuildOutput<Outcome> {
  readonly follows: Format;
  make(job: StepJob, whole: { every: readonly Article[]; drafts: readonly Article[] }): Promise<Outcome[]>;
}
