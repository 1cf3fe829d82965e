// The desk's web server: the desk page alone, for therapists on this computer or, with a passphrase, on the clinic's
// network. A browser signs in once (a session in an HttpOnly, SameSite=Strict cookie, ended after an idle time), every
// form carries its session's token and must come from the desk's own origin, bodies are limited in size, and packs
// share one browser through a queue. Nothing typed is kept or logged: the access log names addresses and articles.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LeafletError } from '../../errors.js';
import { closeServer, listen } from '../command.js';
import type { AccessLog } from './access-log.js';
import { deskAsset } from './assets.js';
import type { DeskCatalogue } from './catalogue.js';
import { DESK_TOKEN_FIELD, type DeskRequest, readDeskForm } from './form.js';
import {
  addressedToDesk,
  cameOverHttps,
  clientAddress,
  cookie,
  fromOwnPage,
  type Reach,
  readForm,
  redirect,
  sendPage,
} from './http.js';
import type { DeskPackMade } from './make.js';
import { PackQueue, type PackQueueOptions } from './pack-queue.js';
import { renderDeskPage } from './page.js';
import { messagePage, type SignInNotice, signInPage } from './pages.js';
import type { PassphraseGate } from './passphrase.js';
import { type Found, type Session, Sessions, sameToken } from './sessions.js';
import { SignInLimit } from './sign-in-limit.js';

export interface DeskServerOptions {
  host: string;
  port: number;
  /** What the desk offers now (reloaded when the project changes). */
  catalogue(): DeskCatalogue;
  /** Print the pack a form asks for; throws a UsageError saying what to fix. */
  makePack(request: DeskRequest, catalogue: DeskCatalogue): Promise<DeskPackMade>;
  /** The passphrase to sign in with; undefined when the desk serves this computer alone and asks for none. */
  gate: PassphraseGate | undefined;
  reach: Reach;
  idleMinutes: number;
  signInsPerMinute: number;
  queue: PackQueueOptions;
  log: AccessLog;
}

export interface DeskServer {
  /** The address to open on this computer. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One running desk: its options, sessions, count of failed sign-ins, and queue of packs. */
interface Desk {
  options: DeskServerOptions;
  sessions: Sessions;
  limit: SignInLimit;
  queue: PackQueue;
}

/** The largest forms: signing in or out is a token and a passphrase; a pack, a long note and every dose. */
const MAX_SIGN_IN_BYTES = 4_096;
const MAX_PACK_BYTES = 1_000_000;

/** What a form not posted from the desk's own page is told (it never repeats what the form held). */
const NOT_FROM_THE_DESK =
  "Nothing was done: the desk acts only on its own page's forms. Open the desk page, fill in its form there, and " +
  'press its button.';

/** Start the desk's server; rejects when the port cannot be listened on. */
export async function startDesk(options: DeskServerOptions): Promise<DeskServer> {
  const desk: Desk = {
    options,
    sessions: new Sessions(options.idleMinutes * 60_000),
    limit: new SignInLimit(options.signInsPerMinute),
    queue: new PackQueue(options.queue),
  };
  const server = createServer((req, res) => {
    handle(desk, req, res).catch(() => {
      // What failed is nobody's to fix at the desk, and its words (a library's, a stack) would not help: a plain page.
      if (res.headersSent) res.end();
      else sendPage(res, 500, somethingWentWrong(desk));
    });
  });
  const { port, url } = await listen(server, options.port, options.host);
  return { url, port, close: () => closeServer(server) };
}

/** Answer one request. */
async function handle(desk: Desk, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const catalogue = desk.options.catalogue();
  if (!addressedToDesk(req, desk.options.reach)) {
    desk.options.log.note(clientAddress(req, desk.options.reach), `refused: addressed as "${hostShown(req)}"`);
    sendPage(
      res,
      403,
      messagePage(
        catalogue,
        'Not this address',
        "The desk answers only at its own addresses: this computer's number on the network (like " +
          'http://192.168.1.20:4174/), localhost, or the address set as desk.publicOrigin in the config.',
      ),
    );
    return;
  }
  const url = new URL(req.url ?? '/', 'http://desk');
  if (req.method === 'GET' || req.method === 'HEAD') return serveGet(desk, req, res, url);
  if (req.method === 'POST') return servePost(desk, req, res, url.pathname);
  res.setHeader('allow', 'GET, HEAD, POST');
  sendPage(res, 405, messagePage(catalogue, 'Not allowed', 'The desk only shows its pages and takes its own forms.'));
}

/** The Host header as shown in the log: a name of at most 100 plain characters. */
function hostShown(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/[^\w.:[\]-]/g, '?').slice(0, 100);
}

