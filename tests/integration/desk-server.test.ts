// `leaflet desk`, as a clinic runs it: on the network with a passphrase, behind a reverse proxy, and busy. Each refusal
// is checked for its status, its words, and that nothing was made or written; ten packs are asked for at once; and a
// therapist's whole session in a real Chromium (sign in, filter, start from a standard pack, change a dose, preview the
// PDF and read it back) leaves the patient's name and note in no file and in no line of the log.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { findBrowser, launchArgs } from '../../src/machinery/browser.js';
import { axeViolations } from './axe.js';
import {
  copySamples,
  filesHolding,
  leaflet,
  listFiles,
  pdfText,
  sharedBrowser,
  startLeaflet,
  TEST_ENV,
  tempDir,
} from './cli.js';

const require = createRequire(import.meta.url);

const browser = sharedBrowser();

/** The passphrase of the desks in these tests. */
const PASSPHRASE = 'kettle harbour velvet lantern';

/** What a therapist types about a patient, looked for in every answer, file and log. */
const PATIENT = 'Bartholomew Quillfeather';
const NOTE = 'Walk on grass, not concrete, this week.';

/** An answer: its status, headers and body. */
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One browser's worth of requests to a desk: its own cookies, sent back as a browser would. */
class Visitor {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  /** Headers sent with every request (a proxy's X-Forwarded-*, another Host). */
  readonly always: Record<string, string>;

  constructor(base: string, always: Record<string, string> = {}) {
    this.base = base;
    this.always = always;
  }

  /** The origin the desk's own pages have (behind a proxy, its public address). */
  get origin(): string {
    return this.always.origin ?? new URL(this.base).origin;
  }

  request(
    method: string,
    address: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(address, this.base),
        {
          method,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
            ...this.always,
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            for (const set of response.headers['set-cookie'] ?? []) {
              const [pair = ''] = set.split(';');
              const [name = '', value = ''] = pair.split('=');
              if (/Max-Age=0/i.test(set)) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            const bytes = Buffer.concat(chunks);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: bytes,
              text: bytes.toString(),
            });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  get(address: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('GET', address, undefined, headers);
  }

  /** Post a form, from the desk's own origin unless `headers` say otherwise. */
  post(address: string, fields: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}) {
    return this.request('POST', address, new URLSearchParams(fields).toString(), { origin: this.origin, ...headers });
  }

  /** The token of the form on the page at `address` (the desk page, or the sign-in page). */
  async token(address = './'): Promise<string> {
    const page = await this.get(address);
    const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(page.text)?.[1];
    if (!token) throw new Error(`no token in ${address} (${page.status}):\n${page.text.slice(0, 500)}`);
    return token;
  }

  /** Sign in as a therapist would: the sign-in page, then its form. */
  async signIn(passphrase = PASSPHRASE): Promise<Answer> {
    return this.post('sign-in', { token: await this.token('sign-in'), passphrase });
  }

  /** Ask for a pack of heel raises for the patient, with the session's token unless `fields` say otherwise. */
  async pack(fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Answer> {
    const token = fields.token ?? (await this.token());
    return this.post(
      'pack',
      { token, item: 'heel-raises', patient: PATIENT, note: NOTE, 'dose.heel-raises.reps': '12', ...fields },
      headers,
    );
  }
}

/** A desk run in this process for a describe block, on a copy of the samples: started before its tests. */
function deskInProcess(
  args: string[],
  {
    env = {},
    config = '',
    files = {},
  }: { env?: Record<string, string>; config?: string; files?: Record<string, string> } = {},
): {
  dir: string;
  url: string;
  log: () => string;
  /** Resolves when what the desk printed after `from` characters matches `pattern`. */
  said: (pattern: RegExp, from: number) => Promise<void>;
  before: string[];
} {
  const interrupt = new AbortController();
  const waiters = new Set<() => void>();
  let printed = '';
  const started = {
    dir: '',
    url: '',
    log: () => printed,
    said: (pattern: RegExp, from: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!pattern.test(printed.slice(from))) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    before: [] as string[],
  };
  let running: Promise<number> = Promise.resolve(0);
  beforeAll(async () => {
    started.dir = copySamples();
    if (config) writeFileSync(path.join(started.dir, 'leaflet.config.yaml'), config, { flag: 'a' });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(started.dir, name), text);
    const write = (text: string): void => {
      printed += text;
      for (const check of [...waiters]) check();
    };
    running = main(['desk', '--port', '0', ...args], {
      cwd: started.dir,
      stdout: write,
      stderr: write,
      env: { ...process.env, ...TEST_ENV, ...env },
      color: false,
      browser,
      interrupt: interrupt.signal,
    });
    await Promise.race([
      started.said(/Ctrl-C stops it/, 0),
      running.then((code) => Promise.reject(new Error(`the desk stopped (${code}):\n${printed}`))),
    ]);
    started.url = /Desk: (\S+)/.exec(printed)?.[1] ?? '';
    started.before = listFiles(started.dir);
  });
  afterAll(async () => {
    interrupt.abort();
    await running;
  });
  return started;
}

