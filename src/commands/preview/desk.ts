// The desk page of `leaflet preview`: a therapist ticks the articles and exercises for the patient in front of them,
// sets the doses, types the patient's name and a note, and gets the pack as a PDF, without a terminal. What is typed
// goes into that PDF and nowhere else: nothing is logged, cached or written, and the answer is never stored.
import type { Article } from '../../articles/article.js';
import { type Dose, doseSchema } from '../../articles/front-matter.js';
import { loadArticles } from '../../articles/load-articles.js';
import { loadConfig } from '../../config/load-config.js';
import { issueInWords } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { checkNote, makePack } from '../../formats/pack/pack.js';
import type { BrowserPool } from '../../machinery/browser.js';
import { doseItems } from '../../render/dose.js';
import { FALLBACK_LANGUAGE, loadMessages, type Say } from '../../render/messages.js';
import { TOOL_NAME } from '../../version.js';
import { escapeHtml } from './print-preview.js';
import { DESK_PACK_PATH, DESK_TOKEN_FIELD } from './server.js';

const DOSE_FIELDS = [
  ['sets', 'Sets'],
  ['reps', 'Repetitions'],
  ['hold', 'Hold (seconds)'],
  ['per_day', 'Times a day'],
] as const;

/**
 * The desk page: every article and exercise (drafts left out), to tick. Its form carries the preview's `token`, which
 * a page on another site cannot read, and so cannot post.
 */
