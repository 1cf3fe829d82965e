// A pack as the desk's form asks for it, printed by the desk's browser. The patient's name and the note go into the
// PDF and nowhere else: the file name carries the date only, and nothing is written or logged.
import type { Article } from '../../articles/article.js';
import { UsageError } from '../../errors.js';
import { makePack } from '../../formats/pack/pack.js';
import type { BrowserPool } from '../../machinery/browser.js';
import type { DeskCatalogue } from './catalogue.js';
import type { DeskRequest } from './form.js';

/** A pack made at the desk: its PDF, the name to save it under, and what went into it (slugs and page count only). */
export interface DeskPackMade {
  pdf: Uint8Array;
  fileName: string;
  slugs: string[];
}

/** The pack the form asks for, from the articles the desk offers; throws a UsageError saying what to fix. */
export async function makeDeskPack(
  catalogue: DeskCatalogue,
  request: DeskRequest,
  browser: BrowserPool,
): Promise<DeskPackMade> {
  const chosen = request.slugs.map((slug) => offered(catalogue, slug));
  // Advice first, then exercises, each in the order of the page.
  const ordered = [
    ...chosen.filter((article) => article.type !== 'exercise'),
    ...chosen.filter((article) => article.type === 'exercise'),
  ];
  const exercises = new Set(ordered.filter((article) => article.type === 'exercise').map((article) => article.slug));
  const date = new Date().toISOString().slice(0, 10);
  const made = await makePack({
    config: catalogue.config,
    cwd: catalogue.cwd,
    paths: ordered.map((article) => article.file),
    articles: ordered,
    doses: new Map([...request.doses].filter(([slug]) => exercises.has(slug))),
    title: request.title,
    patient: request.patient,
    therapist: request.therapist,
    note: request.note,
    date,
    booklet: request.booklet,
    browser,
  });
  return { pdf: made.pdf, fileName: `pack-${date}.pdf`, slugs: ordered.map((article) => article.slug) };
}

/** The article the desk offers as `slug`; one made a draft or taken away since the page was loaded is said so. */
function offered(catalogue: DeskCatalogue, slug: string): Article {
  const article = catalogue.articles.find((candidate) => candidate.slug === slug);
  if (article) return article;
  const draft = catalogue.drafts.find((candidate) => candidate.slug === slug);
  // Made a draft since the page was loaded: not ready for patients, and said so rather than "gone".
  if (draft)
    throw new UsageError(
      `"${draft.title}" is a draft now (${draft.shownPath} has "draft: true"), not ready for ` +
        `patients: reload the page, and leave it out of the pack.`,
    );
  throw new UsageError(`there is no article "${slug}" any more: reload the page.`);
}
