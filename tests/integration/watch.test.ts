// Working on articles live: `leaflet build --watch` rebuilds on save, and `leaflet preview` serves the site on
// localhost, reloads open pages and shows print previews.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureWith, startLeaflet as start } from './cli.js';

const edit = (dir: string, file: string, change: (text: string) => string): void => {
  const target = path.join(dir, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
};

/** GET `url`, as a browser would (or with another Host header, as a page using DNS rebinding would). */
function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Open the preview's event stream; resolves with the first message after `trigger` runs. */
function nextReload(url: string, trigger: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}__leaflet/events`, (res) => {
      res.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.startsWith(': connected')) trigger();
        const message = /^data: (.*)$/m.exec(text);
        if (message?.[1]) {
          req.destroy();
          resolve(message[1]);
        }
      });
    });
    req.on('error', reject);
    setTimeout(() => reject(new Error('no reload message within 30s')), 30_000).unref();
  });
}

function project(): string {
  const dir = fixtureWith();
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  return dir;
}

describe('leaflet build --watch', () => {
  it('builds, rebuilds on a saved change, survives a broken config and stops cleanly on Ctrl-C', async () => {
    const dir = project();
    const run = start(['build', '--watch', '-f', 'email,web'], dir);
    await run.waitFor(/Watching articles, templates and the config/);
    expect(readFileSync(path.join(dir, 'out', 'email', 'knee-pain.txt'), 'utf8')).not.toContain('hip and thigh');

    let mark = run.stderr().length;
    edit(dir, 'articles/knee-pain.md', (text) => text.replace('Weak hip muscles', 'Weak hip and thigh muscles'));
    await run.waitFor(/Changed: articles\/knee-pain\.md[\s\S]*Done in [\d.]+s[\s\S]*Watching/, mark);
    expect(readFileSync(path.join(dir, 'out', 'email', 'knee-pain.txt'), 'utf8')).toContain('hip and thigh');
    expect(readFileSync(path.join(dir, 'out', 'web', 'knee-pain', 'index.html'), 'utf8')).toContain('hip and thigh');

    mark = run.stderr().length;
    edit(dir, 'leaflet.config.json', (text) => text.replace('"clinic": {', '"clinic": { "colour": "blue",'));
    await run.waitFor(/error leaflet\.config\.json[^\n]*unknown key "colour"[\s\S]*last good one is kept/, mark);

    mark = run.stderr().length;
    edit(dir, 'leaflet.config.json', (text) => text.replace('"colour": "blue",', ''));
    await run.waitFor(/Done in [\d.]+s/, mark);

    expect(await run.stop()).toBe(0);
  });

  it('stops cleanly, exit code 0, on Ctrl-C during its first build', async () => {
    const dir = project();
    const run = start(['build', '--watch'], dir);
    await run.waitFor(/Building \d+ articles/);
    expect(await run.stop()).toBe(0);
    expect(run.stderr()).toContain('Stopping');
    expect(run.stderr()).not.toContain('Watching');
  });
});

describe('leaflet preview', () => {
  it('serves the site, reloads the page after a saved change, and shows print previews', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
    const long =
      'When your knee hurts after a long run on hard roads it is often because the muscles around ' +
      'your hip are tired and let the knee roll in.';
    edit(dir, 'articles/knee-pain.md', (text) => `${text}\n${long}\n`);
    const run = start(['preview', '--port', '0'], dir);
    const url = (await run.waitFor(/Preview: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] ?? '';

    const index = await get(url);
    expect(index.status).toBe(200);
    expect(index.body).toContain('Knee pain when you run');
    expect(index.body).toContain('<script src="/__leaflet/reload.js"></script>');
    const page = await get(`${url}knee-pain/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/__leaflet/print/knee-pain/"');
    expect((await get(`${url}assets/style.css`)).status).toBe(200);
    expect((await get(`${url}no-such-page/`)).status).toBe(404);

    // Nothing outside the site, however the address is spelled; nothing for a name that is not this computer's.
    for (const outside of [
      '../secret.txt',
      '..%2fsecret.txt',
      '%2e%2e/%2e%2e/secret.txt',
      '..%5csecret.txt',
      '%2e%2e%2f%2e%2e%2fleaflet.config.json',
      '%E0%A4%A',
    ]) {
      const answer = await get(`${url}${outside}`);
      expect(answer.status, outside).not.toBe(200);
      expect(answer.body, outside).not.toMatch(/not for the web|"clinic"/);
    }
    expect((await get(url, { host: 'rebinding.example:80' })).status).toBe(403);
    expect((await get(url, { host: `localhost:${new URL(url).port}` })).status).toBe(200);

    const print = await get(`${url}__leaflet/print/knee-pain/`);
    expect(print.status).toBe(200);
    expect(print.body).toContain('Print preview of “Knee pain when you run” (A4)');
    expect(print.body).toContain('Your notes');
    expect((await get(`${url}__leaflet/print/no-such-article/`)).status).toBe(404);

    // The quality checks, counted in the toolbar and listed on their own page.
    expect(page.body).toMatch(/href="\/__leaflet\/check\/knee-pain\/">Quality check: \d+ warnings?<\/a>/);
    const checks = await get(`${url}__leaflet/check/knee-pain/`);
    expect(checks.status).toBe(200);
    expect(checks.body).toContain('Quality check: Knee pain when you run');
    expect(checks.body).toMatch(/Grade [\d.]+ \(SMOG/);
    expect((await get(`${url}__leaflet/check/no-such-article/`)).status).toBe(404);

    // The content report, made afresh, linked from the toolbar of every page of the site; the site's search index.
    expect(index.body).toContain('href="/__leaflet/report/">Content report</a>');
    expect(page.body).toContain('href="/__leaflet/report/">Content report</a>');
    const report = await get(`${url}__leaflet/report/`);
    expect(report.status).toBe(200);
    expect(report.body).toContain('Content review report: Test Valley Physio');
    expect(report.body).toContain('<a href="/knee-pain/">Knee pain when you run</a>');
    expect(report.body).toContain('href="/__leaflet/check/knee-pain/"');
    expect((await get(`${url}pagefind/pagefind-entry.json`)).status).toBe(200);

    // A finding shows the words it is about.
    expect(checks.body).toContain(`sentence of 28 words`);
    expect(checks.body).toContain(`<blockquote>${long}</blockquote>`);

    // Drafts are shown, and marked.
    const draft = await get(`${url}draft-note/`);
    expect(draft.status).toBe(200);
    expect(draft.body).toContain('DRAFT – not for patients');
    expect(page.body).not.toContain('DRAFT – not for patients');

    const reload = await nextReload(url, () =>
      edit(dir, 'articles/knee-pain.md', (text) => text.replace('Weak hip muscles', 'Weak hip and thigh muscles')),
    );
    expect(reload).toBe('reload');
    expect((await get(`${url}knee-pain/`)).body).toContain('hip and thigh');
    expect((await get(`${url}__leaflet/print/knee-pain/`)).body).toContain('hip and thigh');

    // A broken save shows over the page, with where it is, until a save fixes it.
    await nextReload(url, () =>
      edit(dir, 'articles/ankle.md', (text) => text.replace('title:', 'title: "Unclosed\nold-title:')),
    );
    const broken = (await get(`${url}knee-pain/`)).body;
    expect(broken).toContain('The last build found 1 problem');
    expect(broken).toMatch(/<code>articles\/ankle\.md:\d+<\/code> a quote is opened and never closed/);
    await nextReload(url, () =>
      edit(dir, 'articles/ankle.md', (text) => text.replace('title: "Unclosed\nold-title:', 'title:')),
    );
    expect((await get(`${url}knee-pain/`)).body).not.toContain('The last build found');

    expect(await run.stop()).toBe(0);
  });

  it('says when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = start(['preview', '--port', String(port)], project());
      await run.waitFor(new RegExp(`port ${port} is in use: choose another with --port`));
      expect(await new Promise((resolve) => run.child.on('close', resolve))).toBe(2);
    } finally {
      blocker.close();
    }
  });
});
