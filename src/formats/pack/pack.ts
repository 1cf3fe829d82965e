// `leaflet pack`: several articles and exercises for one patient, printed as one PDF. The patient's name and the
// therapist's note go into that PDF and nowhere else: not the cache, not a report, not a log, not a file name.
import path from 'node:path';
import type { Article } from '../../articles/article.js';
import { type Dose, doseSchema } from '../../articles/front-matter.js';
import { loadArticles } from '../../articles/load-articles.js';
import { nestingMessage, tooDeeplyNested } from '../../articles/nesting.js';
import { issueInWords, type ResolvedConfig } from '../../config/schema.js';
import { ArticleError, UsageError } from '../../errors.js';
import type { BrowserPool } from '../../machinery/browser.js';
import { createRenderContext } from '../../render/context.js';
import { printDocument, printPages } from '../leaflet/print-document.js';
import { renderNotesPage } from '../leaflet/render.js';
import { packLanguage, renderPack } from './render.js';

/** A pack to make. */
export interface PackOptions {
  config: ResolvedConfig;
  cwd: string;
  /** Article and exercise files, folders or globs, in the order they are printed. */
  paths: readonly string[];
  /**
   * The articles of `paths`, already read and in order (the desk's, read when their files change): printed as they
   * are, instead of being read again.
   */
  articles?: readonly Article[] | undefined;
  /** The therapist's doses by exercise slug. */
  doses?: ReadonlyMap<string, Dose>;
  title?: string | undefined;
  patient?: string | undefined;
  therapist?: string | undefined;
  /** Markdown for the notes box. */
  note?: string | undefined;
  /** Markdown for the cover. */
  intro?: string | undefined;
  /** YYYY-MM-DD; default today. */
  date?: string | undefined;
  /** Fail on a template variable that is not there (LEAFLET_STRICT_TEMPLATES=1). */
  /** SOURCE_DATE_EPOCH: the date the PDF carries, for reproducible builds. */
  sourceDate?: Date | undefined;
  strictTemplates?: boolean;
  /** Print A5 pages imposed two-up on A4 landscape sheets, to fold into a booklet. */
  booklet?: boolean | undefined;
  /** The most pages it should take: tighter layouts are tried to keep within it (A5 pages for a booklet). */
  pages?: number | undefined;
  browser: BrowserPool;
}

/** The PDF, and what went into it (nothing about the patient). */
export interface MadePack {
  pdf: Uint8Array;
  title: string;
  /** The pages printed (a booklet's A5 pages, before the notes pages that pad it). */
  pages: number | undefined;
  articles: { slug: string; title: string; file: string; type: Article['type'] }[];
}

/** Read the articles, fill the pack templates and print them as one PDF. */
export async function makePack(options: PackOptions): Promise<MadePack> {
  const { config, cwd } = options;
  const articles = await packArticles(options);
  const doses = options.doses ?? new Map<string, Dose>();
  for (const slug of doses.keys()) {
    const article = articles.find((candidate) => candidate.slug === slug);
    if (!article)
      throw new UsageError(
        `--exercise ${slug}: no exercise "${slug}" is in this pack. Add its file to the pack, or check the name.`,
      );
    if (article.type !== 'exercise')
      throw new UsageError(
        `--exercise ${slug}: ${article.shownPath} is not an exercise (it has no "type: exercise"), so it has no dose.`,
      );
  }
  const ctx = createRenderContext(config, articles, {
    cwd,
    strictTemplates: options.strictTemplates ?? false,
    sourceDate: options.sourceDate,
  });
  const lang = packLanguage(articles, config.defaults.lang);
  const title = options.title ?? ctx.messages.format(lang, 'pack.title');
  const size = options.booklet ? 'A5' : undefined;
  const doc = await renderPack(
    {
      title,
      articles,
      doses,
      date: options.date ?? new Date().toISOString().slice(0, 10),
      patient: options.patient,
      therapist: options.therapist,
      note: options.note,
      intro: options.intro,
      size,
      pages: options.pages,
    },
    ctx,
  );
  const scope = { root: config.root, timeout: config.leaflet.timeout };
  const notes = async (): Promise<Uint8Array> =>
    (await printPages(await renderNotesPage(ctx, 'A5', title, lang), { browser: options.browser, scope })).bytes;
  const printed = await printDocument(doc, {
    browser: options.browser,
    scope,
    ...(options.booklet ? { booklet: notes } : {}),
  });
  return {
    pdf: printed.bytes,
    title,
    pages: printed.pages,
    articles: articles.map((article) => ({
      slug: article.slug,
      title: article.title,
      file: article.shownPath,
      type: article.type,
    })),
  };
}