/** The desk page, the sign-in page, and the files they load. */
async function serveGet(desk: Desk, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const catalogue = desk.options.catalogue();
  if (url.pathname === '/') return showDesk(desk, req, res);
  if (url.pathname === '/sign-in') return showSignIn(desk, req, res, url);
  // The forms' addresses, opened in the browser's address bar: the desk page, where the forms are.
  if (url.pathname === '/pack' || url.pathname === '/sign-out') return redirect(res, './');
  const name = url.pathname.slice(1);
  // The pictures are for those signed in; the page's own files and the logo, for the sign-in page too.
  const found = name.startsWith('picture/') ? findSession(desk, req) : undefined;
  const allowed = !found || (found.state === 'active' && found.session.signedIn);
  const asset = allowed ? await deskAsset(catalogue, name) : undefined;
  if (!asset) {
    sendPage(res, 404, messagePage(catalogue, 'Not found', 'There is nothing at this address.'));
    return;
  }
  res.writeHead(200, { 'content-type': asset.type, 'x-content-type-options': 'nosniff', ...asset.headers });
  res.end(asset.body);
}

/** The desk page for a browser signed in (on this computer alone, every browser is); others go to sign in. */
function showDesk(desk: Desk, req: IncomingMessage, res: ServerResponse): void {
  const found = findSession(desk, req);
  if (found.state === 'active' && found.session.signedIn) {
    sendPage(res, 200, deskPage(desk, found.session));
    return;
  }
  if (!desk.options.gate) {
    const session = desk.sessions.open(true);
    sendPage(res, 200, deskPage(desk, session), { 'set-cookie': sessionCookie(req, desk, session) });
    return;
  }
  if (found.state === 'ended') desk.options.log.note(clientAddress(req, desk.options.reach), 'signed out (idle)');
  redirect(res, found.state === 'ended' ? 'sign-in?ended' : 'sign-in');
}

function deskPage(desk: Desk, session: Session): string {
  return renderDeskPage(desk.options.catalogue(), { token: session.token, signOut: desk.options.gate !== undefined });
}

/** The sign-in page, with a session of its own for its token; a browser signed in goes to the desk page. */
function showSignIn(desk: Desk, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const found = findSession(desk, req);
  if (!desk.options.gate || (found.state === 'active' && found.session.signedIn)) {
    redirect(res, './');
    return;
  }
  const notice: SignInNotice = url.searchParams.has('ended')
    ? 'ended'
    : url.searchParams.has('out')
      ? 'signed-out'
      : 'none';
  const session = found.state === 'active' ? found.session : desk.sessions.open(false);
  sendPage(res, 200, signInPage(desk.options.catalogue(), session.token, notice, desk.options.idleMinutes), {
    'set-cookie': sessionCookie(req, desk, session),
  });
}

/** The forms: signing in and out, and a pack. */
async function servePost(desk: Desk, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const catalogue = desk.options.catalogue();
  const address = clientAddress(req, desk.options.reach);
  const known = pathname === '/pack' || (desk.options.gate && (pathname === '/sign-in' || pathname === '/sign-out'));
  if (!known) {
    sendPage(res, 404, messagePage(catalogue, 'Not found', 'There is nothing at this address.'));
    return;
  }
  // Any page on any site a therapist's browser opens can post a form here: only the desk's own pages may.
  if (!fromOwnPage(req, desk.options.reach)) {
    desk.options.log.note(address, `refused: a form from another site (${pathname})`);
    sendPage(res, 403, messagePage(catalogue, 'Use the desk page', NOT_FROM_THE_DESK));
    return;
  }
  const form = await readForm(req, pathname === '/pack' ? MAX_PACK_BYTES : MAX_SIGN_IN_BYTES);
  if (!form) {
    desk.options.log.note(address, `refused: a form too large (${pathname})`);
    sendPage(res, 413, messagePage(catalogue, 'Too much text', 'The form is too large: shorten the note.'), {
      connection: 'close',
    });
    return;
  }
  if (pathname === '/sign-in') return signIn(desk, req, res, form);
  if (pathname === '/sign-out') return signOut(desk, req, res, form);
  return sendPack(desk, req, res, form);
}

