// The desk's other pages: signing in, and what a therapist is told when something is refused or goes wrong. Each says
// what happened and what to do, in plain words, and never repeats what was typed.
import Handlebars from 'handlebars';
import type { DeskCatalogue } from './catalogue.js';
import { DESK_TOKEN_FIELD } from './form.js';
import { deskDocument } from './page.js';

const escapeHtml = Handlebars.escapeExpression;

/** A page that says one thing: a heading, a few words, and a link onwards. */
export function messagePage(
  catalogue: Pick<DeskCatalogue, 'config'>,
  title: string,
  text: string,
  link: { href: string; text: string } = { href: './', text: 'Back to the desk page' },
): string {
  const main =
    `<main class="message"><div class="panel"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>` +
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p></div></main>`;
  return deskDocument(catalogue, title, main);
}

/** Why the sign-in page is shown: nothing special, a session that ended, signing out, or a wrong passphrase. */
export type SignInNotice = 'none' | 'ended' | 'signed-out' | 'wrong' | 'stale';

/** The sign-in page: the passphrase the clinic shares, and the token of this browser's sign-in. */
export function signInPage(
  catalogue: Pick<DeskCatalogue, 'config'>,
  token: string,
  notice: SignInNotice,
  idleMinutes: number,
): string {
  const said: Record<SignInNotice, string> = {
    none: '',
    ended: `<p class="notice" role="status">You were signed out after ${idleMinutes} minutes without use. Sign in again.</p>`,
    'signed-out': '<p class="notice" role="status">You are signed out.</p>',
    wrong:
      '<p class="problem" role="alert">That is not the passphrase. Check it with whoever looks after the desk, ' +
      'and type it again.</p>',
    stale: '<p class="problem" role="alert">That sign-in page was out of date. Type the passphrase again.</p>',
  };
  const main = `<main class="message"><div class="panel">
<h1>Sign in to the desk</h1>
${said[notice]}<p>Type the passphrase the clinic uses for the desk. You stay signed in until you sign out, or for
${idleMinutes} minutes without use.</p>
<form method="post" action="sign-in">
<input type="hidden" name="${DESK_TOKEN_FIELD}" value="${escapeHtml(token)}">
<label>Passphrase <input type="password" name="passphrase" autocomplete="current-password" required></label>
<button type="submit" class="main">Sign in</button>
</form>
</div></main>`;
  return deskDocument(catalogue, 'Sign in', main);
}
