// The desk page of `leaflet preview`, driven in a real Chromium as a therapist would use it: search, tick, set a
// dose, type the patient's name and a note, download the pack; then the PDF read back, and the patient's name looked
// for everywhere else.
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { BrowserPool } from '../../src/machinery/browser.js';
import { tempDir } from '../helpers.js';
import {
  copySamples,
  filesHolding,
  listFiles,
  pdfInfo,
  pdfOutline,
  pdfText,
  sharedBrowser,
  startLeaflet,
  TEST_ENV,
} from './cli.js';

const browser = sharedBrowser();

/** GET a page of the preview; resolves with the status and the body. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      })
      .on('error', reject);
  });
}

/** The token the desk page's form carries, read from the page as a browser would. */
async function deskToken(desk: string): Promise<string> {
  const token = /<input type="hidden" name="token" value="([^"]+)">/.exec((await get(desk)).body)?.[1];
  if (!token) throw new Error(`no token in the desk page at ${desk}`);
  return token;
}

/** POST a form to the preview; resolves with the status and the body. */
function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('the desk page', () => {
  it(
    "makes the pack a therapist ticks, in a real browser, and keeps the patient's name out of every " + 'other file',
    async () => {
      const dir = copySamples();
      const tmp = tempDir('leaflet-desk-tmp-');
      const preview = startLeaflet(['preview', '--port', '0'], dir, { TMPDIR: tmp });
      const [, desk = ''] = await preview.waitFor(/Make a pack for a patient: (\S+)/);
      const downloads = tempDir('leaflet-desk-downloads-');

      await browser.withPage(async (page) => {
        const session = await page.createCDPSession();
        await session.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
        // As "localhost": the test's Chromium, like the build's, resolves no other name (and maps even addresses).
        await page.goto(desk.replace('127.0.0.1', 'localhost'), { waitUntil: 'load' });
        expect(await page.title()).toBe('Make a pack – Riverside Physiotherapy');
        // The search box narrows the list; what is ticked stays.
        await page.type('#search', 'heel');
        const shown = await page.$$eval('.choice:not([hidden]) input[name=item]', (boxes) =>
          boxes.map((box) => (box as HTMLInputElement).value),
        );
        expect(shown).toContain('plantar-fasciitis');
        expect(shown).toContain('heel-raises');
        expect(shown).not.toContain('chin-tucks');
        await page.click('input[name=item][value=plantar-fasciitis]');
        await page.click('input[name=item][value=heel-raises]');
        await page.click('input[name=item][value=calf-stretch]');
        // The dose fields show once an exercise is ticked.
        await page.type('input[name="dose.heel-raises.reps"]', '12');
        await page.type('input[name="dose.calf-stretch.hold"]', '40');
        await page.type('input[name=patient]', 'Bartholomew Quillfeather');
        await page.type('input[name=therapist]', 'Sam Taylor');
        await page.type('textarea[name=note]', 'Walk on grass, not concrete, this week.');
        await page.click('button[value=download]');
      });

      const file = await waitForFile(downloads, /^pack-\d{4}-\d{2}-\d{2}\.pdf$/);
      const text = pdfText(file, { layout: false });
      expect(text).toContain('Bartholomew Quillfeather');
      expect(text).toContain('Walk on grass, not concrete, this week.');
      expect(text).toContain('3 sets of 12, once a day');
      expect(text).toContain('3 sets, hold 40 seconds, twice a day, both sides');
      const pages = Number(pdfInfo(file).Pages);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect((await pdfOutline(file)).filter((title) => !title.startsWith(' '))).toEqual([
        'Advice and exercises from your physiotherapist',
        'Plantar fasciitis: what helps',
        'Calf stretch against a wall',
        'Heel raises',
      ]);

      // Nowhere else: not the project, out/, the cache, the preview's output, or its temporary folder (Chromium's profile
      // included, while it still runs and after).
      expect(filesHolding('Quillfeather', [dir, tmp])).toEqual([]);
      expect(preview.stderr()).not.toContain('Quillfeather');
      await preview.stop();
      expect(filesHolding('Quillfeather', [dir, tmp])).toEqual([]);
      expect(readdirSync(tmp).filter((entry) => statSync(path.join(tmp, entry)).isDirectory())).toEqual([]);
    },
  );

  it('says what to fix in a form posted from the desk page itself', async () => {
    const dir = copySamples();
    const preview = startLeaflet(['preview', '--port', '0'], dir);
    const [, desk = ''] = await preview.waitFor(/Make a pack for a patient: (\S+)/);
    const pack = `${desk}pack`;
    const own = { origin: new URL(desk).origin };
    const token = await deskToken(desk);
    expect(await post(pack, `token=${token}&patient=Ann`, own)).toMatchObject({
      status: 400,
      body: expect.stringContaining('tick at least one article or exercise'),
    });
    expect(await post(pack, `token=${token}&item=heel-raises&dose.heel-raises.reps=500`, own)).toMatchObject({
      status: 400,
      body: expect.stringContaining('reps expected at most 100 repetitions'),
    });
    await preview.stop();
  });

  it('is not served when the preview listens on the network', async () => {
    const dir = copySamples();
    const preview = startLeaflet(['preview', '--port', '0', '--host', '0.0.0.0'], dir);
    const [, url = ''] = await preview.waitFor(/Preview: (\S+)/);
    expect(preview.stderr()).not.toContain('Make a pack');
    expect((await post(`${url}__leaflet/desk/pack`, 'item=heel-raises')).status).toBe(404);
    await preview.stop();
  });
});