/** Check the passphrase; a browser that gives it gets a new session, signed in. */
async function signIn(desk: Desk, req: IncomingMessage, res: ServerResponse, form: URLSearchParams): Promise<void> {
  const { options } = desk;
  const address = clientAddress(req, options.reach);
  const wait = desk.limit.waitFor(address);
  if (wait > 0) {
    options.log.note(address, 'sign-in refused: too many attempts');
    const text =
      `Too many wrong passphrases from this computer in the last minute. Wait ${wait} seconds, then try again. ` +
      'If you have forgotten the passphrase, ask whoever looks after the desk.';
    const page = messagePage(options.catalogue(), 'Too many attempts', text, { href: 'sign-in', text: 'Sign in' });
    sendPage(res, 429, page, { 'retry-after': String(wait) });
    return;
  }
  const found = findSession(desk, req);
  const session = found.state === 'active' && !found.session.signedIn ? found.session : undefined;
  if (!session || !sameToken(form.get(DESK_TOKEN_FIELD), session.token)) {
    // An old sign-in page, or a form from elsewhere: a fresh page to sign in on.
    options.log.note(address, 'sign-in refused: the page was out of date');
    const fresh = desk.sessions.open(false);
    const page = signInPage(options.catalogue(), fresh.token, 'stale', options.idleMinutes);
    sendPage(res, 403, page, { 'set-cookie': sessionCookie(req, desk, fresh) });
    return;
  }
  if (!(await options.gate?.check(form.get('passphrase') ?? ''))) {
    desk.limit.fail(address);
    options.log.note(address, 'sign-in refused: wrong passphrase');
    sendPage(res, 403, signInPage(options.catalogue(), session.token, 'wrong', options.idleMinutes));
    return;
  }
  desk.limit.forget(address);
  desk.sessions.end(session);
  const signedIn = desk.sessions.open(true);
  options.log.note(address, 'signed in');
  redirect(res, './', { 'set-cookie': sessionCookie(req, desk, signedIn) });
}

/** End the session and go back to the sign-in page. */
function signOut(desk: Desk, req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
  const found = findSession(desk, req);
  if (found.state === 'active') {
    if (!sameToken(form.get(DESK_TOKEN_FIELD), found.session.token)) {
      sendPage(res, 403, messagePage(desk.options.catalogue(), 'Use the desk page', NOT_FROM_THE_DESK));
      return;
    }
    desk.sessions.end(found.session);
    desk.options.log.note(clientAddress(req, desk.options.reach), 'signed out');
  }
  redirect(res, 'sign-in?out', { 'set-cookie': sessionCookie(req, desk, undefined) });
}

/** Make the pack the form asks for, in turn, and send it; or say why not. */
async function sendPack(desk: Desk, req: IncomingMessage, res: ServerResponse, form: URLSearchParams): Promise<void> {
  const { options } = desk;
  const catalogue = options.catalogue();
  const address = clientAddress(req, options.reach);
  const refused = packRefusal(desk, findSession(desk, req), form);
  if (refused) {
    options.log.note(address, `pack refused: ${refused.log}`);
    sendPage(res, 403, messagePage(catalogue, refused.title, refused.text, refused.link));
    return;
  }
  try {
    const request = readDeskForm(form);
    const made = await desk.queue.run(() => options.makePack(request, catalogue));
    if (!made.ok) {
      options.log.note(
        address,
        made.reason === 'busy' ? 'pack not made: the desk was busy' : 'pack not made: too slow',
      );
      sendPage(res, 503, busyPage(desk, made.reason), { 'retry-after': '10' });
      return;
    }
    options.log.note(address, `printed ${made.value.slugs.join(', ')}`);
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-disposition': `${request.download ? 'attachment' : 'inline'}; filename="${made.value.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(made.value.pdf);
  } catch (error) {
    // A usage error says what to fix in the form, in leaflet's own words, never repeating what was typed. Anything
    // else is not the therapist's to fix, and its words would not help them: a plain page.
    if (error instanceof LeafletError && error.code === 'USAGE') {
      options.log.note(address, 'pack not made: the form asked for something to fix');
      sendPage(res, 400, messagePage(catalogue, 'The pack could not be made', error.message));
      return;
    }
    options.log.note(address, 'pack not made: something went wrong');
    sendPage(res, 500, somethingWentWrong(desk));
  }
}

