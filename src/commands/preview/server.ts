// `leaflet preview`: serves the built site on localhost, reloads open pages when a rebuild finishes, and shows each
// leaflet's HTML as a print preview (rendered on request, so a change shows without waiting for the PDF), and each
// article's quality checks.
// Only the preview adds JavaScript to pages (a reload script and a small toolbar); the built files have none.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import Handlebars from 'handlebars';
import sirv from 'sirv';
import { isInside } from '../../articles/local-files.js';
import { type Margin, PAPER } from '../../config/paper.js';
import type { PageSize } from '../../config/schema.js';
import { LeafletError } from '../../errors.js';
import { closeServer, listen } from '../command.js';
import type { DeskAsset } from '../desk/assets.js';
import { DESK_TOKEN_FIELD } from '../desk/form.js';
import { PAGE_HEADERS } from '../desk/http.js';

export interface PreviewOptions {
  /** The built site (`out/web`). */
  webDir: string;
  port: number;
  host: string;
  /** The leaflet HTML of the article with this slug, or undefined when there is none. */
  renderPrint(slug: string): Promise<string | undefined>;
  /** The quality checks of the article with this slug, or undefined when there is none. */
  renderCheck?(slug: string): Promise<(PageFacts & { html: string }) | undefined>;
  /** The content report of every article (`leaflet report`), made afresh at every request. */
  renderReport?(): Promise<string>;
  /** The first build's problems. */
  problems?: readonly BuildProblem[];
  /** The desk page, where a therapist makes a pack; served only when the preview listens on this computer alone. */
  desk?: DeskPages;
}

/** The desk page and the pack it posts for. */
export interface DeskPages {
  /** The page, its form carrying `token` (the server's own, in a hidden field named DESK_TOKEN_FIELD). */
  page(token: string): Promise<string>;
  /** The PDF for the posted form; throws a UsageError saying what to fix. */
  pack(form: URLSearchParams): Promise<{ pdf: Uint8Array; fileName: string; download: boolean }>;
  /** A file the page loads beside it ("desk.css", "picture/heel-raises"), or undefined when there is none. */
  asset(name: string): Promise<DeskAsset | undefined>;
}

export interface PreviewServer {
  url: string;
  /** Tell every open page to reload, with the problems of the build that just finished. */
  reload(problems?: readonly BuildProblem[]): void;
  close(): Promise<void>;
}

const PREFIX = '/__leaflet/';

/** Where the desk page lives, and where its form posts (its addresses are relative to the page). */
export const DESK_PATH = `${PREFIX}desk/`;
export const DESK_PACK_PATH = `${PREFIX}desk/pack`;
/** Where the content report (`leaflet report`) is served. */
export const REPORT_PATH = `${PREFIX}report/`;

const RELOAD_SCRIPT = `new EventSource('${PREFIX}events').addEventListener('message', () => location.reload());`;

/** A problem of the last build, shown over every page until a build fixes it. */
export interface BuildProblem {
  file?: string | undefined;
  line?: number | undefined;
  message: string;
}

/** What the preview knows of an article page it serves: its quality-check counts, and whether it is a draft. */
export interface PageFacts {
  warnings: number;
  errors: number;
  draft: boolean;
}

/**
 * The reload script; on a page of the site, a toolbar (on an article's, with its print preview and checks, and a
 * banner on a draft); over any page, the build's problems.
 */
function previewChrome(
  slug: string | undefined,
  facts?: PageFacts,
  problems: readonly BuildProblem[] = [],
  sitePage = false,
): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const check = facts
    ? ` · <a style="color:#fff" href="${PREFIX}check/${slug}/">Quality check: ` +
      `${facts.errors ? `${plural(facts.errors, 'error')}, ` : ''}${plural(facts.warnings, 'warning')}</a>`
    : '';
  const article = slug
    ? ` · <a style="color:#fff" href="${PREFIX}print/${slug}/">Print preview of the leaflet</a>${check}`
    : '';
  const toolbar =
    slug || sitePage
      ? `<div style="position:fixed;right:1rem;bottom:1rem;z-index:100;padding:.5rem ` +
        `.75rem;background:#1b2126;color:#fff;font:16px/1.4 system-ui,sans-serif;border-radius:.4rem">` +
        `Preview${article} · <a style="color:#fff" href="${DESK_PATH}">Make a pack</a> · ` +
        `<a style="color:#fff" href="${REPORT_PATH}">Content report</a></div>`
      : '';
  const draft = facts?.draft
    ? '<div role="note" style="position:sticky;top:0;z-index:100;padding:.5rem ' +
      '1rem;background:#8a1c1c;color:#fff;font:bold 16px/1.4 system-ui,sans-serif;text-align:center">DRAFT ' +
      '– not for patients. Take "draft: true" out of the front matter when it is ready.</div>'
    : '';
  return `${draft}${problemsOverlay(problems)}${toolbar}<script src="${PREFIX}reload.js"></script>`;
}