/** The answer is a page of the desk, not a PDF, and it repeats nothing the therapist typed. */
function expectPage(answer: Answer, status: number, words: string): void {
  expect(answer.status, answer.text.slice(0, 800)).toBe(status);
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(answer.text.replaceAll('&#x27;', "'").replaceAll('&quot;', '"')).toContain(words);
  for (const typed of [PATIENT, 'Quillfeather', NOTE, 'concrete', PASSPHRASE]) expect(answer.text).not.toContain(typed);
}

describe('leaflet desk on the network, with a passphrase', () => {
  const desk = deskInProcess(['--host', '0.0.0.0'], { env: { LEAFLET_DESK_PASSPHRASE: PASSPHRASE } });
  /** Nothing was written in the project, and no pack was made (none was printed, by the log). */
  const expectNothingMade = (printedBefore: string): void => {
    expect(listFiles(desk.dir)).toEqual(desk.before);
    expect(desk.log().slice(printedBefore.length)).not.toContain('printed');
  };

  it('sends a browser that has not signed in to the sign-in page, and refuses it a pack (403)', async () => {
    const visitor = new Visitor(desk.url);
    const page = await visitor.get('./');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('sign-in');
    const signIn = await visitor.get('sign-in');
    expectPage(signIn, 200, 'Sign in to the desk');
    const logged = desk.log();
    // With the sign-in page's own token and cookie, from the desk's origin: still no pack before signing in.
    const answer = await visitor.pack({ token: await visitor.token('sign-in') });
    expectPage(answer, 403, 'No pack was made: sign in to the desk first, then make the pack.');
    expectNothingMade(logged);
    expect(desk.log()).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z 127\.0\.0\.1 pack refused: not signed in\n/);
  });

  it("signs a therapist in with the passphrase (a new session, in an HttpOnly, SameSite=Strict cookie), and prints the signed-in therapist's pack", async () => {
    const visitor = new Visitor(desk.url);
    await visitor.get('sign-in');
    const before = visitor.cookies.get('leaflet-desk');
    const signedIn = await visitor.signIn();
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('./');
    const [cookie = ''] = signedIn.headers['set-cookie'] ?? [];
    expect(cookie).toMatch(/^leaflet-desk=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(visitor.cookies.get('leaflet-desk')).not.toBe(before);
    const page = await visitor.get('./');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).toContain('<button type="submit">Sign out</button>');
    const answer = await visitor.pack();
    expect(answer.status, answer.text.slice(0, 500)).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="pack-\d{4}-\d\d-\d\d\.pdf"$/);
    const file = path.join(tempDir('leaflet-desk-pdf-'), 'pack.pdf');
    writeFileSync(file, answer.body);
    const text = pdfText(file, { layout: false });
    expect(text).toContain(PATIENT);
    expect(text).toContain(NOTE);
    expect(text).toContain('3 sets of 12, once a day');
    expect(listFiles(desk.dir)).toEqual(desk.before);
    expect(desk.log()).toMatch(/Z 127\.0\.0\.1 signed in\n/);
    expect(desk.log()).toMatch(/Z 127\.0\.0\.1 printed heel-raises\n/);
  });

  it('refuses a wrong passphrase (403), saying so, and does not sign the browser in', async () => {
    const visitor = new Visitor(desk.url);
    const answer = await visitor.signIn('kettle harbour velvet lanterns');
    expectPage(answer, 403, 'That is not the passphrase.');
    expect((await visitor.get('./')).status).toBe(303);
    expect(desk.log()).toContain('127.0.0.1 sign-in refused: wrong passphrase');
  });

  it("refuses a sign-in without its page's token (403), with a fresh sign-in page, and does not sign in", async () => {
    const visitor = new Visitor(desk.url);
    await visitor.get('sign-in');
    for (const token of ['', 'x', (await new Visitor(desk.url).token('sign-in')) ?? '']) {
      const answer = await visitor.post('sign-in', { token, passphrase: PASSPHRASE });
      expectPage(answer, 403, 'That sign-in page was out of date. Type the passphrase again.');
    }
    expect((await visitor.get('./')).status).toBe(303);
  });

  it("refuses a pack without its session's token, or with another session's token (403), making nothing", async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const other = new Visitor(desk.url);
    await other.signIn();
    const logged = desk.log();
    const own = await therapist.token();
    const wrong = `${own.slice(0, -1)}${own.endsWith('A') ? 'B' : 'A'}`;
    for (const token of ['', 'x', wrong, await other.token()]) {
      const answer = await therapist.pack({ token });
      expectPage(answer, 403, 'the page is out of date: reload it, then make the pack again.');
    }
    const missing = await therapist.post('pack', { item: 'heel-raises', patient: PATIENT });
    expectPage(missing, 403, "Nothing was done: the desk acts only on its own page's forms.");
    expectNothingMade(logged);
    expect(desk.log()).toContain('pack refused: the form had no token of this session');
  });

  it.each([
    ['another site', 'http://evil.example'],
    ['a bare address', 'http://203.0.113.7'],
    ['a sandboxed page or a file ("null")', 'null'],
    ['its own host on another port', 'OTHER-PORT'],
    ['its own host and port over https', 'HTTPS'],
    ['a look-alike name', 'LOOK-ALIKE'],
  ])('refuses a pack, a sign-in and a sign-out posted from %s (403), making nothing', async (_, written) => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const url = new URL(desk.url);
    const origin =
      written === 'OTHER-PORT'
        ? `http://${url.hostname}:${Number(url.port) + 1}`
        : written === 'HTTPS'
          ? therapist.origin.replace(/^http:/, 'https:')
          : written === 'LOOK-ALIKE'
            ? `${therapist.origin}.evil.example`
            : written;
    const logged = desk.log();
    const token = await therapist.token();
    expectPage(await therapist.pack({ token }, { origin }), 403, "the desk acts only on its own page's forms");
    const signIn = await therapist.post('sign-in', { token, passphrase: PASSPHRASE }, { origin });
    expectPage(signIn, 403, "the desk acts only on its own page's forms");
    expectPage(await therapist.post('sign-out', { token }, { origin }), 403, "the desk acts only on its own page's");
    expect((await therapist.get('./')).status).toBe(200);
    expectNothingMade(logged);
  });

  it('refuses a form posted with no Origin header at all (403), making nothing', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const logged = desk.log();
    const token = await therapist.token();
    const form = new URLSearchParams({ token, item: 'heel-raises', patient: PATIENT }).toString();
    expectPage(await therapist.request('POST', 'pack', form), 403, "the desk acts only on its own page's forms");
    expect(desk.log()).toContain('127.0.0.1 refused: a form from another site (/pack)');
    expectNothingMade(logged);
  });

  it('refuses a form larger than a desk form can be (413), said by its length or found while reading it', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const logged = desk.log();
    const token = await therapist.token();
    const big = new URLSearchParams({ token, item: 'heel-raises', patient: PATIENT, note: 'x'.repeat(1_100_000) });
    const told = await therapist.post('pack', big);
    expectPage(told, 413, 'The form is too large: shorten the note.');
    // Sent in pieces, with no length said beforehand: the desk stops keeping it once it is too large.
    const pieces = await therapist.request('POST', 'pack', Buffer.from(big.toString()), {
      origin: therapist.origin,
      'transfer-encoding': 'chunked',
    });
    expectPage(pieces, 413, 'The form is too large: shorten the note.');
    const signIn = await therapist.post('sign-in', { token, passphrase: 'p'.repeat(10_000) });
    expectPage(signIn, 413, 'The form is too large');
    expect(desk.log()).toContain('127.0.0.1 refused: a form too large (/pack)');
    expectNothingMade(logged);
  });

  it('refuses a request addressed to it by another name (DNS rebinding) (403), making nothing', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const logged = desk.log();
    const token = await therapist.token();
    const answer = await therapist.pack({ token }, { host: 'evil.example', origin: 'http://evil.example' });
    expectPage(answer, 403, 'The desk answers only at its own addresses');
    expectPage(await therapist.get('./', { host: 'evil.example' }), 403, 'The desk answers only at its own addresses');
    expect(desk.log()).toContain('127.0.0.1 refused: addressed as "evil.example"');
    expectNothingMade(logged);
  });

  it('ends a session unused for 30 minutes: its pack is refused (403), and the desk page asks to sign in again', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const token = await therapist.token();
    const logged = desk.log();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 30 * 60_000 + 1_000 });
    try {
      const answer = await therapist.pack({ token });
      expectPage(answer, 403, 'You were signed out after 30 minutes without use, and no pack was made.');
      expect(answer.text).toContain('<a href="sign-in">Sign in</a>');
      // The session is gone: the desk page sends the browser to sign in.
      const page = await therapist.get('./');
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('sign-in');
    } finally {
      vi.useRealTimers();
    }
    expectNothingMade(logged);
    expect(desk.log()).toContain('127.0.0.1 pack refused: the session had ended');
  });

  it('keeps a session used within 30 minutes', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 29 * 60_000 });
    try {
      expect((await therapist.get('./')).status).toBe(200);
      vi.setSystemTime(Date.now() + 29 * 60_000);
      expect((await therapist.get('./')).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out: the session ends, its cookie is cleared, and its token makes no more packs', async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const cookie = therapist.cookies.get('leaflet-desk') ?? '';
    const token = await therapist.token();
    const out = await therapist.post('sign-out', { token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('sign-in?out');
    expect(out.headers['set-cookie']?.[0]).toMatch(/^leaflet-desk=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expectPage(await therapist.get('sign-in?out'), 200, 'You are signed out.');
    // The old cookie, sent again, is worth nothing.
    therapist.cookies.set('leaflet-desk', cookie);
    expectPage(await therapist.pack({ token }), 403, 'No pack was made: sign in to the desk first');
    expect(desk.log()).toContain('127.0.0.1 signed out');
  });

  it('shows the pictures of the exercises only to a browser signed in, each sent so that it can run nothing', async () => {
    const stranger = new Visitor(desk.url);
    expect((await stranger.get('picture/heel-raises')).status).toBe(404);
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const picture = await therapist.get('picture/heel-raises');
    expect(picture.status).toBe(200);
    expect(picture.headers['content-type']).toBe('image/svg+xml');
    expect(picture.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(picture.text).toContain('<svg');
    for (const address of ['picture/../leaflet.config.yaml', 'picture/nothing-here', 'picture/plantar-fasciitis'])
      expect((await therapist.get(address)).status, address).toBe(404);
    // The page's own files and the logo are there for the sign-in page too.
    for (const address of ['desk.css', 'desk.js', 'logo']) expect((await stranger.get(address)).status).toBe(200);
  });

  it("prints ten packs asked for at the same moment, each with its own patient's name, and no other's", async () => {
    const therapist = new Visitor(desk.url);
    await therapist.signIn();
    const token = await therapist.token();
    // The browser is warm: a pack was printed before.
    expect((await therapist.pack({ token, patient: 'Warm Up' })).status).toBe(200);
    const names = Array.from({ length: 10 }, (_, index) => `Patient Number${String.fromCharCode(65 + index)}`);
    const started = performance.now();
    const answers = await Promise.all(
      names.map(async (patient) => {
        const items = ['plantar-fasciitis', 'calf-stretch', 'towel-stretch', 'heel-raises'];
        const form = new URLSearchParams([
          ['token', token],
          ...items.map((item) => ['item', item]),
          ['patient', patient],
        ]);
        const answer = await therapist.post('pack', form);
        return { answer, patient, seconds: (performance.now() - started) / 1000 };
      }),
    );
    console.info(`ten packs at once: ${answers.map(({ seconds }) => seconds.toFixed(2)).join(', ')} s`);
    const dir = tempDir('leaflet-desk-ten-');
    for (const [index, { answer, patient }] of answers.entries()) {
      expect(answer.status, answer.text.slice(0, 500)).toBe(200);
      const file = path.join(dir, `${index}.pdf`);
      writeFileSync(file, answer.body);
      const text = pdfText(file, { layout: false });
      expect(text).toContain(patient);
      for (const other of names.filter((name) => name !== patient)) expect(text).not.toContain(other);
    }
  });

  it("writes in its log who signed in and what was printed, never a patient's name, a note or the passphrase", () => {
    const log = desk.log();
    expect(log).toContain('signed in');
    expect(log).toContain('printed heel-raises');
    for (const typed of [PATIENT, 'Quillfeather', NOTE, 'concrete', PASSPHRASE, 'NumberA', 'Warm Up'])
      expect(log).not.toContain(typed);
  });
});

describe('leaflet desk behind a reverse proxy (TLS) at its public address', () => {
  const PUBLIC = 'https://desk.riverside-physio.example';
  // The passphrase from a file the config names, as a service would keep it.
  const desk = deskInProcess(['--trust-proxy'], {
    config: `desk:\n  publicOrigin: ${PUBLIC}\n  passphraseFile: ./desk-passphrase\n`,
    files: { 'desk-passphrase': `${PASSPHRASE}\n` },
  });
  /** A browser at `address`, its requests coming through the proxy over HTTPS at the public address. */
  const behindProxy = (address: string): Visitor =>
    new Visitor(desk.url, {
      host: new URL(PUBLIC).host,
      origin: PUBLIC,
      'x-forwarded-proto': 'https',
      'x-forwarded-for': address,
    });

  it('signs in with a Secure, HttpOnly, SameSite=Strict __Host- cookie, and prints a pack', async () => {
    const therapist = behindProxy('198.51.100.23');
    const signedIn = await therapist.signIn();
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers['set-cookie']?.[0]).toMatch(
      /^__Host-leaflet-desk=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
    const answer = await therapist.pack();
    expect(answer.status, answer.text.slice(0, 500)).toBe(200);
    expect(answer.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(desk.log()).toContain('Therapists sign in with the passphrase from ./desk-passphrase.');
    // The log names the address the proxy says the request came from, not the proxy's own.
    expect(desk.log()).toContain('198.51.100.23 signed in');
    expect(desk.log()).toContain('198.51.100.23 printed heel-raises');
  });

  it('refuses a form from any origin but its public address (403), even its own over plain http', async () => {
    const therapist = behindProxy('198.51.100.24');
    await therapist.signIn();
    const token = await therapist.token();
    for (const origin of ['http://desk.riverside-physio.example', 'https://evil.example', 'null']) {
      const answer = await therapist.pack({ token }, { origin });
      expectPage(answer, 403, "the desk acts only on its own page's forms");
    }
  });

  it('allows five wrong passphrases a minute from an address: the sixth try gets 429, even the right one, while another address signs in', async () => {
    const guesser = behindProxy('203.0.113.66');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await guesser.signIn(`not the passphrase ${attempt}`);
      expectPage(answer, 403, 'That is not the passphrase.');
    }
    const blocked = await guesser.signIn();
    expectPage(blocked, 429, 'Too many wrong passphrases from this computer in the last minute. Wait');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await guesser.get('./')).status).toBe(303);
    const colleague = behindProxy('203.0.113.67');
    expect((await colleague.signIn()).status).toBe(303);
    expect(desk.log()).toContain('203.0.113.66 sign-in refused: too many attempts');
    // A minute later the address may try again.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      expect((await guesser.signIn()).status).toBe(303);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('leaflet desk after the articles change on disk (a git pull)', () => {
  const desk = deskInProcess([]);
  const file = (name: string): string => path.join(desk.dir, name);
  const edit = (name: string, change: (text: string) => string): void =>
    writeFileSync(file(name), change(readFileSync(file(name), 'utf8')));

  it('offers the articles as they are now: a new title, a new exercise, and no article made a draft', async () => {
    const visitor = new Visitor(desk.url);
    expect((await visitor.get('./')).text).toContain('Heel raises');
    let from = desk.log().length;
    writeFileSync(
      file('exercises/toe-curls.md'),
      readFileSync(file('exercises/heel-raises.md'), 'utf8').replace(/^title: .*$/m, 'title: Toe curls'),
    );
    edit('exercises/heel-raises.md', (text) => text.replace('title: Heel raises', 'title: Heel raises on a step'));
    // Made a draft last: the reload that says so has read the other changes too.
    edit('articles/plantar-fasciitis.md', (text) => text.replace(/^---\n/, '---\ndraft: true\n'));
    await desk.said(
      /packs\/heel-pain-first-visit\.yaml:\d+: articles names "plantar-fasciitis", which is a draft/,
      from,
    );
    const page = (await visitor.get('./')).text;
    expect(page).toContain('Heel raises on a step');
    expect(page).toContain('value="toe-curls"');
    expect(page).not.toContain('value="plantar-fasciitis"');
    // A page loaded before asks for the article made a draft: refused, saying why.
    const answer = await visitor.pack({ item: 'plantar-fasciitis' });
    expectPage(answer, 400, '"Plantar fasciitis: what helps" is a draft now (articles/plantar-fasciitis.md has');
    // The standard pack that names the draft now is not offered (the desk said why, above).
    expect(page).not.toContain('value="heel-pain-first-visit"');
    expect(desk.log().slice(from)).toContain('Reloaded: 14 articles and exercises, 1 standard pack.');
    from = desk.log().length;
    writeFileSync(file('leaflet.config.yaml'), 'clinic: [not, a, clinic]\n', { flag: 'a' });
    await desk.said(/The desk goes on with the articles it had/, from);
    expect(desk.log().slice(from)).toContain('leaflet.config.yaml');
    expect((await visitor.get('./')).text).toContain('Heel raises on a step');
  });
});

describe('leaflet desk --log <file>', () => {
  const file = path.join(tempDir('leaflet-desk-log-'), 'desk.log');
  const desk = deskInProcess(['--log', file]);

  it("appends its access log to the file, readable by its own account alone, and never a patient's name", async () => {
    const answer = await new Visitor(desk.url).pack();
    expect(answer.status, answer.text.slice(0, 500)).toBe(200);
    const log = readFileSync(file, 'utf8');
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z 127\.0\.0\.1 printed heel-raises\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(desk.log()).not.toMatch(/Z 127\.0\.0\.1 printed/);
    expect(desk.log()).toContain(`The access log is appended to ${file}`);
    for (const typed of [PATIENT, 'Quillfeather', NOTE]) expect(log).not.toContain(typed);
  });
});

describe('a busy desk (one page, no queue, a time limit of 1 ms)', () => {
  const desk = deskInProcess([], { config: 'desk:\n  pages: 1\n  queue: 0\n  timeout: 1\n' });

  it('tells the therapist to try again (503) when the pack takes longer than its time, and when the queue is full', async () => {
    const therapist = new Visitor(desk.url);
    const token = await therapist.token();
    // The first pack is given up after 1 ms, but goes on printing and keeps the one page: the next finds no room.
    const late = await therapist.pack({ token });
    expectPage(late, 503, 'The pack was not ready within 1 second, and no pack was made. Try again in a minute');
    expect(late.headers['retry-after']).toBe('10');
    const busy = await therapist.pack({ token });
    expectPage(busy, 503, 'The desk is making many packs for other therapists just now, and no pack was made.');
    expect(desk.log()).toContain('pack not made: too slow');
    expect(desk.log()).toContain('pack not made: the desk was busy');
    expect(listFiles(desk.dir)).toEqual(desk.before);
  });
});

describe('leaflet desk refusing to start', () => {
  const refused = async (args: string[], env: Record<string, string>, message: string): Promise<void> => {
    const dir = copySamples();
    const before = listFiles(dir);
    const run = await leaflet(['desk', '--port', '0', ...args], dir, { env, browser });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at |TypeError|internal error/);
    expect(listFiles(dir)).toEqual(before);
  };

  it('refuses to listen on the network without a passphrase (exit 2), saying how to set one', async () => {
    await refused(
      ['--host', '0.0.0.0'],
      {},
      "--host 0.0.0.0: the desk would listen on the clinic's network, so it needs a passphrase for therapists to " +
        'sign in with. Set the environment variable LEAFLET_DESK_PASSPHRASE in the environment the desk runs in',
    );
    await refused(['--host', '192.0.2.10'], {}, '--host 192.0.2.10: the desk would listen on the clinic');
  });

  it('refuses to serve a trusted proxy without a passphrase (exit 2), even on 127.0.0.1', async () => {
    await refused(
      ['--trust-proxy'],
      {},
      'the trusted proxy (--trust-proxy or desk.trustProxy): the desk is reached from the network through a proxy, ' +
        'so it needs a passphrase',
    );
  });

  it('refuses a passphrase too short to share (exit 2), naming LEAFLET_DESK_PASSPHRASE and never repeating it', async () => {
    await refused(
      ['--host', '0.0.0.0'],
      { LEAFLET_DESK_PASSPHRASE: 'secret7' },
      'LEAFLET_DESK_PASSPHRASE holds a passphrase of 7 characters; the desk needs at least 12.',
    );
  });

  it('refuses a log file it cannot write (exit 2), naming --log', async () => {
    await refused(
      ['--log', 'no-such-folder/desk.log'],
      {},
      '--log no-such-folder/desk.log: cannot write there (ENOENT). Check that the folder exists',
    );
  });

  it('takes no passphrase on the command line (exit 2)', async () => {
    const dir = copySamples();
    const run = await leaflet(['desk', '--passphrase', PASSPHRASE], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--passphrase'");
  });
});

/** A Chromium of the test's own, to drive the desk as a therapist's browser would (the desk prints with another). */
function therapistBrowser(): () => Browser {
  let driver: Browser | undefined;
  beforeAll(async () => {
    driver = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
  });
  afterAll(() => driver?.close());
  return () => {
    if (!driver) throw new Error('the browser has not started');
    return driver;
  };
}

/**
 * The next pack the browser is sent, whichever tab it opens in, read as the browser receives it (Chromium's own PDF
 * viewer shows it, and offers no way to read it back).
 */
async function nextPack(driver: Browser): Promise<{ status: number; pdf: Buffer; done: () => Promise<void> }> {
  const session = await driver.target().createCDPSession();
  return new Promise((resolve, reject) => {
    session.on('Fetch.requestPaused', (event: { requestId: string; responseStatusCode?: number }) => {
      session
        .send('Fetch.getResponseBody', { requestId: event.requestId })
        .then(async (body) => {
          await session.send('Fetch.continueRequest', { requestId: event.requestId });
          const pdf = Buffer.from(body.body, body.base64Encoded ? 'base64' : 'utf8');
          resolve({ status: event.responseStatusCode ?? 0, pdf, done: () => session.detach() });
        })
        .catch(reject);
    });
    session.send('Fetch.enable', { patterns: [{ urlPattern: '*/pack', requestStage: 'Response' }] }).catch(reject);
  });
}

/** The values of the items shown (or ticked) on the desk page. */
function itemValues(page: Page, which: 'shown' | 'ticked'): Promise<string[]> {
  return page.$$eval(
    which === 'shown' ? '.choice:not([hidden]) input[name=item]' : 'input[name=item]:checked',
    (boxes) => boxes.map((box) => (box as HTMLInputElement).value),
  );
}

/** Replace what a field holds, as a therapist would: select it all, and type over it. */
async function typeOver(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  if (text) await page.type(selector, text);
}

describe("a therapist's session in a real browser", () => {
  const driver = therapistBrowser();

  it('signs in, filters, starts from a standard pack, changes a dose, previews the PDF, and leaves the name and note in no file and no log', async () => {
    const dir = copySamples();
    const tmp = tempDir('leaflet-desk-tmp-');
    const before = listFiles(dir);
    const desk = startLeaflet(['desk', '--host', '0.0.0.0', '--port', '0'], dir, {
      TMPDIR: tmp,
      LEAFLET_DESK_PASSPHRASE: PASSPHRASE,
    });
    const [, url = ''] = await desk.waitFor(/Desk: (\S+)/);
    await desk.waitFor(/Ctrl-C stops it/);
    const context = await driver().createBrowserContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    expect(page.url()).toBe(`${url}sign-in`);
    await page.type('input[name=passphrase]', PASSPHRASE);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.title()).toBe('Make a pack – Riverside Physiotherapy');

    // Find by words, then by the area of the body.
    await page.type('#search', 'heel');
    expect(await itemValues(page, 'shown')).toEqual([
      'plantar-fasciitis',
      'calf-stretch',
      'heel-raises',
      'towel-stretch',
    ]);
    expect(await page.$eval('#shown', (status) => status.textContent)).toBe(
      'Showing 4 of 14 (ticked ones always stay).',
    );
    await typeOver(page, '#search', '');
    await page.select('#area', 'back and neck');
    expect(await itemValues(page, 'shown')).toEqual(['chin-tucks', 'shoulder-blade-squeezes']);
    await page.select('#area', '');

    // Start from a standard pack: its items ticked, its doses filled in, its title.
    await page.select('#standard', 'heel-pain-first-visit');
    await page.click('#start');
    expect(await itemValues(page, 'ticked')).toEqual([
      'plantar-fasciitis',
      'calf-stretch',
      'heel-raises',
      'towel-stretch',
    ]);
    const value = (name: string): Promise<string> =>
      page.$eval(`[name="${name}"]`, (field) => (field as HTMLInputElement).value);
    expect(await value('dose.towel-stretch.hold')).toBe('20');
    expect(await value('dose.heel-raises.sets')).toBe('2');
    expect(await value('dose.heel-raises.reps')).toBe('10');
    expect(await value('title')).toBe('Heel pain: first visit');
    expect(await page.$eval('#chosen', (status) => status.textContent)).toBe('4 items in the pack.');

    // This patient's dose, name and note.
    await typeOver(page, 'input[name="dose.heel-raises.reps"]', '15');
    await page.type('input[name=patient]', PATIENT);
    await page.type('input[name=therapist]', 'Morwenna Pengelly');
    await page.type('textarea[name=note]', NOTE);
    const packed = nextPack(driver());
    await page.click('button[value=preview]');
    const { status, pdf, done } = await packed;
    await done();
    expect(status).toBe(200);
    const file = path.join(tempDir('leaflet-desk-preview-'), 'pack.pdf');
    writeFileSync(file, pdf);
    const text = pdfText(file, { layout: false });
    expect(text).toContain('Heel pain: first visit');
    expect(text).toContain(PATIENT);
    expect(text).toContain(NOTE);
    expect(text).toContain('2 sets of 15, once a day');
    expect(text).toContain('hold 20 seconds');
    await context.close();

    // The log says who signed in and what was printed; nothing the therapist typed is in it, or in any file left.
    expect(desk.stderr()).toMatch(/Z 127\.0\.0\.1 signed in\n/);
    expect(desk.stderr()).toMatch(
      /Z 127\.0\.0\.1 printed plantar-fasciitis, calf-stretch, heel-raises, towel-stretch\n/,
    );
    const typed = ['Quillfeather', 'concrete', 'Pengelly'];
    for (const word of typed) {
      expect(desk.stderr()).not.toContain(word);
      expect(filesHolding(word, [dir, tmp]), `${word}, while the desk runs`).toEqual([]);
    }
    expect(await desk.stop()).toBe(0);
    for (const word of typed) expect(filesHolding(word, [dir, tmp]), `${word}, after`).toEqual([]);
    expect(listFiles(dir)).toEqual(before);
    // Chromium's profile was a folder in the temporary folder, and is gone.
    expect(readdirSync(tmp).filter((entry) => statSync(path.join(tmp, entry)).isDirectory())).toEqual([]);
  });
});

/** The W3C Nu checker's errors in `files`. */
function nuErrors(files: string[]): Promise<string[]> {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve, reject) => {
    const java = spawn('java', [
      '-Xss4m',
      '-XX:TieredStopAtLevel=1',
      '-jar',
      jar,
      '--errors-only',
      '--format',
      'json',
      ...files,
    ]);
    let output = '';
    java.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.on('error', reject);
    java.on('close', () => {
      const { messages } = JSON.parse(output) as { messages: { url: string; lastLine?: number; message: string }[] };
      resolve(messages.map((m) => `${path.basename(m.url)}:${m.lastLine}: ${m.message}`));
    });
  });
}

