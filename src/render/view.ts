// The data every template receives: the article's front matter and the clinic's details,
// shaped for templates (dates as ISO strings, formatted by the `formatDate` helper).
import Handlebars from 'handlebars';
import type { Article } from '../articles/article.js';
import type { Dose } from '../articles/front-matter.js';
import type { Translation } from '../articles/translations.js';
import { textDirection } from '../config/language-tag.js';
import type { ResolvedConfig } from '../config/schema.js';
import { type DoseItem, doseItems, doseSummary } from './dose.js';
import { joinList, languageName, type Messages } from './messages.js';
import { articlePath, articleUrl } from './site.js';
import { displayUrl } from './templates.js';

/** The article's fields as templates see them. */
export interface ArticleView {
  title: string;
  summary: string | undefined;
  slug: string;
  lang: string;
  /** "rtl" for a language written right to left, else "ltr". */
  dir: 'ltr' | 'rtl';
  tags: string[];
  author: string | undefined;
  reviewer: string | undefined;
  published: string | undefined;
  reviewed: string | undefined;
  nextReview: string | undefined;
  keyPoints: string[];
  sources: { title: string; url: string }[];
  /** The hero image's address in this format, when there is one. */
  image: string | undefined;
  imageAlt: string;
  /** For a draft (built with --drafts): "DRAFT – not for patients", in the article's language. */
  draft: string | undefined;
  /** Set for an exercise: its dose box (the therapist's dose for this patient, or the exercise's own). */
  exercise: { dose: DoseItem[]; doseSummary: string } | undefined;
}

/** The clinic's details as templates see them. */
export interface ClinicView {
  name: string;
  phone: string | undefined;
  email: string | undefined;
  website: string | undefined;
  websiteDisplay: string | undefined;
  address: string | undefined;
  /** The logo's address in this format, when there is one. */
  logo: string | undefined;
  colors: { primary: string; accent: string };
}

/** `dose` overrides the exercise's own default, key by key (a pack's dose for one patient). */
export function articleView(article: Article, image: string | undefined, messages: Messages, dose?: Dose): ArticleView {
  const given = { ...article.dose, ...dose };
  const say = messages.in(article.lang);
  return {
    title: article.title,
    summary: article.summary,
    slug: article.slug,
    lang: article.lang,
    dir: article.dir,
    tags: article.tags,
    author: article.author,
    reviewer: article.reviewer,
    published: article.published,
    reviewed: article.reviewed,
    nextReview: article.nextReview,
    keyPoints: article.keyPoints,
    sources: article.sources,
    image,
    imageAlt: article.imageAlt ?? '',
    draft: article.draft ? say('draft') : undefined,
    exercise:
      article.type === 'exercise'
        ? { dose: doseItems(given, say), doseSummary: doseSummary(given, say, article.lang) }
        : undefined,
  };
}

/** An article's other languages as the templates list them: each named in itself, with its address. */
export interface TranslationView {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The language's name for itself: "Cymraeg". */
  name: string;
  title: string;
  /** Its page, relative to the page that links it (web) or absolute (paper, email). */
  href: string | undefined;
  /** Its address on the clinic's site, as printed: "example.org/ankle-sprain-cy". */
  display: string | undefined;
  /** Its absolute address, when the clinic's website is set. */
  url: string | undefined;
}

export function translationViews(
  article: Article,
  ctx: { config: ResolvedConfig; translations: ReadonlyMap<string, readonly Translation[]> },
  root?: string,
): TranslationView[] {
  return (ctx.translations.get(article.slug) ?? []).map((translation) => {
    const url = articleUrl(ctx.config, translation.slug);
    return {
      lang: translation.lang,
      dir: textDirection(translation.lang),
      name: languageName(translation.lang),
      title: translation.title,
      href: root === undefined ? url : root + articlePath(translation.slug),
      display: url ? displayUrl(url) : undefined,
      url,
    };
  });
}

/** The languages' names, each marked with its language, joined as `lang` writes a list (HTML). */
export function languageList(translations: readonly TranslationView[], lang: string): string {
  return joinList(
    translations.map(
      (translation) =>
        `<span lang="${Handlebars.escapeExpression(translation.lang)}" ` +
        `dir="${translation.dir}">${Handlebars.escapeExpression(translation.name)}</span>`,
    ),
    lang,
  );
}

export function clinicView(config: ResolvedConfig, logo: string | undefined): ClinicView {
  const { clinic } = config;
  return {
    name: clinic.name,
    phone: clinic.phone,
    email: clinic.email,
    website: clinic.website,
    websiteDisplay: clinic.website ? displayUrl(clinic.website) : undefined,
    address: clinic.address,
    logo,
    colors: clinic.colors,
  };
}
