// The desk page: a therapist with a patient in front of them finds the advice and exercises (by words, or by the area
// of the body or topic), sees each exercise's picture, starts from a standard pack if one fits, sets the doses, types
// the patient's name and a note, and gets the pack as one PDF. The same page is served by `leaflet desk` and by
// `leaflet preview`. Its addresses are relative, so that it works wherever it is served from.
import Handlebars from 'handlebars';
import type { Article } from '../../articles/article.js';
import { doseSummary } from '../../render/dose.js';
import { FALLBACK_LANGUAGE, languageName, loadMessages, primaryLanguage, type Say } from '../../render/messages.js';
import { TOOL_NAME } from '../../version.js';
import type { DeskCatalogue, DeskPack } from './catalogue.js';
import { DESK_TOKEN_FIELD, DOSE_FIELDS } from './form.js';

const escapeHtml = Handlebars.escapeExpression;

/** What the page needs besides the catalogue: the token its forms carry, and whether a therapist signed in. */
export interface DeskPageOptions {
  token: string;
  /** Show "Sign out" (a desk that asks for a passphrase). */
  signOut: boolean;
}

/** The desk page's HTML. */
export function renderDeskPage(catalogue: DeskCatalogue, options: DeskPageOptions): string {
  const advice = catalogue.articles.filter((article) => article.type !== 'exercise');
  const exercises = catalogue.articles.filter((article) => article.type === 'exercise');
  // The desk is for the clinic's staff, in English like the rest of the tool's own screens.
  const staff = loadMessages(undefined).in(FALLBACK_LANGUAGE);
  const body = `<main>
<h1>Make a pack for a patient</h1>
<p class="hint">Tick the advice and exercises, set the doses, then preview or download one PDF to print. What you type
here goes into that PDF only: it is not saved anywhere.</p>
${standardPacks(catalogue.packs)}<form method="post" action="pack" id="desk">
<input type="hidden" name="${DESK_TOKEN_FIELD}" value="${escapeHtml(options.token)}">
<fieldset class="who">
<legend>Who it is for</legend>
<label>Patient's name (optional) <input name="patient" autocomplete="off"></label>
<label>Physiotherapist <input name="therapist" autocomplete="off"></label>
<label>Title <input name="title" autocomplete="off" placeholder="Advice and exercises from your physiotherapist"></label>
</fieldset>
${filters(catalogue.articles)}
<fieldset class="choices advice"><legend>Advice</legend><ul>${advice.map(adviceChoice).join('')}</ul></fieldset>
<fieldset class="choices exercises"><legend>Exercises</legend><ul class="cards">${exercises
    .map((exercise) => exerciseChoice(exercise, staff))
    .join('')}</ul></fieldset>
<label class="note">Notes from your physiotherapist (optional; leave empty for lines to write on)
<textarea name="note" rows="4"></textarea></label>
<label class="booklet"><input type="checkbox" name="booklet" value="1"> Print as a booklet (A5, folded)</label>
<div class="actions">
<p class="status" id="chosen" role="status"></p>
<button type="submit" class="main" name="action" value="preview" formtarget="_blank">Preview the pack</button>
<button type="submit" name="action" value="download">Download the PDF</button>
</div>
</form>
</main>`;
  return deskDocument(catalogue, 'Make a pack', body, options.signOut ? options.token : undefined);
}

/**
 * A page of the desk: its head (the stylesheet and script served beside it), the clinic's bar (logo, name, and
 * "Sign out" when `signOutToken` is given), and `main`.
 */
export function deskDocument(
  catalogue: Pick<DeskCatalogue, 'config'>,
  title: string,
  main: string,
  signOutToken?: string,
): string {
  const clinic = catalogue.config.clinic.name || TOOL_NAME;
  const logo = catalogue.config.logoPath ? '<img class="logo" src="logo" alt="">' : '';
  const signOut =
    signOutToken === undefined
      ? ''
      : `<form method="post" action="sign-out"><input type="hidden" name="${DESK_TOKEN_FIELD}" ` +
        `value="${escapeHtml(signOutToken)}"><button type="submit">Sign out</button></form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(clinic)}</title>
<link rel="stylesheet" href="desk.css">
<script src="desk.js" defer></script>
</head>
<body>
<header class="bar">${logo}<p class="clinic">${escapeHtml(clinic)}</p>${signOut}</header>
${main}
</body>
</html>
`;
}

