// A pack's HTML: several articles and exercises for one patient as one print document (so that Chromium numbers its
// pages "Page N of M" through the whole and makes one outline), with a cover, the therapist's doses and notes, and
// the clinic's contacts once at the end.
import type { Article } from '../../articles/article.js';
import type { Dose } from '../../articles/front-matter.js';
import { textDirection } from '../../config/language-tag.js';
import { PAPER } from '../../config/paper.js';
import type { PageSize } from '../../config/schema.js';
import { brandColors } from '../../render/colors.js';
import type { RenderContext } from '../../render/context.js';
import { createLinkResolver } from '../../render/links.js';
import type { LinkResolver } from '../../render/markdown.js';
import { articleView, clinicView } from '../../render/view.js';
import { documentDate, type LeafletDocument, packTemplates, printPolicy } from '../leaflet/render.js';

/** What a pack holds and who it is for. Nothing here is kept anywhere but the PDF. */
export interface PackContent {
  title: string;
  /** The articles and exercises, in the order they are printed. */
  articles: readonly Article[];
  /** The therapist's dose for an exercise, by slug, laid over the exercise's own. */
  doses: ReadonlyMap<string, Dose>;
  /** The day the pack is made (YYYY-MM-DD); a standard pack, printed for any day, has none. */
  date?: string | undefined;
  patient?: string | undefined;
  therapist?: string | undefined;
  /** Markdown: the therapist's note, printed in the notes box (ruled lines when there is none). */
  note?: string | undefined;
  /** Markdown: a few words on the cover, such as a standard pack's introduction. */
  intro?: string | undefined;
  /** The page size, when not the config's (a booklet is printed on A5). */
  size?: PageSize | undefined;
  /** The most pages it should take: tighter layouts are tried to keep within it, as for a leaflet. */
  pages?: number | undefined;
}

/** Text a therapist types at the desk: its links kept, its pictures left out (a note loads nothing). */
const TYPED_TEXT: LinkResolver = { image: () => '', link: (href) => href };

/** Fill the pack templates. The page size is the config's leaflet size. */
export async function renderPack(pack: PackContent, ctx: RenderContext): Promise<LeafletDocument> {
  const [templates, leaflet] = await packTemplates(ctx);
  const { config } = ctx;
  const inputs = new Set<string>(config.logoPath ? [config.logoPath] : []);
  const items = pack.articles.map((article) => {
    if (article.image) inputs.add(article.image);
    const { html } = ctx.markdown.render(
      article.body,
      createLinkResolver(article, printPolicy(ctx, inputs), ctx.slugsByFile),
      ctx.messages.in(article.lang),
    );
    return {
      article: articleView(
        article,
        article.image ? ctx.images.dataUri(article.image) : undefined,
        ctx.messages,
        pack.doses.get(article.slug),
      ),
      body: html,
    };
  });
  const size = pack.size ?? config.leaflet.size;
  const margin = PAPER[size].margin;
  const lang = packLanguage(pack.articles, config.defaults.lang);
  const view = {
    title: pack.title,
    lang,
    dir: textDirection(lang),
    date: pack.date,
    patient: pack.patient,
    therapist: pack.therapist,
    intro: pack.intro ? ctx.markdown.render(pack.intro, TYPED_TEXT).html : undefined,
    note: pack.note ? ctx.markdown.render(pack.note, TYPED_TEXT).html : undefined,
    noteLines: Array.from({ length: Math.max(config.leaflet.notesLines, 6) }, (_, index) => index + 1),
    items,
    clinic: clinicView(config, config.logoPath ? ctx.images.dataUri(config.logoPath) : undefined),
    colors: brandColors(config.clinic.colors),
    css: `${leaflet.file('style.css')}\n${templates.file('style.css')}`,
    size,
    margin,
    online: undefined,
    translations: [],
    translationNames: '',
    // The closing block names no article's authors or dates in a pack: each article has its own beneath it.
    article: { author: undefined, reviewer: undefined, reviewed: undefined, nextReview: undefined, lang },
    disclaimer: config.leaflet.disclaimer ?? ctx.messages.format(lang, 'disclaimer'),
    generator: ctx.generator,
  };
  return {
    html: templates.render('layout.hbs', view),
    footerHtml: templates.render('footer.hbs', view),
    inputs: [...inputs].sort(),
    // Laid out and counted before printing, like a leaflet: tightened when over its budget, or when that saves a page.
    fit: { budget: pack.pages },
    variant: 'standard',
    size,
    margin,
    metadata: {
      title: pack.title,
      author: pack.therapist ?? (config.clinic.name || undefined),
      subject: pack.articles.map((article) => article.title).join('; '),
      keywords: [...new Set(pack.articles.flatMap((article) => article.tags))],
      lang,
      creator: ctx.generator,
      // A patient's pack is dated the day it is made; a standard pack, the day its newest article was reviewed.
      date: documentDate(
        ctx,
        pack.date ?? newest(pack.articles.map((article) => article.reviewed ?? article.published)),
      ),
    },
  };
}

/** The latest of some dates (YYYY-MM-DD), or undefined when there are none. */
function newest(days: (string | undefined)[]): string | undefined {
  return days
    .filter((day): day is string => Boolean(day))
    .sort()
    .at(-1);
}

/**
 * The language of a pack's own words (its cover, notes and footer): its articles' language when they share one, the
 * project's otherwise.
 */
export function packLanguage(articles: readonly Article[], projectLang: string): string {
  const langs = new Set(articles.map((article) => article.lang));
  const [only] = langs;
  return langs.size === 1 && only ? only : projectLang;
}
