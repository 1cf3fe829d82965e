// Contained and robust printing: a leaflet may load nothing from outside the project, a page that hangs or a browser
// that dies fails only that leaflet, and the browser is closed on every way out, Ctrl-C included.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { allowedWhilePrinting, printPdf } from '../../src/formats/leaflet/pdf.js';
import type { LeafletDocument } from '../../src/formats/leaflet/render.js';
import { BrowserManager } from '../../src/machinery/browser.js';
import { tempDir } from '../helpers.js';
import {
  BIN,
  fixtureWith,
  leaflet,
  listFiles,
  pdfInfo,
  pdfText,
  REPO,
  runLeaflet,
  sharedBrowser,
  TEST_ENV,
} from './cli.js';

const browser = sharedBrowser();

/** Processes whose command line mentions `marker` (Chromium's profile lives under the TMPDIR we give the CLI). */
function processesMentioning(marker: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

/** A TMPDIR of its own, so that this run's Chromium can be told apart from other tests'. */
function privateTmp(): string {
  const dir = path.join(tempDir('leaflet-tmp-'), 'tmp');
  mkdirSync(dir);
  return dir;
}

describe('what a page may load while it prints', () => {
  const root = '/home/clinic/site';

  it('allows inline data and files inside the project, nothing else', () => {
    expect(allowedWhilePrinting('data:image/png;base64,AAAA', root)).toBe(true);
    expect(allowedWhilePrinting('about:blank', root)).toBe(true);
    expect(allowedWhilePrinting('file:///home/clinic/site/articles/images/foot.png', root)).toBe(true);
    expect(allowedWhilePrinting('file:///home/clinic/site-old/foot.png', root)).toBe(false);
    expect(allowedWhilePrinting('file:///home/clinic/site/../secrets.txt', root)).toBe(false);
    expect(allowedWhilePrinting('file:///etc/passwd', root)).toBe(false);
    expect(allowedWhilePrinting('https://example.org/photo.png', root)).toBe(false);
    expect(allowedWhilePrinting('http://localhost:8080/x.css', root)).toBe(false);
    expect(allowedWhilePrinting('ws://example.org/', root)).toBe(false);
  });

  it('blocks what comes from the internet, warns naming the article, and still prints it', async () => {
    const dir = fixtureWith();
    writeFileSync(
      path.join(dir, 'articles', 'remote.md'),
      [
        '---',
        'title: A photo from the internet',
        '---',
        '',
        'Some text before the photo.',
        '',
        '![A photo](https://example.org/photo.png)',
        '',
      ].join('\n'),
    );
    const run = await leaflet(['build', 'articles/remote.md', '-f', 'leaflet'], dir, { browser });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /articles\/remote\.md: leaflet: blocked a request for https:\/\/example\.org\/photo\.png \(printing never goes online/,
    );
    const pdf = path.join(dir, 'out', 'leaflet', 'remote.pdf');
    expect(pdfText(pdf)).toContain('Some text before the photo.');
  });

  it('refuses an article that points at a file outside the project, before printing anything', async () => {
    const dir = fixtureWith();
    writeFileSync(
      path.join(dir, 'articles', 'outside.md'),
      [
        '---',
        'title: Outside',
        '---',
        '',
        'Text.',
        '',
        '<img src="file:///etc/hostname" alt="A file outside the project">',
        '',
      ].join('\n'),
    );
    const run = await leaflet(['build', 'articles/outside.md', 'articles/knee-pain.md', '-f', 'leaflet'], dir, {
      browser,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('articles/outside.md:7: image "file:///etc/hostname" is outside the project folder');
    expect(listFiles(path.join(dir, 'out', 'leaflet'))).toEqual(['knee-pain.pdf']);
  });
});

/**
 * A project whose leaflet template never finishes loading the page of the article with slug "hang". Articles cannot
 * run scripts (they are taken out), but a clinic's own templates can.
 */
function projectWithHangingTemplate(change?: (config: Record<string, any>) => void): string {
  const dir = fixtureWith(change);
  mkdirSync(path.join(dir, 'templates', 'leaflet'), { recursive: true });
  const layout = readFileSync(path.join(REPO, 'templates', 'leaflet', 'layout.hbs'), 'utf8');
  writeFileSync(
    path.join(dir, 'templates', 'leaflet', 'layout.hbs'),
    layout.replace('</body>', '{{#if (eq article.slug "hang")}}<script>while (true) {}</script>{{/if}}</body>'),
  );
  writeFileSync(path.join(dir, 'articles', 'hang.md'), '---\ntitle: Hangs\n---\n\nThis page never finishes.\n');
  return dir;
}

describe.concurrent('a leaflet that never finishes loading', () => {
  it('fails alone with a message naming it and the time limit; the others are printed', async () => {
    // Long enough for the others to print while the stuck page burns a core and the rest of the suite runs.
    const dir = projectWithHangingTemplate((config) => (config.leaflet = { timeout: 6000 }));
    const run = await leaflet(
      ['build', 'articles/hang.md', 'articles/knee-pain.md', 'articles/ankle.md', '-f', 'leaflet'],
      dir,
      { browser },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /articles\/hang\.md.*printing took longer than 6s \(leaflet\.timeout in the config sets the limit\)/,
    );
    const printed = listFiles(path.join(dir, 'out', 'leaflet'));
    expect(printed, run.stderr).toEqual(['ankle-sprain.pdf', 'knee-pain.pdf']);
    for (const file of printed)
      expect(Number(pdfInfo(path.join(dir, 'out', 'leaflet', file)).Pages)).toBeGreaterThan(0);
    // The stuck page was thrown away, not lent again: the next leaflet prints.
    const next = await leaflet(['build', 'articles/knee-pain.md', '-f', 'leaflet', '--force'], dir, { browser });
    expect(next.code, next.stderr).toBe(0);
  });
});

describe.concurrent('a browser that dies while printing', () => {
  const manager = new BrowserManager({ jobs: 1 });
  afterAll(() => manager.dispose());

  const doc = (title: string, body: string): LeafletDocument => ({
    variant: 'standard',
    html:
      `<!doctype html><html ` +
      `lang="en-GB"><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
    footerHtml: '<span></span>',
    inputs: [],
    size: 'A4',
    margin: { top: '20mm', right: '20mm', bottom: '20mm', left: '20mm' },
    metadata: {
      title,
      author: undefined,
      subject: undefined,
      keywords: [],
      lang: 'en-GB',
      creator: 'leaflet test',
      date: undefined,
    },
  });

  it('fails the leaflet being printed, then starts a new browser for the next one', async () => {
    const scope = { root: tempDir(), timeout: 30_000 };
    const first = await manager.withPage((page) => printPdf(page, doc('Before', '<p>Fine.</p>'), scope));
    expect(first.bytes.byteLength).toBeGreaterThan(0);
    expect(manager.launches).toBe(1);

    const dying = manager.withPage(async (page) => {
      const printing = printPdf(page, doc('During', '<script>while (true) {}</script>'), scope);
      setTimeout(() => page.browser().process()?.kill('SIGKILL'), 500);
      return printing;
    });
    await expect(dying).rejects.toThrow();

    const after = await manager.withPage((page) => printPdf(page, doc('After', '<p>Fine again.</p>'), scope));
    expect(Buffer.from(after.bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect(manager.launches).toBe(2);
  });
});

describe.concurrent('a build stopped while the browser starts', () => {
  it('asks the new browser for no page, and stops waiting for one at once', async () => {
    const manager = new BrowserManager({ jobs: 1 });
    manager.warm();
    const asked = expect(manager.withPage(async () => 'printed')).rejects.toBeInstanceOf(InterruptedError);
    // The page is being asked for, waiting on the launch, when the build stops.
    await new Promise((resolve) => setImmediate(resolve));
    await manager.dispose();
    // Before, the page was asked for once the launch finished, and Puppeteer waited half a minute for it.
    await asked;
  });
});

describe.concurrent('Ctrl-C during a build (end to end)', () => {
  it.for([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s stops, closes the browser, leaves only complete files, says "not built" and exits %i',
    async ([signal, exitCode]) => {
      // A leaflet that never finishes loading holds the build open (its limit is far off), so the interrupt always
      // comes while leaflets are still printing: once every email is written, the web pages wait for the leaflets.
      const dir = projectWithHangingTemplate();
      const tmp = privateTmp();
      const child = spawn(process.execPath, [BIN, 'build', '--jobs', '1', '--large-print', '--verbose'], {
        cwd: dir,
        env: { ...process.env, ...TEST_ENV, TMPDIR: tmp },
      });
      let stderr = '';
      let interrupted = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!interrupted && (stderr.match(/✓ email /g) ?? []).length === 3) {
          interrupted = true;
          child.kill(signal);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(interrupted, stderr).toBe(true);
      expect(code, stderr).toBe(exitCode);
      expect(stderr).toContain('Stopping: closing the browser');
      // What was never started is "not built", not "failed".
      expect(stderr).toMatch(/leaflet \d+ built[^\n]*\d+ not built/);
      expect(stderr).not.toMatch(/\d+ failed/);
      expect(processesMentioning(tmp)).toEqual([]);

      const out = path.join(dir, 'out');
      const files = listFiles(out);
      expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
      expect(files.filter((file) => file.startsWith('email/'))).toHaveLength(6);
      // The build stopped before the hanging leaflet and the web pages.
      expect(files).not.toContain('leaflet/hang.pdf');
      expect(files.filter((file) => file.startsWith('web/'))).toEqual([]);
      for (const pdf of files.filter((file) => file.endsWith('.pdf')))
        expect(Number(pdfInfo(path.join(out, pdf)).Pages)).toBeGreaterThan(0);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
        ok: boolean;
        errors: { code: string }[];
      };
      expect(report.ok).toBe(false);
      expect(report.errors.map((error) => error.code)).toContain('INTERRUPTED');
    },
  );
});

describe('a browser started early (a first build, or --force)', () => {
  it(
    'is closed when the build stops before printing: a path that does not exist, exit 2, no ' + 'Chromium left',
    async () => {
      const dir = fixtureWith();
      const tmp = privateTmp();
      const run = await runLeaflet(['build', 'articles/not-there.md', '--force'], dir, { TMPDIR: tmp });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('not-there.md');
      expect(processesMentioning(tmp)).toEqual([]);
    },
  );
});