/** The last build's problems, over the page, with where each is: the page reloads by itself when a save fixes them. */
function problemsOverlay(problems: readonly BuildProblem[]): string {
  if (problems.length === 0) return '';
  const items = problems
    .slice(0, 20)
    .map(
      ({ file, line, message }) =>
        `<li><code>${Handlebars.escapeExpression(file ? `${file}${line ? `:${line}` : ''}` : '')}</code> ` +
        `${Handlebars.escapeExpression(message)}</li>`,
    )
    .join('');
  return (
    '<div role="alert" ' +
    'style="position:fixed;left:1rem;right:1rem;top:1rem;z-index:101;max-height:60vh;overflow:auto;padding:1rem 1.25rem;' +
    'background:#fff4f4;color:#1b2126;border:3px solid #8a1c1c;border-radius:.4rem;font:16px/1.5 ' +
    'system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)">' +
    `<strong>The last build found ${problems.length} ` +
    `problem${problems.length === 1 ? '' : 's'}</strong> (this page is from the build before; it reloads ` +
    `when you save a fix):<ul>${items}</ul></div>`
  );
}

/** Insert preview chrome before `</body>` (or at the end); `sitePage` for a page of the built site. */
export function injectPreview(
  html: string,
  slug: string | undefined,
  facts?: PageFacts,
  problems: readonly BuildProblem[] = [],
  sitePage = false,
): string {
  const chrome = previewChrome(slug, facts, problems, sitePage);
  return html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${chrome}</body>`) : html + chrome;
}

/** Screen styles that show a leaflet's HTML as sheets of paper of its page size. */
export function printPreviewStyle(size: PageSize, margin: Margin): string {
  const [width, height] = PAPER[size].css;
  return (
    `<style>@media screen { html { background: #d9dde1; } ` +
    `body { box-sizing: border-box; width: ${width}; min-height: ${height}; margin: 1.5rem auto; ` +
    `padding: ${margin.top} ${margin.right} ${margin.bottom} ${margin.left}; background: #fff; ` +
    `box-shadow: 0 1px 8px rgba(0,0,0,.35); } ` +
    `.leaflet-preview-note { position: sticky; top: 0; margin: -${margin.top} -${margin.right} 1rem ` +
    `-${margin.left}; padding: .5rem 1rem; ` +
    `background: #1b2126; color: #fff; font: 15px/1.4 system-ui, sans-serif; } .leaflet-preview-note ` +
    `a { color: #fff; } }</style>`
  );
}

/**
 * Whether a request's Host header names this computer: localhost, or an IP address (not a name anyone can point here).
 */
export function isLocalHost(header: string | undefined): boolean {
  if (!header) return false;
  const host = header
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return (
    host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.includes(':') && /^[0-9a-f:.]+$/.test(host))
  );
}

/** Answer with an HTML page that is never cached. */
function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * The decoded path of a request that may be answered, or undefined after answering it with an error. A page on another
 * site could point a name of its own at this computer (DNS rebinding) and read the preview through it: only requests
 * addressed to this computer by number, or as localhost, are answered.
 */
function requestPath(req: IncomingMessage, res: ServerResponse): string | undefined {
  if (!isLocalHost(req.headers.host)) {
    sendHtml(
      res,
      403,
      '<!doctype html><title>Forbidden</title><p>The preview answers only addresses like ' +
        'http://127.0.0.1:port/ and http://localhost:port/.</p>',
    );
    return undefined;
  }
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://preview').pathname);
  } catch {
    sendHtml(res, 400, '<!doctype html><title>Bad request</title><p>That address is not valid.</p>');
    return undefined;
  }
}

/**
 * The preview's own pages: the print preview and the quality check of an article, and the content report. Returns
 * whether it answered.
 */