/**
 * `leaflet preview` run in this process for the tests of a describe block, on a copy of the samples: started before
 * them, stopped after. What it prints is kept, to look for what a form held.
 */
function previewInProcess(browser: BrowserPool): {
  dir: string;
  desk: string;
  origin: string;
  token: string;
  printed: () => string;
  before: string[];
} {
  const interrupt = new AbortController();
  const started = { dir: '', desk: '', origin: '', token: '', printed: () => printed, before: [] as string[] };
  let printed = '';
  let running: Promise<number> = Promise.resolve(0);
  beforeAll(async () => {
    started.dir = copySamples();
    let ready: (desk: string) => void = () => undefined;
    const desk = new Promise<string>((resolve) => (ready = resolve));
    const write = (text: string): void => {
      printed += text;
      const found = /Make a pack for a patient: (\S+)/.exec(printed)?.[1];
      if (found) ready(found);
    };
    const io = {
      cwd: started.dir,
      stdout: write,
      stderr: write,
      env: { ...process.env, ...TEST_ENV },
      color: false,
      browser,
      interrupt: interrupt.signal,
    };
    running = main(['preview', '--port', '0'], io);
    started.desk = await Promise.race([
      desk,
      running.then((code) => Promise.reject(new Error(`the preview stopped (${code}):\n${printed}`))),
    ]);
    started.origin = new URL(started.desk).origin;
    started.token = await deskToken(started.desk);
    started.before = listFiles(started.dir);
  });
  afterAll(async () => {
    interrupt.abort();
    await running;
  });
  return started;
}

/** The words of an HTML answer, its character references read. */
const words = (answer: { body: string }): string => decodeHTML(answer.body);

/** What a therapist types, to look for in every answer and everything printed. */
const TYPED = { patient: 'Bartholomew Quillfeather', note: 'Walk on grass, not concrete.' };

/** A desk form for heel raises, as typed, with `token` when given. */
function deskForm(token?: string, fields: Record<string, string> = {}): string {
  return new URLSearchParams({
    ...(token === undefined ? {} : { token }),
    item: 'heel-raises',
    ...TYPED,
    action: 'download',
    ...fields,
  }).toString();
}

