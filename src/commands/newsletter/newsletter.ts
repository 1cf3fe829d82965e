// `leaflet newsletter`: several articles as teasers in one email, written as .html, .txt and a standard .eml message
// that a mailing tool imports or a mail client opens.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { z } from 'zod';
import type { Article, Warning } from '../../articles/article.js';
import { isoDateSchema } from '../../articles/front-matter.js';
import { type LoadedArticles, loadArticles } from '../../articles/load-articles.js';
import { nestingMessage, tooDeeplyNested } from '../../articles/nesting.js';
import { parseMatter } from '../../articles/read-article.js';
import { textDirection } from '../../config/language-tag.js';
import { issueInWords, type ResolvedConfig } from '../../config/schema.js';
import { ArticleError, ConfigError, FrontMatterError, problemsOf, UsageError } from '../../errors.js';
import { inlineCss, stylesheetFor } from '../../formats/email/inline-css.js';
import {
  adaptForEmail,
  type EmailLinks,
  emailChrome,
  emailLinks,
  emailResolver,
  gmailClipWarning,
  toPlainText,
} from '../../formats/email/render.js';
import { emailStep } from '../../formats/email/step.js';
import { leafletStep } from '../../formats/leaflet/step.js';
import { type ReportedError, toReported } from '../../machinery/report.js';
import { writeFileAtomic } from '../../machinery/writer.js';
import { createRenderContext, type RenderContext } from '../../render/context.js';
import { textOfHtml } from '../../render/html-text.js';
import { primaryLanguage } from '../../render/messages.js';
import { articleUrl, leafletPath, siteUrl } from '../../render/site.js';
import { formatDate } from '../../render/templates.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { articleDate, type Selection, selectArticles } from './select.js';

export interface NewsletterOptions extends Selection {
  config: ResolvedConfig;
  cwd: string;
  /** Article paths, folders or globs; empty for every article. */
  paths: string[];
  outDir: string;
  title?: string;
  /** A Markdown file with the newsletter's own words (front matter: title, date, summary). */
  intro?: string;
  /** File name without extension; default `newsletter-<date>`. */
  name?: string;
  /** Recipient written into the .eml. */
  to?: string;
  /** The newsletter's date (YYYY-MM-DD); default the intro's date, or today. */
  date?: string;
}

/** What `leaflet newsletter` did (printed with --json). */
export interface NewsletterResult {
  tool: string;
  version: string;
  name: string;
  title: string;
  date: string;
  files: string[];
  articles: { slug: string; title: string; file: string }[];
  /** Selected articles that could not be read, left out of the newsletter. */
  errors: ReportedError[];
  warnings: Warning[];
  htmlBytes: number;
}

const introSchema = z.object({
  title: z.string().trim().min(1).optional(),
  // As strict as an article's dates: 2026-02-30 is refused here, not turned into "Invalid time value" later.
  date: isoDateSchema.optional(),
  summary: z.string().trim().min(1).optional(),
});