async function servePreviewPage(pathname: string, res: ServerResponse, options: PreviewOptions): Promise<boolean> {
  const notFound = (slug: string): string =>
    injectPreview(`<!doctype html><title>Not found</title><p>No article with the slug "${slug}".</p>`, undefined);
  const print = new RegExp(`^${PREFIX}print/([a-z0-9-]+)/?$`).exec(pathname);
  if (print?.[1]) {
    const html = await options.renderPrint(print[1]);
    sendHtml(res, html ? 200 : 404, html ? injectPreview(html, undefined) : notFound(print[1]));
    return true;
  }
  if (pathname === REPORT_PATH && options.renderReport) {
    sendHtml(res, 200, injectPreview(await options.renderReport(), undefined));
    return true;
  }
  const check = new RegExp(`^${PREFIX}check/([a-z0-9-]+)/?$`).exec(pathname);
  if (check?.[1] && options.renderCheck) {
    const page = await options.renderCheck(check[1]);
    sendHtml(res, page ? 200 : 404, page ? injectPreview(page.html, undefined) : notFound(check[1]));
    return true;
  }
  return false;
}

/** The largest form the desk page posts: a long note, and a dose for every exercise. */
const MAX_FORM_BYTES = 1_000_000;

/** Whether `host` is this computer alone: the desk page carries patients' names, never over a network. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** An HTML page of the desk's answers: a title, what to do, and the way back to the desk page. */
function sendDeskPage(res: ServerResponse, status: number, title: string, text: string): void {
  sendHtml(
    res,
    status,
    `<!doctype html><html lang="en"><title>${title}</title><body style="font:17px/1.5 ` +
      `system-ui,sans-serif;max-width:40rem;margin:2rem ` +
      `auto"><h1>${title}</h1><p>${Handlebars.escapeExpression(text)}</p><p><a href="${DESK_PATH}">Back to ` +
      `the desk page</a></p></body></html>`,
  );
}

/** What a pack asked for other than from the desk page's own form is told (it never repeats what the form held). */
const NOT_FROM_THE_DESK =
  "No pack was made: a pack is made only from the desk page's own form, on this computer. Open the " +
  'desk page, fill in its form there, and press "Preview the pack" or "Download the PDF".';

/** The desk page and its pack; returns whether it answered. */
async function serveDesk(
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  options: PreviewOptions,
  token: string,
): Promise<boolean> {
  if (!pathname.startsWith(DESK_PATH)) return false;
  if (!options.desk || !isLoopback(options.host)) {
    sendDeskPage(
      res,
      404,
      'No desk page here',
      'The desk page is served only when the preview listens on this computer alone (the default, ' +
        "127.0.0.1), because it carries patients' names.",
    );
    return true;
  }
  if (pathname === DESK_PATH) {
    res.writeHead(200, PAGE_HEADERS);
    res.end(await options.desk.page(token));
    return true;
  }
  if (pathname !== DESK_PACK_PATH) {
    const asset = await options.desk.asset(pathname.slice(DESK_PATH.length));
    if (!asset) return false;
    res.writeHead(200, { 'content-type': asset.type, 'x-content-type-options': 'nosniff', ...asset.headers });
    res.end(asset.body);
    return true;
  }
  if (req.method !== 'POST') {
    sendDeskPage(res, 405, 'Use the desk page', "Make a pack from the desk page's form.");
    return true;
  }
  // Any page on any site the therapist's browser opens can post a form here; only the desk page's own form may make
  // a pack. It comes from this server's own origin, exactly (not another address, port or scheme, not "null", never
  // without one), and carries the token only the desk page holds (a page elsewhere cannot read it).
  const own = ownOrigin(req);
  if (own === undefined || req.headers.origin !== own) {
    sendDeskPage(res, 403, 'Use the desk page', NOT_FROM_THE_DESK);
    return true;
  }
  const form = await readForm(req);
  if (!form) {
    sendDeskPage(res, 413, 'Too much text', 'The form is too large: shorten the note.');
    return true;
  }
  if (!sameToken(form.get(DESK_TOKEN_FIELD), token)) {
    sendDeskPage(
      res,
      403,
      'Use the desk page',
      `${NOT_FROM_THE_DESK} If you did, the page is older than this preview: reload it, then make the pack again.`,
    );
    return true;
  }
  await sendPack(res, options.desk, form);
  return true;
}

/** Make the pack the form asks for and send it; or say what to fix (400), or that something went wrong (500). */
async function sendPack(res: ServerResponse, desk: DeskPages, form: URLSearchParams): Promise<void> {
  try {
    const made = await desk.pack(form);
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-disposition': `${made.download ? 'attachment' : 'inline'}; filename="${made.fileName}"`,
      'cache-control': 'no-store',
    });
    res.end(made.pdf);
  } catch (error) {
    // A usage error says what to fix in the form, in leaflet's own words, never repeating what was typed. Anything
    // else is not the therapist's to fix, and a library's words (or a stack) would only confuse: a plain page.
    if (error instanceof LeafletError && error.code === 'USAGE')
      sendDeskPage(res, 400, 'The pack could not be made', error.message);
    else sendDeskPage(res, 500, 'The pack could not be made', SOMETHING_WENT_WRONG);
  }
}