describe('the desk refuses a pack not asked for by its own form', () => {
  const preview = previewInProcess(browser);
  const pack = (): string => `${preview.desk}pack`;
  /** The answer was a refusal page, not a PDF; nothing was written in the project; nothing typed was repeated. */
  const expectNothingMade = (answer: { body: string }): void => {
    expect(words(answer)).toMatch(/^<!doctype html>/);
    expect(listFiles(preview.dir)).toEqual(preview.before);
    expect(listFiles(preview.dir).filter((file) => file.endsWith('.pdf'))).toEqual([]);
    for (const typed of [...Object.values(TYPED), 'Quillfeather', 'concrete']) {
      expect(words(answer)).not.toContain(typed);
      expect(preview.printed()).not.toContain(typed);
    }
  };
  const refusal = "No pack was made: a pack is made only from the desk page's own form, on this computer.";

  it.each([
    ['a page at a bare IPv4 address', 'http://203.0.113.7'],
    ['a page at a bare IPv4 address and port', 'http://203.0.113.7:8080'],
    ['a page at a bare IPv6 address', 'http://[2001:db8::1]'],
    ['a sandboxed page or a file ("null")', 'null'],
    ['a look-alike name', 'http://127.0.0.1.evil.example'],
  ])("refuses a post from %s (403), saying to use the desk page's form, and makes nothing", async (_, origin) => {
    const answer = await post(pack(), deskForm(preview.token), { origin });
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain(refusal);
    expectNothingMade(answer);
  });

  it('refuses a post from its own host on another port (403), and makes nothing', async () => {
    const url = new URL(preview.desk);
    const answer = await post(pack(), deskForm(preview.token), {
      origin: `http://${url.hostname}:${Number(url.port) + 1}`,
    });
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain(refusal);
    expectNothingMade(answer);
  });

  it('refuses a post from its own host and port over https (403), and makes nothing', async () => {
    const answer = await post(pack(), deskForm(preview.token), { origin: preview.origin.replace(/^http:/, 'https:') });
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain(refusal);
    expectNothingMade(answer);
  });

  it(
    'refuses a post from its own address with the port written after a look-alike name (403), and ' + 'makes nothing',
    async () => {
      const answer = await post(pack(), deskForm(preview.token), { origin: `${preview.origin}.evil.example` });
      expect(answer.status).toBe(403);
      expect(words(answer)).toContain(refusal);
      expectNothingMade(answer);
    },
  );

  it('refuses a post with no Origin header at all (403), and makes nothing', async () => {
    const answer = await post(pack(), deskForm(preview.token));
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain(refusal);
    expectNothingMade(answer);
  });

  it("refuses a post from its own origin without the desk page's token (403), and makes nothing", async () => {
    const answer = await post(pack(), deskForm(), { origin: preview.origin });
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain(refusal);
    expect(words(answer)).toContain('reload it, then make the pack again');
    expectNothingMade(answer);
  });

  it('refuses a post from its own origin with a wrong token (403), and makes nothing', async () => {
    const wrong = `${preview.token.slice(0, -1)}${preview.token.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [wrong, 'x', '']) {
      const answer = await post(pack(), deskForm(token), { origin: preview.origin });
      expect(answer.status).toBe(403);
      expect(words(answer)).toContain(refusal);
      expectNothingMade(answer);
    }
  });

  it('refuses a request addressed to it by another name (DNS rebinding) (403), and makes nothing', async () => {
    const answer = await post(pack(), deskForm(preview.token), { origin: 'http://evil.example', host: 'evil.example' });
    expect(answer.status).toBe(403);
    expect(words(answer)).toContain('The preview answers only addresses like http://127.0.0.1:port/');
    expectNothingMade(answer);
  });

  it(
    'answers a GET of the pack address, or a post anywhere else in the preview, with 405, and makes ' + 'nothing',
    async () => {
      const got = await get(pack());
      expect(got.status).toBe(405);
      expect(words(got)).toContain("Make a pack from the desk page's form.");
      const elsewhere = await post(`${new URL(preview.desk).origin}/`, deskForm(preview.token), {
        origin: preview.origin,
      });
      expect(elsewhere.status).toBe(405);
      expect(words(elsewhere)).toContain('To make a pack, use the form on the desk page.');
      expectNothingMade(elsewhere);
    },
  );

  it('refuses a note nested too deep to read (400), naming the note field, never repeating the note', async () => {
    for (const note of ['>'.repeat(30_000), `${'- '.repeat(10_000)}x`, `${'> 1. '.repeat(5_000)}x`]) {
      const answer = await post(pack(), deskForm(preview.token, { note }), { origin: preview.origin });
      expect(answer.status).toBe(400);
      expect(words(answer)).toMatch(
        /the note \("Notes from your physiotherapist"\): quotes or lists are nested \d+ deep \(line 1 of the note\); a note may nest them at most 40 deep/,
      );
      expect(words(answer)).not.toContain('>>>>');
      expect(words(answer)).not.toContain('- - -');
      expect(words(answer)).not.toMatch(/marked|RangeError|Maximum call stack/);
      expectNothingMade(answer);
    }
  });

  it("shows a plain page when making the pack fails (500): no library's words, no stack, and what to do", async () => {
    // A note marked itself fails on (not nested too deep: its own bug), so the pack cannot be made.
    const note = '_    *  \n* _```>x    *~~~*\n\t> - \n  _text * + x* * *';
    const answer = await post(pack(), deskForm(preview.token, { note }), { origin: preview.origin });
    expect(answer.status).toBe(500);
    expect(words(answer)).toContain('Something went wrong while making this.');
    expect(words(answer)).toContain('leaflet doctor');
    expect(words(answer)).not.toMatch(/marked|Please report|TypeError|Cannot read|\sat /);
    expectNothingMade(answer);
  });

  it("serves the desk page's stylesheet, script and pictures beside it, as leaflet desk does", async () => {
    for (const [name, type] of [
      ['desk.css', 'text/css; charset=utf-8'],
      ['desk.js', 'text/javascript; charset=utf-8'],
      ['logo', 'image/svg+xml'],
      ['picture/heel-raises', 'image/svg+xml'],
    ]) {
      const answer = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(`${preview.desk}${name}`, resolve).on('error', reject),
      );
      answer.resume();
      expect(`${name} ${answer.statusCode} ${answer.headers['content-type']}`).toBe(`${name} 200 ${type}`);
    }
    expect((await get(`${preview.desk}picture/plantar-fasciitis`)).status).toBe(404);
  });

  it('makes the PDF for a post from its own origin with its token, and writes it nowhere', async () => {
    const answer = await post(pack(), deskForm(preview.token), { origin: preview.origin });
    expect(answer.status, answer.body.slice(0, 500)).toBe(200);
    expect(answer.body.startsWith('%PDF-')).toBe(true);
    expect(listFiles(preview.dir)).toEqual(preview.before);
    expect(preview.printed()).not.toContain('Quillfeather');
  });
});

/** The path of the first file in `dir` whose name matches, once Chromium has finished writing it. */
async function waitForFile(dir: string, name: RegExp, ms = 30_000): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = readdirSync(dir).find((entry) => name.test(entry));
    if (found && existsSync(path.join(dir, found))) return path.join(dir, found);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no file like ${name} in ${dir}: ${readdirSync(dir).join(', ')}`);
}