describe('the desk page, for every therapist', () => {
  const desk = deskInProcess(['--host', '0.0.0.0'], { env: { LEAFLET_DESK_PASSPHRASE: PASSPHRASE } });
  const driver = therapistBrowser();

  /** A page of the driver's, signed in to the desk, at the width of a tablet held upright. */
  async function signedInTablet(): Promise<Page> {
    const page = await (await driver().createBrowserContext()).newPage();
    await page.setViewport({ width: 768, height: 1024, hasTouch: true, isMobile: true });
    // axe is added to the page as a script of its own, which the desk's policy would (rightly) refuse.
    await page.setBypassCSP(true);
    await page.goto(desk.url, { waitUntil: 'load' });
    await page.type('input[name=passphrase]', PASSPHRASE);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
    return page;
  }

  it('has no axe-core violations (WCAG 2.2 AA), signing in or making a pack, with exercises ticked', async () => {
    const page = await (await driver().createBrowserContext()).newPage();
    await page.setBypassCSP(true);
    await page.goto(`${desk.url}sign-in`, { waitUntil: 'networkidle0' });
    expect(await axeViolations(page)).toEqual([]);
    const desk768 = await signedInTablet();
    await desk768.select('#standard', 'heel-pain-first-visit');
    await desk768.click('#start');
    expect(await axeViolations(desk768)).toEqual([]);
    await desk768.goto(`${desk.url}nothing-here`, { waitUntil: 'networkidle0' });
    expect(await axeViolations(desk768)).toEqual([]);
  });

  it('fits a tablet held upright (768 px): no sideways scrolling, a picture on every exercise, targets large enough to tap', async () => {
    const page = await signedInTablet();
    await page.select('#standard', 'heel-pain-first-visit');
    await page.click('#start');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    const pictures = await page.$$eval('.card img', (images) =>
      images.map((image) => ({ loaded: (image as HTMLImageElement).naturalWidth > 0, width: image.clientWidth })),
    );
    expect(pictures).toHaveLength(6);
    for (const picture of pictures) expect(picture).toEqual({ loaded: true, width: expect.any(Number) });
    for (const picture of pictures) expect(picture.width).toBeGreaterThan(150);
    // Every button, field and box to tick is at least 44 px high, or sits in a label that is (a finger's width).
    const small = await page.$$eval('button, input:not([type=hidden]), select', (controls) =>
      controls
        .filter((control) => (control as HTMLElement).offsetParent !== null)
        .filter(
          (control) =>
            Math.max(
              control.getBoundingClientRect().height,
              control.closest('label')?.getBoundingClientRect().height ?? 0,
            ) < 44,
        )
        .map((control) => control.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    const shot = path.join(tempDir('leaflet-desk-tablet-'), 'desk-768.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.info(`the desk page on a tablet: ${shot}`);
  });

  it('is usable by keyboard alone: sign in, start from a standard pack, tick an exercise, each focus visible', async () => {
    const page = await (await driver().createBrowserContext()).newPage();
    await page.goto(desk.url, { waitUntil: 'networkidle0' });
    const focused = (): Promise<{ name: string; outline: string }> =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return {
          name: element.id || element.getAttribute('name') || element.textContent?.trim() || element.tagName,
          outline: getComputedStyle(element).outlineStyle,
        };
      });
    /** Tab until `name` has the focus, at most `most` times; every stop on the way shows where the focus is. */
    const tabTo = async (name: string, most = 30): Promise<void> => {
      for (let press = 0; press < most; press += 1) {
        await page.keyboard.press('Tab');
        const now = await focused();
        expect(now.outline, `the focus on ${now.name}`).not.toBe('none');
        if (now.name === name) return;
      }
      throw new Error(`${name} was not reached by Tab`);
    };
    await tabTo('passphrase');
    await page.keyboard.type(PASSPHRASE);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
    await tabTo('standard');
    await page.keyboard.press('ArrowDown');
    expect(await page.$eval('#standard', (select) => (select as HTMLSelectElement).value)).not.toBe('');
    await tabTo('start');
    await page.keyboard.press('Enter');
    expect((await itemValues(page, 'ticked')).length).toBeGreaterThan(0);
    const ticked = await itemValues(page, 'ticked');
    await tabTo('item', 60);
    const box = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await page.keyboard.press('Space');
    expect((await itemValues(page, 'ticked')).includes(box)).toBe(!ticked.includes(box));
  });

  it('is valid HTML (the W3C Nu checker and html-validate): the desk page, the sign-in page, a message page', async () => {
    const dir = tempDir('leaflet-desk-html-');
    const visitor = new Visitor(desk.url);
    const pages = {
      'sign-in.html': (await visitor.get('sign-in')).text,
      'message.html': (await visitor.get('nothing-here')).text,
    };
    await visitor.signIn();
    const all = { ...pages, 'desk.html': (await visitor.get('./')).text };
    const files = Object.entries(all).map(([name, html]) => {
      const file = path.join(dir, name);
      writeFileSync(file, html);
      return file;
    });
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateFile(file);
      for (const result of report.results)
        for (const message of result.messages)
          problems.push(`${path.basename(file)}:${message.line}: ${message.ruleId} ${message.message}`);
    }
    expect(problems).toEqual([]);
    expect(await nuErrors(files)).toEqual([]);
  });
});
