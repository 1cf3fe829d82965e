// The Article: one validated Markdown file, ready for rendering.
import type { Format } from '../config/schema.js';

/** A source of evidence, printed as a reference. */
export interface Source {
  title: string;
  url: string;
}

/** One article after its front matter has been validated and defaults applied. */
export interface Article {
  /** Absolute path of the Markdown file. */
  file: string;
  /** The path as shown to the user (relative to the working directory). */
  shownPath: string;
  slug: string;
  title: string;
  summary: string | undefined;
  lang: string;
  tags: string[];
  author: string | undefined;
  reviewer: string | undefined;
  published: string | undefined;
  reviewed: string | undefined;
  nextReview: string | undefined;
  keyPoints: string[];
  sources: Source[];
  /** Absolute path of the hero image, when there is one. */
  image: string | undefined;
  imageAlt: string | undefined;
  draft: boolean;
  /** Front matter `large_print: true`: also print a large-print leaflet. */
  largePrint: boolean;
  /** The formats this article is built to (front matter `formats`, or the config default). */
  formats: Format[];
  /** The Markdown body, without front matter. */
  body: string;
  /** The 1-based line of the file where the body starts. */
  bodyLine: number;
  /** The 1-based line of each front matter key in the file. */
  keyLines: Record<string, number>;
}

/** A problem found while reading an article that does not stop it from building. */
export interface Warning {
  file: string;
  line?: number;
  message: string;
}