/** Why a pack may not be made for this session and form, or undefined when it may. */
function packRefusal(
  desk: Desk,
  found: Found,
  form: URLSearchParams,
): { log: string; title: string; text: string; link?: { href: string; text: string } } | undefined {
  const signIn = { href: 'sign-in', text: 'Sign in' };
  const gated = desk.options.gate !== undefined;
  if (found.state === 'ended')
    return {
      log: 'the session had ended',
      title: gated ? 'Signed out' : 'Reload the page',
      text: gated
        ? `You were signed out after ${desk.options.idleMinutes} minutes without use, and no pack was made. Sign in ` +
          'again, then make the pack again.'
        : `The page was left unused for more than ${desk.options.idleMinutes} minutes, and no pack was made. ` +
          'Reload it, then make the pack again.',
      ...(gated ? { link: signIn } : {}),
    };
  if (found.state === 'none' || !found.session.signedIn)
    return {
      log: 'not signed in',
      title: gated ? 'Sign in first' : 'Reload the page',
      text: gated
        ? 'No pack was made: sign in to the desk first, then make the pack.'
        : 'No pack was made: the page is older than this desk. Reload it, then make the pack again.',
      ...(gated ? { link: signIn } : {}),
    };
  if (!sameToken(form.get(DESK_TOKEN_FIELD), found.session.token))
    return {
      log: 'the form had no token of this session',
      title: 'Use the desk page',
      text: `${NOT_FROM_THE_DESK} If you did, the page is out of date: reload it, then make the pack again.`,
    };
  return undefined;
}

/** The page of a pack the queue gave up: busy, or out of time. */
function busyPage(desk: Desk, reason: 'busy' | 'late'): string {
  const text =
    reason === 'busy'
      ? 'The desk is making many packs for other therapists just now, and no pack was made. Try again in a minute.'
      : `The pack was not ready within ${seconds(desk.options.queue.timeout)}, and no pack was made. Try again ` +
        'in a minute; if it happens often, tell whoever looks after the desk.';
  return messagePage(desk.options.catalogue(), 'Try again in a minute', text);
}

/** A time limit in whole seconds, in words: "30 seconds", "1 second". */
function seconds(ms: number): string {
  const count = Math.max(1, Math.ceil(ms / 1000));
  return `${count} second${count === 1 ? '' : 's'}`;
}

function somethingWentWrong(desk: Desk): string {
  return messagePage(
    desk.options.catalogue(),
    'Something went wrong',
    'Something went wrong while making this. Try again; if it happens again, tell whoever looks after the desk: ' +
      '"leaflet check" and "leaflet doctor" on the desk\'s computer show what is wrong with the articles, and with ' +
      'the browser that prints PDFs.',
  );
}

/** The session a request's cookie names. */
function findSession(desk: Desk, req: IncomingMessage): Found {
  return desk.sessions.find(cookie(req, cookieName(cameOverHttps(req, desk.options.reach))));
}

/** The session cookie: `__Host-` and Secure over HTTPS (a proxy said so), so that no other site or scheme can set it. */
function cookieName(secure: boolean): string {
  return secure ? '__Host-leaflet-desk' : 'leaflet-desk';
}

/** The Set-Cookie header of `session`, or clearing it. */
function sessionCookie(req: IncomingMessage, desk: Desk, session: Session | undefined): string {
  const secure = cameOverHttps(req, desk.options.reach);
  return (
    `${cookieName(secure)}=${session?.id ?? ''}; Path=/; HttpOnly; SameSite=Strict` +
    `${session ? '' : '; Max-Age=0'}${secure ? '; Secure' : ''}`
  );
}
