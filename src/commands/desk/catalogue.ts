// What the desk offers, read from the project: the articles and exercises (drafts apart), the standard packs, and the
// config. `leaflet desk` reads it once and again whenever a file changes; the preview reads it at every request.
import path from 'node:path';
import type { Article } from '../../articles/article.js';
import type { Dose } from '../../articles/front-matter.js';
import { loadArticles } from '../../articles/load-articles.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { LeafletError } from '../../errors.js';
import { findPackFiles, readStandardPack } from '../../formats/pack/standard-packs.js';

/** A standard pack as the desk page offers it: what to tick, and the doses to fill in. */
export interface DeskPack {
  /** The file name without `.yaml`. */
  name: string;
  title: string;
  slugs: string[];
  doses: Record<string, Dose>;
}

/** Everything the desk page lists, and what the desk could not read (to say, never to stop for). */
export interface DeskCatalogue {
  cwd: string;
  config: ResolvedConfig;
  /** Advice first, then exercises, each by title. */
  articles: Article[];
  /** Articles marked "draft: true": never offered, named when a form asks for one. */
  drafts: Article[];
  packs: DeskPack[];
  /** "file:line: message" of each article or pack that could not be read. */
  problems: string[];
}

/** Read the config, the articles and the standard packs; throws only when the config cannot be read. */
export async function loadCatalogue(cwd: string, configFile: string | undefined): Promise<DeskCatalogue> {
  const config = await loadConfig(cwd, configFile);
  const loaded = await loadArticles(config, { cwd, paths: [], drafts: false });
  const byTitle = (a: Article, b: Article): number => a.title.localeCompare(b.title, config.defaults.lang);
  const articles = [
    ...loaded.articles.filter((article) => article.type !== 'exercise').sort(byTitle),
    ...loaded.articles.filter((article) => article.type === 'exercise').sort(byTitle),
  ];
  const drafts = loaded.skipped.map((skipped) => skipped.article);
  const problems = loaded.failed.map((failed) => failed.error.format());
  const packs: DeskPack[] = [];
  for (const file of await findPackFiles(config, cwd)) {
    try {
      const pack = await readStandardPack(file, path.relative(cwd, file) || file, loaded.articles, drafts);
      packs.push({
        name: pack.name,
        title: pack.title,
        slugs: pack.articles.map((article) => article.slug),
        doses: Object.fromEntries(pack.doses),
      });
    } catch (error) {
      const shown = path.relative(cwd, file) || file;
      problems.push(error instanceof LeafletError ? error.format() : `${shown}: could not be read.`);
    }
  }
  return { cwd, config, articles, drafts, packs, problems };
}
