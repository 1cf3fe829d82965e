// `leaflet preview`: serves the built site on localhost, reloads open pages when a rebuild finishes, and shows each
// leaflet's HTML as a print preview (rendered on request, so a change shows without waiting for the PDF), and each
// article's quality checks.
// Only the preview adds JavaScript to pages (a reload script and a small toolbar); the built files have none.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Handlebars from 'handlebars';
import sirv from 'sirv';

export interface PreviewOptions {
  /** The built site (`out/web`). */
  webDir: string;
  port: number;
  host: string;
  /** The leaflet HTML of the article with this slug, or undefined when there is none. */
  renderPrint(slug: string): Promise<string | undefined>;
  /** The quality checks of the article with this slug, or undefined when there is none. */
  renderCheck?(slug: string): Promise<{ warnings: number; errors: number; html: string } | undefined>;
}

export interface PreviewServer {
  url: string;
  /** Tell every open page to reload. */
  reload(): void;
  close(): Promise<void>;
}

const PREFIX = '/__leaflet/';

const RELOAD_SCRIPT = `new EventSource('${PREFIX}events').addEventListener('message', () => location.reload());`;

/** The reload script and, on an article page, a toolbar with the print preview and the quality checks. */
function previewChrome(slug: string | undefined, checked?: { warnings: number; errors: number }): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const check = checked
    ? ` · <a style="color:#fff" href="${PREFIX}check/${slug}/">Quality check: ${checked.errors ? `${plural(checked.errors, 'error')}, ` : ''}${plural(checked.warnings, 'warning')}</a>`
    : '';
  const toolbar = slug
    ? `<div style="position:fixed;right:1rem;bottom:1rem;z-index:100;padding:.5rem .75rem;background:#1b2126;color:#fff;font:16px/1.4 system-ui,sans-serif;border-radius:.4rem">` +
      `Preview · <a style="color:#fff" href="${PREFIX}print/${slug}/">Print preview of the leaflet</a>${check}</div>`
    : '';
  return `${toolbar}<script src="${PREFIX}reload.js"></script>`;
}

/** Insert preview chrome before `</body>` (or at the end). */
export function injectPreview(html: string, slug: string | undefined, checked?: { warnings: number; errors: number }): string {
  const chrome = previewChrome(slug, checked);
  return html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${chrome}</body>`) : html + chrome;
}

/** Screen styles that show a leaflet's HTML as sheets of paper of its page size. */
export function printPreviewStyle(size: string, margin: { top: string; right: string; bottom: string; left: string }): string {
  const pages: Record<string, [string, string]> = { A4: ['210mm', '297mm'], A5: ['148mm', '210mm'], Letter: ['8.5in', '11in'] };
  const [width, height] = pages[size] ?? pages.A4 ?? ['210mm', '297mm'];
  return (
    `<style>@media screen { html { background: #d9dde1; } ` +
    `body { box-sizing: border-box; width: ${width}; min-height: ${height}; margin: 1.5rem auto; ` +
    `padding: ${margin.top} ${margin.right} ${margin.bottom} ${margin.left}; background: #fff; box-shadow: 0 1px 8px rgba(0,0,0,.35); } ` +
    `.leaflet-preview-note { position: sticky; top: 0; margin: -${margin.top} -${margin.right} 1rem -${margin.left}; padding: .5rem 1rem; ` +
    `background: #1b2126; color: #fff; font: 15px/1.4 system-ui, sans-serif; } .leaflet-preview-note a { color: #fff; } }</style>`
  );
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  const serveStatic = sirv(options.webDir, { dev: true, dotfiles: false });

  const sendHtml = (res: ServerResponse, status: number, html: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const pathname = decodeURIComponent(url.pathname);
    if (pathname === `${PREFIX}events`) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (pathname === `${PREFIX}reload.js`) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(RELOAD_SCRIPT);
      return;
    }
    const print = new RegExp(`^${PREFIX}print/([a-z0-9-]+)/?$`).exec(pathname);
    if (print?.[1]) {
      const html = await options.renderPrint(print[1]);
      if (html) sendHtml(res, 200, injectPreview(html, undefined));
      else sendHtml(res, 404, injectPreview(`<!doctype html><title>Not found</title><p>No article with the slug "${print[1]}".</p>`, undefined));
      return;
    }
    const check = new RegExp(`^${PREFIX}check/([a-z0-9-]+)/?$`).exec(pathname);
    if (check?.[1] && options.renderCheck) {
      const page = await options.renderCheck(check[1]);
      if (page) sendHtml(res, 200, injectPreview(page.html, undefined));
      else sendHtml(res, 404, injectPreview(`<!doctype html><title>Not found</title><p>No article with the slug "${check[1]}".</p>`, undefined));
      return;
    }
    // HTML pages get the reload script; everything else is served as it is.
    const file = path.join(options.webDir, path.normalize(pathname).replace(/^([/\\])+/, ''));
    const page = pathname.endsWith('/') ? path.join(file, 'index.html') : file;
    if (page.startsWith(options.webDir) && page.endsWith('.html') && existsSync(page) && statSync(page).isFile()) {
      const found = /^\/([a-z0-9-]+)\/(?:index\.html)?$/.exec(pathname)?.[1];
      const slug = found && found !== 'tags' ? found : undefined;
      // The toolbar counts the findings; an article that cannot be read at the moment just has no count.
      const checked = slug && options.renderCheck ? await options.renderCheck(slug).catch(() => undefined) : undefined;
      sendHtml(res, 200, injectPreview(readFileSync(page, 'utf8'), slug, checked));
      return;
    }
    serveStatic(req, res, () => sendHtml(res, 404, injectPreview('<!doctype html><title>Not found</title><p>Nothing here yet.</p>', undefined)));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendHtml(res, 500, `<!doctype html><title>Error</title><pre>${Handlebars.escapeExpression(String(error))}</pre>`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  return {
    url: `http://${host}:${port}/`,
    reload() {
      for (const client of clients) client.write('data: reload\n\n');
    },
    async close() {
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