/** Select the articles, fill the newsletter templates and write `<name>.html`, `.txt` and `.eml`. */
export async function buildNewsletter(options: NewsletterOptions): Promise<NewsletterResult> {
  const { config, cwd } = options;
  const shown = (file: string): string => path.relative(cwd, file) || file;
  if (!config.clinic.website)
    throw new ConfigError(
      "a newsletter links to each article on the clinic's website: set clinic.website in the config.",
      configFile(config, shown),
    );
  if (!config.email.from)
    throw new ConfigError(
      'a newsletter needs a sender: set email.from in the config, like "Riverside Physiotherapy <hello@example.org>".',
      configFile(config, shown),
    );

  const intro = options.intro ? await readIntro(path.resolve(cwd, options.intro), options.intro) : undefined;
  const { loaded, articles } = await chooseArticles(options, shown);
  const date = options.date ?? intro?.date ?? new Date().toISOString().slice(0, 10);
  const name = options.name ?? `newsletter-${date}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    throw new UsageError(`--name "${name}": use letters, digits, ".", "_" and "-" only.`);
  const ctx = createRenderContext(config, loaded.articles, { cwd });
  const lang = config.defaults.lang;
  const month = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
  const title =
    options.title ??
    intro?.title ??
    ctx.messages.format(lang, config.clinic.name ? 'newsletter.title' : 'newsletter.titleNoClinic', {
      clinic: config.clinic.name,
      month,
    });

  const html = await renderNewsletter(ctx, articles, intro, { title, date, name });
  const text = toPlainText(html);
  const eml = await composeEml({
    from: config.email.from,
    to: options.to ?? config.email.to,
    subject: title,
    date,
    html,
    text,
  });

  const warnings: Warning[] = [...loaded.warnings];
  const htmlBytes = Buffer.byteLength(html);
  const clipped = gmailClipWarning(`${name}.html`, htmlBytes);
  if (clipped) warnings.push(clipped);

  const dir = path.resolve(cwd, options.outDir, 'newsletter');
  const written: [string, string | Buffer][] = [
    [`${name}.html`, html],
    [`${name}.txt`, text],
    [`${name}.eml`, eml],
  ];
  await Promise.all(written.map(([file, content]) => writeFileAtomic(path.join(dir, file), content)));
  return {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    name,
    title,
    date,
    files: written.map(([file]) => shown(path.join(dir, file))),
    articles: articles.map((article) => ({ slug: article.slug, title: article.title, file: article.shownPath })),
    errors: loaded.failed.flatMap((failed) =>
      problemsOf(failed.error).map((error) => toReported(error, failed.shownPath)),
    ),
    warnings,
    htmlBytes,
  };
}

/** The articles the options pick, in the newsletter's order; an error when none are picked. */
async function chooseArticles(
  options: NewsletterOptions,
  shown: (file: string) => string,
): Promise<{ loaded: LoadedArticles; articles: Article[] }> {
  const { config, cwd } = options;
  const loaded = await loadArticles(config, { cwd, paths: options.paths, drafts: false });
  const order = options.paths.map((entry) => path.resolve(cwd, entry));
  // A newsletter is written in the project's language: chosen by date or tag, it takes the articles in that language,
  // not their translations (articles named on the command line go in whatever their language).
  const language = primaryLanguage(config.defaults.lang);
  const candidates =
    order.length > 0
      ? loaded.articles
      : loaded.articles.filter((article) => primaryLanguage(article.lang) === language);
  const articles = selectArticles(candidates, { ...options, ...(order.length > 0 ? { order } : {}) });
  if (articles.length === 0) {
    const asked = [
      options.tags?.length ? `tag ${options.tags.join(' or ')}` : '',
      options.since ? `since ${options.since}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    throw new ArticleError(
      `no articles to put in the newsletter${asked ? ` (${asked})` : ''}. Check the paths, --tag and ` +
        `--since, or write an article first.`,
      { file: shown(options.paths.length > 0 ? (order[0] ?? cwd) : path.join(cwd, 'articles')) },
    );
  }
  return { loaded, articles };
}

/** The newsletter's HTML, its CSS inlined: the intro, then a teaser of each article. */
async function renderNewsletter(
  ctx: RenderContext,
  articles: Article[],
  intro: Intro | undefined,
  issue: { title: string; date: string; name: string },
): Promise<string> {
  const { config } = ctx;
  const lang = config.defaults.lang;
  const links = emailLinks(ctx, config.email.utm?.campaign ?? issue.name);
  const templates = await ctx.templates.load('newsletter', { partialsOf: emailStep.format });
  const emailTemplates = await ctx.templates.load(emailStep.format);
  // The intro's links and images resolve from its own folder, like an article's.
  const introArticle = intro ? ({ ...articles[0], file: intro.file, body: intro.body } as Article) : undefined;
  const introHtml = introArticle
    ? adaptForEmail(
        ctx.markdown.render(introArticle.body, emailResolver(introArticle, ctx, links), ctx.messages.in(lang)).html,
      )
    : undefined;
  const view = {
    title: issue.title,
    lang,
    dir: textDirection(lang),
    date: formatDate(issue.date, lang),
    preheader:
      intro?.summary ??
      ctx.messages.format(lang, 'newsletter.inThisIssue', {
        titles: articles.map((article) => article.title).join(' · '),
      }),
    intro: introHtml,
    teasers: articles.map((article) => teaser(article, ctx, links)),
    ...emailChrome(ctx, links),
    // The email's stylesheet, then the newsletter's additions: one look for both.
    css: stylesheetFor(`${emailTemplates.file('style.css')}\n${templates.file('style.css')}`, textDirection(lang)),
    generator: ctx.generator,
  };
  return inlineCss(templates.render('layout.hbs', view));
}

