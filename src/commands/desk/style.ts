// The desk page's stylesheet and script, served as files of their own (the desk's pages allow no inline script or
// style). The stylesheet takes the clinic's colours; the script filters the list, counts what is ticked, and starts
// the form from a standard pack. Without the script the form still works: everything is listed, and posts as typed.
import { type BrandColors, PANEL_BACKGROUND } from '../../render/colors.js';

/** The stylesheet, in the clinic's colours (the primary darkened where white text is set on it, to stay readable). */
export function deskStylesheet(colors: BrandColors): string {
  return `:root { --primary: ${colors.primaryText}; --brand: ${colors.primary}; --accent: ${colors.accent}; --panel: ${PANEL_BACKGROUND}; }
${DESK_CSS}`;
}

const DESK_CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: var(--panel); color: #1b2126; font: 17px/1.5 system-ui, sans-serif; }
.bar { display: flex; align-items: center; gap: .75rem 1rem; flex-wrap: wrap; padding: .6rem 1.25rem; background: #fff;
  border-bottom: 4px solid var(--accent); }
.bar .logo { height: 2.75rem; width: auto; }
.bar .clinic { margin: 0; font-weight: 700; color: var(--primary); flex: 1 1 auto; }
.bar form { margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 1.25rem 1.25rem 0; }
h1 { color: var(--primary); margin: 0 0 .25rem; font-size: 1.75rem; line-height: 1.2; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.hint { color: #3c4650; margin-top: 0; }
.panel, fieldset { border: 1px solid #c5ced6; border-radius: .5rem; background: #fff; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; font-size: 1.15rem; }
label { cursor: pointer; }
input, select, textarea, button { font: inherit; color: inherit; }
input:not([type=checkbox]), select, textarea { min-height: 2.75rem; padding: .4rem .6rem; border: 1px solid #6b7781;
  border-radius: .3rem; background: #fff; }
textarea { width: 100%; }
button { min-height: 2.75rem; padding: .45rem 1.1rem; border-radius: .3rem; border: 2px solid var(--primary);
  background: #fff; color: var(--primary); font-weight: 600; cursor: pointer; }
button.main { background: var(--primary); color: #fff; }
:focus-visible { outline: 3px solid #1b2126; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
.row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.row > label { display: flex; flex-direction: column; flex: 1 1 14rem; }
.who { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .5rem 1rem; }
.who legend { grid-column: 1 / -1; }
.who label { display: flex; flex-direction: column; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: 0 0 1rem; }
.filters label { display: flex; flex-direction: column; flex: 1 1 14rem; }
.status { margin: .25rem 0; color: #3c4650; flex-basis: 100%; min-height: 1.5em; }
.choices ul { list-style: none; margin: 0; padding: 0; }
.advice li { border-top: 1px solid #e3e8ec; }
.advice li:first-child { border-top: 0; }
.advice .pick { display: flex; gap: .75rem; align-items: baseline; min-height: 2.75rem; padding: .55rem 0; }
.summary { display: block; color: #3c4650; font-size: .95rem; font-weight: 400; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(13.5rem, 1fr)); gap: .75rem; align-items: start; }
.card { display: flex; flex-direction: column; border: 1px solid #c5ced6; border-radius: .5rem; overflow: hidden; background: #fff; }
.card:has(input[name=item]:checked) { border-color: var(--brand); box-shadow: 0 0 0 2px var(--brand); }
.card .pick { display: block; }
.card img { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: contain; background: #fff; padding: .5rem;
  border-bottom: 1px solid #e3e8ec; }
.card .name { display: flex; gap: .6rem; align-items: baseline; padding: .6rem .75rem 0; font-weight: 600; }
.card .usual { margin: .25rem .75rem .6rem 2.7rem; color: #3c4650; font-size: .9rem; }
.dose { display: none; margin: 0; padding: .6rem .75rem .75rem; border: 0; border-top: 1px solid #e3e8ec;
  border-radius: 0; background: var(--panel); font-size: .9rem; }
.card:has(input[name=item]:checked) .dose { display: block; }
.dose legend { padding: 0; font-size: .95rem; }
.dose p { margin: 0 0 .4rem; color: #3c4650; }
.dose .fields { display: grid; grid-template-columns: 1fr 1fr; gap: .4rem .6rem; align-items: end; }
.dose label { display: flex; flex-direction: column; }
.dose .side { grid-column: 1 / -1; }
.dose input, .dose select { width: 100%; }
input[type=checkbox] { width: 1.35rem; height: 1.35rem; margin: 0; flex: none; accent-color: var(--primary); }
.lang { font-weight: 400; font-size: .85rem; color: #3c4650; white-space: nowrap; }
.note { display: block; margin: 0 0 1rem; }
.booklet { display: flex; gap: .75rem; align-items: center; min-height: 2.75rem; margin: 0 0 1rem; }
.actions { position: sticky; bottom: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  margin: 0 -1.25rem; padding: .75rem 1.25rem; background: #fff; border-top: 1px solid #c5ced6; }
.actions .status { flex: 1 1 12rem; flex-basis: auto; margin: 0; }
.message { max-width: 36rem; margin: 2rem auto; }
.message .panel { padding: 1.25rem 1.5rem; }
.message form { display: flex; flex-direction: column; gap: 1rem; align-items: flex-start; }
.message form label { display: flex; flex-direction: column; width: 100%; }
.message input { width: 100%; }
.notice { border-left: 4px solid var(--brand); padding: .4rem .75rem; background: var(--panel); }
.problem { border-left: 4px solid #8a1c1c; padding: .4rem .75rem; background: #fff4f4; }
[hidden] { display: none !important; }
@media (max-width: 40rem) { body { font-size: 16px; } .cards { grid-template-columns: 1fr 1fr; } .card .usual { margin-left: .75rem; } }
`;

/** The desk page's script: filters, the count of what is ticked, and "start from a standard pack". */
export const DESK_SCRIPT = `'use strict';
const form = document.getElementById('desk');
const search = document.getElementById('search');
const area = document.getElementById('area');
const shown = document.getElementById('shown');
const chosen = document.getElementById('chosen');
const choices = Array.from(document.querySelectorAll('.choice'));
const box = (choice) => choice.querySelector('input[name=item]');
const plural = (count, one, many) => count + ' ' + (count === 1 ? one : many);

/** Hide what matches neither the words typed nor the area chosen; what is ticked always stays in view. */
function filter() {
  const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
  const tag = area.value;
  let count = 0;
  for (const choice of choices) {
    const matches = words.every((word) => choice.dataset.words.includes(word)) &&
      (tag === '' || choice.dataset.tags.split('|').includes(tag));
    choice.hidden = !matches && !box(choice).checked;
    if (!choice.hidden) count += 1;
  }
  for (const group of document.querySelectorAll('.choices')) {
    group.hidden = group.querySelector('.choice:not([hidden])') === null;
  }
  shown.textContent = count === choices.length
    ? 'Showing all ' + count + '.'
    : 'Showing ' + count + ' of ' + choices.length + ' (ticked ones always stay).';
}

function countTicked() {
  const count = choices.filter((choice) => box(choice).checked).length;
  chosen.textContent = count === 0 ? 'Nothing ticked yet.' : plural(count, 'item', 'items') + ' in the pack.';
}

/** Tick the items of the standard pack chosen, with its doses, and nothing else. */
function startFromPack(option, said) {
  const items = option.dataset.items.split(' ');
  const doses = JSON.parse(option.dataset.doses);
  for (const choice of choices) box(choice).checked = items.includes(box(choice).value);
  for (const field of form.querySelectorAll('[name^="dose."]')) {
    const [, slug, key] = field.name.split('.');
    const value = doses[slug] === undefined ? undefined : doses[slug][key];
    field.value = value === undefined ? '' : String(value);
  }
  form.elements.namedItem('title').value = option.textContent;
  search.value = '';
  area.value = '';
  filter();
  countTicked();
  said.textContent = 'Ticked the ' + plural(items.length, 'item', 'items') + ' of “' + option.textContent +
    '”, with its doses. Change what this patient needs.';
}

search.addEventListener('input', filter);
area.addEventListener('change', filter);
form.addEventListener('change', (event) => {
  if (event.target.name === 'item') countTicked();
});
const standard = document.getElementById('standard');
const start = document.getElementById('start');
if (standard && start) {
  const said = document.getElementById('started');
  start.addEventListener('click', () => {
    const option = standard.selectedOptions[0];
    if (!option || option.value === '') {
      said.textContent = 'Choose a standard pack first.';
      standard.focus();
      return;
    }
    startFromPack(option, said);
  });
}
filter();
countTicked();
`;