/** "Start from a standard pack": each pack's items and doses ride on its option, for the script to tick and fill. */
function standardPacks(packs: readonly DeskPack[]): string {
  if (packs.length === 0) return '';
  const options = packs
    .map(
      (pack) =>
        `<option value="${escapeHtml(pack.name)}" data-items="${escapeHtml(pack.slugs.join(' '))}" ` +
        `data-doses="${escapeHtml(JSON.stringify(pack.doses))}">${escapeHtml(pack.title)}</option>`,
    )
    .join('');
  return `<section class="panel" aria-labelledby="start-title">
<h2 id="start-title">Start from a standard pack</h2>
<div class="row"><label>Standard pack <select id="standard"><option value="">Choose a pack…</option>${options}</select></label>
<button type="button" id="start">Tick its items and doses</button></div>
<p class="status" id="started" role="status"></p>
</section>
`;
}

/** The search box and the choice of area or topic (every tag of the articles), with a count of what shows. */
function filters(articles: readonly Article[]): string {
  const tags = [...new Set(articles.flatMap((article) => article.tags))].sort((a, b) => a.localeCompare(b));
  return `<div class="filters" role="search">
<label>Find <input type="search" id="search" placeholder="heel, neck, stretch…"></label>
<label>Area or topic <select id="area"><option value="">Any</option>${tags
    .map((tag) => `<option value="${escapeHtml(tag)}">${escapeHtml(tag)}</option>`)
    .join('')}</select></label>
<p class="status" id="shown" role="status"></p>
</div>`;
}

/** The attributes the filters read: the words to match, and the tags. */
function filterData(article: Article): string {
  const words = [article.title, article.summary ?? '', ...article.tags].join(' ').toLowerCase();
  return `data-words="${escapeHtml(words)}" data-tags="${escapeHtml(article.tags.join('|'))}"`;
}

/** An article's title, and its summary when asked, marked with their language when it is not English (a translation). */
function titleOf(article: Article, summary: boolean): string {
  const english = primaryLanguage(article.lang) === FALLBACK_LANGUAGE;
  const lang = english ? '' : ` lang="${escapeHtml(article.lang)}" dir="${article.dir}"`;
  const language = english ? '' : ` <span class="lang">(${escapeHtml(languageName(article.lang))})</span>`;
  const said = summary && article.summary ? `<span class="summary"${lang}>${escapeHtml(article.summary)}</span>` : '';
  return `<span><span${lang}>${escapeHtml(article.title)}</span>${language}${said}</span>`;
}

function adviceChoice(article: Article): string {
  return (
    `<li class="choice" ${filterData(article)}><label class="pick"><input type="checkbox" name="item" ` +
    `value="${article.slug}">${titleOf(article, true)}</label></li>`
  );
}

function exerciseChoice(article: Article, staff: Say): string {
  const usual = doseSummary(article.dose, staff, FALLBACK_LANGUAGE);
  const picture = article.image ? `<img src="picture/${article.slug}" alt="" loading="lazy">` : '';
  return (
    `<li class="choice card" ${filterData(article)}><label class="pick">${picture}<span class="name"><input ` +
    `type="checkbox" name="item" value="${article.slug}">${titleOf(article, false)}</span></label>` +
    `<p class="usual">Usual: ${escapeHtml(usual || 'no dose given')}</p>${doseFields(article)}</li>`
  );
}

/** The boxes for this patient's dose, shown once the exercise is ticked; an empty box keeps the usual. */
function doseFields(article: Article): string {
  const field = ([key, label]: (typeof DOSE_FIELDS)[number]): string => {
    const usual = article.dose[key];
    return (
      `<label>${label} <input type="number" min="1" name="dose.${article.slug}.${key}" inputmode="numeric"` +
      `${usual !== undefined ? ` placeholder="${usual}"` : ''}></label>`
    );
  };
  const side =
    `<label class="side">Side <select name="dose.${article.slug}.side"><option value="">` +
    `${article.dose.side ? `as usual (${article.dose.side})` : 'not said'}</option><option>left</option>` +
    '<option>right</option><option>both</option></select></label>';
  return (
    '<fieldset class="dose"><legend>Dose for this patient</legend><p>An empty box keeps the usual.</p>' +
    `<div class="fields">${DOSE_FIELDS.map(field).join('')}${side}</div></fieldset>`
  );
}