export async function renderDeskPage(cwd: string, configFile: string | undefined, token: string): Promise<string> {
  const config = await loadConfig(cwd, configFile);
  const { articles } = await loadArticles(config, { cwd, paths: [], drafts: false });
  const advice = articles.filter((article) => article.type !== 'exercise');
  const exercises = articles.filter((article) => article.type === 'exercise');
  // The desk is for the clinic's staff, in English like the rest of the tool's own screens.
  const staff = loadMessages(undefined).in(FALLBACK_LANGUAGE);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Make a pack – ${escapeHtml(config.clinic.name || TOOL_NAME)}</title>
<style>${DESK_CSS}</style>
</head>
<body>
<main>
<h1>Make a pack for a patient</h1>
<p class="hint">Tick the advice and exercises, set the doses, then preview or download one PDF to print. What you type
here goes into that PDF only: it is not saved anywhere.</p>
<form method="post" action="${DESK_PACK_PATH}" id="desk">
  <input type="hidden" name="${DESK_TOKEN_FIELD}" value="${escapeHtml(token)}">
  <fieldset class="who">
    <legend>Who it is for</legend>
    <label>Patient's name (optional) <input name="patient" autocomplete="off"></label>
    <label>Physiotherapist <input name="therapist" autocomplete="off"></label>
    <label>Title <input name="title" placeholder="Advice and exercises from your physiotherapist"></label>
  </fieldset>
  <label class="search">Find <input type="search" id="search" placeholder="heel, neck, stretch…" aria-controls="choices"></label>
  <div id="choices">
    <fieldset><legend>Advice</legend>${advice.map(adviceChoice).join('')}</fieldset>
    <fieldset><legend>Exercises</legend>${exercises.map((exercise) => exerciseChoice(exercise, staff)).join('')}</fieldset>
  </div>
  <label class="note">Notes from your physiotherapist (optional; leave empty for lines to write on)
    <textarea name="note" rows="4"></textarea></label>
  <label class="booklet"><input type="checkbox" name="booklet" value="1"> Print as a booklet (A5, folded)</label>
  <p class="actions">
    <button type="submit" name="action" value="preview" formtarget="_blank">Preview the pack</button>
    <button type="submit" name="action" value="download">Download the PDF</button>
  </p>
</form>
</main>
<script>${DESK_SCRIPT}</script>
</body>
</html>
`;
}

function adviceChoice(article: Article): string {
  return (
    `<div class="choice" data-words="${escapeHtml(words(article))}"><label><input ` +
    `type="checkbox" name="item" value="${article.slug}"> ${escapeHtml(article.title)}</label></div>`
  );
}

function exerciseChoice(article: Article, staff: Say): string {
  const own = doseItems(article.dose, staff)
    .map((item) => `${item.label} ${item.value}`)
    .join(', ');
  const field = ([key, label]: (typeof DOSE_FIELDS)[number]): string => {
    const value = article.dose[key];
    return (
      `<label>${label} <input type="number" min="1" name="dose.${article.slug}.${key}" ` +
      `inputmode="numeric"${value !== undefined ? ` placeholder="${value}"` : ''}></label>`
    );
  };
  const side =
    `<label>Side <select name="dose.${article.slug}.side"><option ` +
    `value="">${article.dose.side ? `as usual (${article.dose.side})` : 'not said'}</option><option>left</option><option>right</option><option>both</option></select></label>`;
  return (
    `<div class="choice exercise" data-words="${escapeHtml(words(article))}"><label><input ` +
    `type="checkbox" name="item" value="${article.slug}"> ${escapeHtml(article.title)}</label>` +
    `<div class="dose" role="group" aria-label="Dose of ${escapeHtml(article.title)}"><span ` +
    `class="usual">Usual: ${escapeHtml(own || 'no dose given')}</span>${DOSE_FIELDS.map(field).join('')}${side}</div></div>`
  );
}

/** What the search box matches: the title, summary and tags. */
function words(article: Article): string {
  return [article.title, article.summary ?? '', ...article.tags].join(' ').toLowerCase();
}

/** The form as posted: the slugs ticked, each exercise's dose, who it is for, the note. */
export interface DeskRequest {
  slugs: string[];
  doses: Map<string, Dose>;
  patient: string | undefined;
  therapist: string | undefined;
  title: string | undefined;
  note: string | undefined;
  booklet: boolean;
  download: boolean;
}

/** Read the posted form; throws a UsageError saying what to fix. */
export function readDeskForm(form: URLSearchParams): DeskRequest {
  const text = (name: string): string | undefined => form.get(name)?.trim() || undefined;
  const slugs = form.getAll('item').filter((slug) => /^[a-z0-9-]+$/.test(slug));
  if (slugs.length === 0) throw new UsageError('tick at least one article or exercise for the pack.');
  const doses = new Map<string, Dose>();
  for (const slug of slugs) {
    const raw: Record<string, string | number> = {};
    for (const key of ['sets', 'reps', 'hold', 'per_day', 'side']) {
      const value = form.get(`dose.${slug}.${key}`)?.trim();
      if (value) raw[key] = key === 'side' ? value : Number(value);
    }
    if (Object.keys(raw).length === 0) continue;
    const parsed = doseSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `the dose of ${slug}: ${issue ? `${issue.path.join('.')} ${issueInWords(issue)}` : 'is not a dose'}.`,
      );
    }
    doses.set(slug, parsed.data);
  }
  const note = text('note');
  checkNote(note, 'the note ("Notes from your physiotherapist")');
  return {
    slugs,
    doses,
    patient: text('patient'),
    therapist: text('therapist'),
    title: text('title'),
    note,
    booklet: form.get('booklet') === '1',
    download: form.get('action') !== 'preview',
  };
}

/** The pack the form asks for, as a PDF and the file name to give it (the date only, never the patient's name). */
export async function makeDeskPack(
  cwd: string,
  configFile: string | undefined,
  request: DeskRequest,
  browser: BrowserPool,
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const config = await loadConfig(cwd, configFile);
  const { articles, skipped } = await loadArticles(config, { cwd, paths: [], drafts: false });
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  const chosen = request.slugs.map((slug) => {
    const article = bySlug.get(slug);
    const draft = article ? undefined : skipped.find((left) => left.article.slug === slug)?.article;
    // Made a draft since the page was loaded: not ready for patients, and said so rather than "gone".
    if (draft)
      throw new UsageError(
        `"${draft.title}" is a draft now (${draft.shownPath} has "draft: true"), not ready for ` +
          `patients: reload the page, and leave it out of the pack.`,
      );
    if (!article) throw new UsageError(`there is no article "${slug}" any more: reload the page.`);
    return article;
  });
  // Advice first, then exercises, each in the order of the page.
  const ordered = [
    ...chosen.filter((article) => article.type !== 'exercise'),
    ...chosen.filter((article) => article.type === 'exercise'),
  ];
  const date = new Date().toISOString().slice(0, 10);
  const doses = new Map([...request.doses].filter(([slug]) => bySlug.get(slug)?.type === 'exercise'));
  const made = await makePack({
    config,
    cwd,
    paths: ordered.map((article) => article.file),
    doses,
    title: request.title,
    patient: request.patient,
    therapist: request.therapist,
    note: request.note,
    date,
    booklet: request.booklet,
    browser,
  });
  return { pdf: made.pdf, fileName: `pack-${date}.pdf` };
}

const DESK_CSS = `
body { margin: 0; background: #f3f6f9; color: #1b2126; font: 17px/1.5 system-ui, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { color: #0b5394; margin-top: 0; }
.hint { color: #3c4650; }
fieldset { border: 1px solid #c5ced6; border-radius: .4rem; background: #fff; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
.who label, .search, .note { display: block; margin: .25rem 0 .75rem; }
input[type=text], input:not([type]), input[type=search], textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .35rem .5rem; }
.choice { padding: .35rem 0; border-top: 1px solid #e3e8ec; }
.choice:first-of-type { border-top: 0; }
.dose { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .35rem 0 .25rem 1.75rem; font-size: .9rem; color: #3c4650; }
.dose input { width: 4.5rem; font: inherit; }
.dose .usual { flex-basis: 100%; }
.choice:not(:has(input[name=item]:checked)) .dose { display: none; }
.actions button { font: inherit; padding: .5rem 1rem; margin-right: .5rem; }
input[type=checkbox] { width: 1.15em; height: 1.15em; vertical-align: -0.15em; }
[hidden] { display: none !important; }
`;

/** The search box hides what does not match; ticked items always stay in view. */
const DESK_SCRIPT = `
const search = document.getElementById('search');
search.addEventListener('input', () => {
  const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
  for (const choice of document.querySelectorAll('.choice')) {
    const ticked = choice.querySelector('input[name=item]').checked;
    choice.hidden = !ticked && !words.every((word) => choice.dataset.words.includes(word));
  }
});
`;
