// The Article: one validated Markdown file, ready for rendering.
import type { RuleId } from '../config/rules.js';
import type { ArticleSettings } from '../config/settings.js';
import type { Dose } from './front-matter.js';

/** A source of evidence, printed as a reference. */
export interface Source {
  title: string;
  url: string;
}

/**
 * One article after its front matter has been validated, with its settings from every layer (see `articleSettings`).
 */
export interface Article extends ArticleSettings {
  /** Absolute path of the Markdown file. */
  file: string;
  /** The path as shown to the user (relative to the working directory). */
  shownPath: string;
  slug: string;
  title: string;
  summary: string | undefined;
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
  /** An exercise is laid out as a card: its picture, its numbered steps, and its dose. */
  type: 'article' | 'exercise';
  /** An exercise's default dose (empty for other articles). */
  dose: Dose;
  /** The slug of the article this one translates, when it is a translation. */
  translationOf: string | undefined;
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
  /** The quality-check rule it belongs to, when it is one (`leaflet check` names it). */
  rule?: RuleId;
}

/**
 * An article as cache keys see it: everything its outputs are made from. Which formats this run makes of it is left
 * out, so that `build -f leaflet` and a full build share what they printed.
 */
export function cacheableArticle(article: Article): object {
  return { ...article, formats: undefined };
}
