// What the desk's server needs of HTTP: who is asking (behind a trusted proxy, the address it names), over which
// scheme, whether the request is addressed to the desk at all, the origin its forms must come from, its cookie, its
// form (refused beyond a size), and pages sent with headers that keep them out of caches, frames and other sites.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLocalHost } from '../preview/server.js';

/** What the desk knows of where it is reached. */
export interface Reach {
  /** Trust X-Forwarded-Proto and X-Forwarded-For: requests come through a reverse proxy on this server. */
  trustProxy: boolean;
  /** The address therapists open when it is a name, like https://desk.riverside-physio.example. */
  publicOrigin: string | undefined;
}

/**
 * Every page of the desk: never cached, never framed, no address of it sent elsewhere, only its own files loaded. (Not
 * "no-referrer": a form posted under it says it comes from "null", and the desk takes forms only from its own origin.)
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/** Send a page of the desk, with `headers` besides (a cookie, Retry-After). */
export function sendPage(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers });
  res.end(html);
}

/** Send the browser on to `location` (relative to the desk), after a form. */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

/** The address that asks: behind a trusted proxy, the one it says it serves (the last it added to X-Forwarded-For). */
export function clientAddress(req: IncomingMessage, reach: Reach): string {
  const forwarded = reach.trustProxy ? headerValue(req, 'x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  const address = (forwarded || req.socket.remoteAddress || '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  // An address, and nothing else, goes into the log and the count of sign-ins.
  return /^[0-9a-f:.]{2,45}$/i.test(address) ? address : 'unknown';
}

/** Whether the request came over HTTPS: only a trusted proxy can say so. */
export function cameOverHttps(req: IncomingMessage, reach: Reach): boolean {
  return reach.trustProxy && headerValue(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * Whether the request is addressed to the desk: by number or as localhost (as the preview), or by the name of its
 * public address. A page elsewhere that points a name of its own at this computer (DNS rebinding) is not answered.
 */
export function addressedToDesk(req: IncomingMessage, reach: Reach): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return isLocalHost(host) || (reach.publicOrigin !== undefined && host === new URL(reach.publicOrigin).host);
}

/**
 * The origin the desk's own forms post from, as this request reached it, or undefined when it cannot be one: its
 * public address; behind a trusted proxy, the scheme the proxy names; otherwise http and the port it came in at.
 */
export function ownOrigin(req: IncomingMessage, reach: Reach): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (reach.publicOrigin && host === new URL(reach.publicOrigin).host) return reach.publicOrigin;
  const match = /^(?:\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(host);
  if (!match) return undefined;
  if (reach.trustProxy) return `${cameOverHttps(req, reach) ? 'https' : 'http'}://${host}`;
  return Number(match[1] ?? 80) === req.socket.localPort ? `http://${host}` : undefined;
}

/** Whether a posted form came from a page of the desk itself (exactly its origin: never "null", never none). */
export function fromOwnPage(req: IncomingMessage, reach: Reach): boolean {
  const own = ownOrigin(req, reach);
  return own !== undefined && req.headers.origin === own;
}

/** The value of the cookie `name`, if the request has it. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** One header's value (the first, when sent more than once). */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A posted form, or undefined when it is larger than `limit` bytes (said by its length, or found while reading): the
 * rest is then read and thrown away, so that the answer still reaches the browser.
 */
export function readForm(req: IncomingMessage, limit: number): Promise<URLSearchParams | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      resolve(undefined);
    };
    const onEnd = (): void => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