/**
 * One article in the newsletter: its title, summary and key points (or first paragraph), and where to read and print
 * it.
 */
function teaser(article: Article, ctx: RenderContext, links: EmailLinks) {
  const resolver = emailResolver(article, ctx, links);
  const body = adaptForEmail(ctx.markdown.render(article.body, resolver).html, resolver.sizes);
  const date = articleDate(article);
  return {
    title: article.title,
    summary: article.summary,
    date: date ? formatDate(date, article.lang) : undefined,
    keyPoints: article.keyPoints,
    // Without key points, the article's first paragraph of text stands in for them.
    firstParagraph: article.keyPoints.length === 0 ? firstParagraph(body) : undefined,
    readMore: links.track(articleUrl(ctx.config, article.slug)),
    leaflet: article.formats.includes(leafletStep.format)
      ? links.track(siteUrl(ctx.config.clinic.website, leafletPath(article.slug)))
      : undefined,
  };
}

/** The first paragraph of rendered HTML that holds text (not just an image). */
export function firstParagraph(html: string): string | undefined {
  for (const match of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const inner = match[1] ?? '';
    if (textOfHtml(inner).trim()) return inner;
  }
  return undefined;
}

/** A standard MIME message: multipart/alternative, text/plain then text/html, UTF-8, quoted-printable where needed. */
export async function composeEml(message: {
  from: string;
  to?: string | undefined;
  subject: string;
  date: string;
  html: string;
  text: string;
}): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    ...(message.to ? { to: message.to } : {}),
    subject: message.subject,
    date: new Date(`${message.date}T08:00:00Z`),
    text: message.text,
    html: message.html,
    textEncoding: 'quoted-printable',
    headers: { 'X-Mailer': `${TOOL_NAME} ${TOOL_VERSION}` },
  });
  return composer.compile().build();
}

interface Intro {
  file: string;
  title?: string;
  date?: string;
  summary?: string;
  body: string;
}

async function readIntro(file: string, shownPath: string): Promise<Intro> {
  const source = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(
      `--intro ${shownPath}: no such file. Give the path of a Markdown file with the newsletter's introduction.`,
      { cause: error },
    );
  });
  const parsed = parseMatter(source, shownPath);
  const result = introSchema.safeParse(parsed.data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const line = issue ? parsed.lineOf(issue.path) : undefined;
    throw new FrontMatterError(
      `"${issue?.path.join('.') ?? 'front matter'}" ${issue ? issueInWords(issue) : 'is not valid'}`,
      { file: shownPath, ...(line ? { line } : {}) },
    );
  }
  // The introduction is Markdown like an article's, refused like one when nested too deep to read.
  const nested = tooDeeplyNested(parsed.content);
  if (nested) {
    const bodyLine = source.slice(0, source.length - parsed.content.length).split('\n').length;
    throw new ArticleError(nestingMessage(nested.depth, "a newsletter's introduction"), {
      file: shownPath,
      line: bodyLine + nested.line - 1,
    });
  }
  return { file, ...stripUndefined(result.data), body: parsed.content };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function configFile(config: ResolvedConfig, shown: (file: string) => string): { file?: string } {
  return config.file ? { file: shown(config.file) } : {};
}