/** The articles named, in the order named; any that cannot be read stops the pack, saying why. */
async function packArticles(options: PackOptions): Promise<Article[]> {
  const { config, cwd } = options;
  if (options.articles && options.articles.length > 0) return [...options.articles];
  if (options.paths.length === 0)
    throw new UsageError(
      'name the articles and exercises to put in the pack, like: leaflet pack ' +
        'articles/plantar-fasciitis.md exercises/calf-stretch.md',
    );
  const loaded = await loadArticles(config, { cwd, paths: [...options.paths], drafts: false });
  const failed = loaded.failed[0];
  if (failed) throw failed.error;
  const order = options.paths.map((entry) => path.resolve(cwd, entry));
  // A draft named on its own is not left out without a word: it is not ready for patients.
  const draft = loaded.skipped.find((skipped) => order.includes(skipped.article.file));
  if (draft)
    throw new UsageError(
      `${draft.article.shownPath} is a draft ("draft: true"), not ready for patients: finish it and ` +
        `take "draft: true" out, or leave it out of the pack.`,
    );
  const rank = (article: Article): number => {
    const at = order.findIndex((entry) => article.file === entry || article.file.startsWith(entry + path.sep));
    return at < 0 ? order.length : at;
  };
  const articles = [...loaded.articles].sort((a, b) => rank(a) - rank(b));
  if (articles.length === 0) {
    throw new ArticleError('nothing to put in the pack: the paths name no articles, or only drafts. Check the paths.', {
      file: options.paths[0] ?? cwd,
    });
  }
  return articles;
}

/**
 * Refuse a therapist's note (Markdown) nested too deep to read, before it reaches the renderer: a UsageError that names
 * `source` (the flag or the desk's field) and never repeats the note.
 */
export function checkNote(note: string | undefined, source: string): void {
  const nested = note === undefined ? undefined : tooDeeplyNested(note);
  if (nested)
    throw new UsageError(`${source}: ${nestingMessage(nested.depth, 'a note', `(line ${nested.line} of the note)`)}`);
}

/**
 * One `--exercise` value: `heel-raises:sets=3,reps=10,per_day=2` (also `hold=30`, `side=left`). Throws a UsageError
 * saying what is wrong.
 */
export function parseExerciseDose(value: string): { slug: string; dose: Dose } {
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*):(.+)$/.exec(value.trim());
  if (!match)
    throw new UsageError(
      `--exercise "${value}": write the exercise's name, a colon, then its dose, like ` +
        `heel-raises:sets=3,reps=10,per_day=2`,
    );
  const [, slug = '', spec = ''] = match;
  const raw: Record<string, string | number> = {};
  for (const part of spec.split(',')) {
    const [key = '', setting, ...rest] = part.split('=').map((word) => word.trim());
    if (!key || setting === undefined || rest.length > 0)
      throw new UsageError(`--exercise "${value}": "${part}" should be a key and a value, like reps=10`);
    raw[key] = /^\d+(\.\d+)?$/.test(setting) ? Number(setting) : setting;
  }
  const parsed = doseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')} ` : '';
    throw new UsageError(`--exercise "${value}": ${where}${issue ? issueInWords(issue) : 'is not a dose'}.`);
  }
  return { slug, dose: parsed.data };
}