/** What a page says when the preview fails at something that is not the reader's to fix. */
const SOMETHING_WENT_WRONG =
  'Something went wrong while making this. Try again; if it happens again, ask whoever looks after ' +
  'leaflet to run "leaflet check" and "leaflet doctor" in a terminal: they show what is wrong with the ' +
  'articles, and with the browser that prints PDFs.';

/**
 * The origin of this server's own pages, as the request reached it: http, the host it named (already checked as this
 * computer) and the port it came in at; undefined when the Host header names another port.
 */
function ownOrigin(req: IncomingMessage): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  const match = /^(?:\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(host);
  return match && Number(match[1] ?? 80) === req.socket.localPort ? `http://${host}` : undefined;
}

/**
 * Whether a posted token is the server's, compared in constant time (so its characters cannot be guessed one by one).
 */
function sameToken(posted: string | null, token: string): boolean {
  const given = Buffer.from(posted ?? '');
  const own = Buffer.from(token);
  return given.length === own.length && timingSafeEqual(given, own);
}

/** A posted form, or undefined when it is larger than a desk page's form can be. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A page of the built site, with the reload script and toolbar; returns whether it answered (other files are sirv's).
 */
async function serveSitePage(
  pathname: string,
  res: ServerResponse,
  options: PreviewOptions,
  problems: readonly BuildProblem[],
): Promise<boolean> {
  const file = path.join(options.webDir, path.normalize(pathname).replace(/^([/\\])+/, ''));
  const page = pathname.endsWith('/') ? path.join(file, 'index.html') : file;
  if (!isInside(options.webDir, page) || !page.endsWith('.html') || !existsSync(page) || !statSync(page).isFile())
    return false;
  const found = /^\/([a-z0-9-]+)\/(?:index\.html)?$/.exec(pathname)?.[1];
  const slug = found && found !== 'tags' ? found : undefined;
  // The toolbar counts the findings; an article that cannot be read at the moment just has no count.
  const checked = slug && options.renderCheck ? await options.renderCheck(slug).catch(() => undefined) : undefined;
  sendHtml(res, 200, injectPreview(readFileSync(page, 'utf8'), slug, checked, problems, true));
  return true;
}

/** The reload script, and the event stream that tells open pages to reload; returns whether it answered. */
function serveReload(
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  clients: Set<ServerResponse>,
): boolean {
  if (pathname === `${PREFIX}events`) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
    return true;
  }
  if (pathname === `${PREFIX}reload.js`) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(RELOAD_SCRIPT);
    return true;
  }
  return false;
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  let problems = options.problems ?? [];
  const serveStatic = sirv(options.webDir, { dev: true, dotfiles: false });
  // The desk's form carries this token; a new one each time the preview starts.
  const token = randomBytes(32).toString('base64url');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = requestPath(req, res);
    if (pathname === undefined) return;
    // The preview only shows pages; the desk's form is the one thing posted to it, and checks its own posts.
    if (req.method !== 'GET' && req.method !== 'HEAD' && pathname !== DESK_PACK_PATH) {
      res.setHeader('allow', 'GET, HEAD');
      sendHtml(
        res,
        405,
        '<!doctype html><title>Not allowed</title><p>The preview only shows pages. To make a pack, ' +
          'use the form on the desk page.</p>',
      );
      return;
    }
    if (serveReload(pathname, req, res, clients)) return;
    if (
      (await serveDesk(pathname, req, res, options, token)) ||
      (await servePreviewPage(pathname, res, options)) ||
      (await serveSitePage(pathname, res, options, problems))
    )
      return;
    serveStatic(req, res, () =>
      sendHtml(
        res,
        404,
        injectPreview(
          '<!doctype html><title>Not found</title><p>Nothing here yet.</p>',
          undefined,
          undefined,
          problems,
        ),
      ),
    );
  };

  const server = createServer((req, res) => {
    // What failed is no reader's to fix, and its text (a library's, a stack) would not help them: a plain page.
    handle(req, res).catch(() => {
      if (!res.headersSent)
        sendHtml(
          res,
          500,
          `<!doctype html><html lang="en"><title>Something went wrong</title><p>${SOMETHING_WENT_WRONG}</p></html>`,
        );
      else res.end();
    });
  });
  const { url } = await listen(server, options.port, options.host);

  return {
    url,
    reload(next) {
      if (next) problems = next;
      for (const client of clients) client.write('data: reload\n\n');
    },
    async close() {
      for (const client of clients) client.end();
      clients.clear();
      await closeServer(server);
    },
  };
}
