// The incremental cache: a rebuild prints only the leaflets whose content, template, config or page set-up changed,
// and launches no browser when nothing did; emails and the web site are written again only when what they are made
// from changed. Every test starts from its own fresh build, so none leans on another.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserManager, type BrowserPool } from '../../src/machinery/browser.js';
import { CACHE_FILE } from '../../src/machinery/cache.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { fixtureWith, leaflet, listFiles, REPO, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

/** A copy of the fixture project without its broken articles. */
function project(): string {
  const dir = fixtureWith();
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  return dir;
}

async function build(dir: string, args: string[], pool: BrowserPool = browser): Promise<BuildReport> {
  const run = await leaflet(['build', '--json', ...args], dir, { browser: pool });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as BuildReport;
}

/** A project whose leaflets were just printed. */
async function printed(): Promise<string> {
  const dir = project();
  const first = await build(dir, ['-f', 'leaflet']);
  expect(first.totals.leaflet).toMatchObject({ built: 2, unchanged: 0 });
  return dir;
}

const unchangedFiles = (report: BuildReport): string[] =>
  report.articles
    .flatMap((article) => article.outputs.filter((output) => output.unchanged).flatMap((output) => output.files))
    .sort();

const edit = (file: string, from: string, to: string): void =>
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

describe.concurrent('rebuilding leaflets', () => {
  it('launches no browser and keeps every PDF when nothing changed', async () => {
    // A browser of this test's own, so that its launches can be counted.
    const own = new BrowserManager({ jobs: 2 });
    try {
      const dir = project();
      expect((await build(dir, ['-f', 'leaflet'], own)).browserLaunches).toBe(1);
      const pdf = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
      const cache = path.join(dir, 'out', CACHE_FILE);
      const before = statSync(pdf).mtimeMs;
      const cacheBefore = statSync(cache).mtimeMs;
      const again = await build(dir, ['-f', 'leaflet'], own);
      expect(again.browserLaunches).toBe(0);
      expect(own.launches).toBe(1);
      expect(again.totals.leaflet).toMatchObject({ built: 2, unchanged: 2 });
      expect(statSync(pdf).mtimeMs).toBe(before);
      // The cache says nothing new either, so it is not written again.
      expect(statSync(cache).mtimeMs).toBe(cacheBefore);
    } finally {
      await own.dispose();
    }
  });

  it('prints again only the article that changed', async () => {
    const dir = await printed();
    edit(path.join(dir, 'articles', 'knee-pain.md'), 'Weak hip muscles', 'Weak hip and thigh muscles');
    expect(unchangedFiles(await build(dir, ['-f', 'leaflet']))).toEqual(['out/leaflet/ankle-sprain.pdf']);
  });

  it('prints again the article whose image changed', async () => {
    const dir = await printed();
    const image = path.join(dir, 'articles', 'images', 'dot.png');
    // Bytes after a PNG's end are ignored by viewers but change the file, and so the leaflet it is inlined in.
    writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed')]));
    expect(unchangedFiles(await build(dir, ['-f', 'leaflet']))).toEqual(['out/leaflet/ankle-sprain.pdf']);
  });

  it('prints nothing again when files are only touched', async () => {
    const dir = await printed();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'articles', 'images', 'dot.png'), later, later);
    utimesSync(path.join(dir, 'articles', 'knee-pain.md'), later, later);
    const cache = path.join(dir, 'out', CACHE_FILE);
    const stampOf = (text: string): string | undefined => /"articles\/images\/dot\.png": "(\d+:[^"]+)"/.exec(text)?.[1];
    const stamp = stampOf(readFileSync(cache, 'utf8'));
    expect((await build(dir, ['-f', 'leaflet'])).totals.leaflet.unchanged).toBe(2);
    // The image's new time is kept, so that the next build need not read it to know it is the same.
    const now = stampOf(readFileSync(cache, 'utf8'));
    expect(now).toBeDefined();
    expect(now).not.toBe(stamp);
    expect(now?.split(':')[1]).toBe(String(statSync(path.join(dir, 'articles', 'images', 'dot.png')).mtimeMs));
  });

  it('prints again a PDF that was replaced or deleted since', async () => {
    const dir = await printed();
    const knee = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
    writeFileSync(knee, 'not a PDF');
    rmSync(path.join(dir, 'out', 'leaflet', 'ankle-sprain.pdf'));
    expect(unchangedFiles(await build(dir, ['-f', 'leaflet']))).toEqual([]);
    expect(readFileSync(knee).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints everything again when the config changes what a leaflet shows', async () => {
    const dir = await printed();
    edit(path.join(dir, 'leaflet.config.json'), '"01000 000000"', '"01000 111111"');
    expect(unchangedFiles(await build(dir, ['-f', 'leaflet']))).toEqual([]);
  });

  it('prints everything again with --force', async () => {
    const dir = await printed();
    expect((await build(dir, ['-f', 'leaflet', '--force'])).totals.leaflet).toMatchObject({ built: 2, unchanged: 0 });
  });

  it('keeps the leaflets of a full build for a leaflet-only build, and the other way round', async () => {
    const dir = project();
    await build(dir, []);
    expect((await build(dir, ['-f', 'leaflet'])).totals.leaflet.unchanged).toBe(2);
    expect((await build(dir, [])).totals.leaflet.unchanged).toBe(2);
  });

  it('says which leaflets were unchanged on stderr, with --verbose', async () => {
    const dir = await printed();
    const run = await leaflet(['build', '-f', 'leaflet', '--verbose'], dir, { browser });
    expect(run.stderr).toContain('out/leaflet/knee-pain.pdf (unchanged)');
    expect(run.stderr).toMatch(/leaflet 2 built \(2 unchanged, 1 skipped\)/);
  });
});

describe.concurrent('rebuilding emails and the web site', () => {
  const emailBuild = (dir: string, extra: string[] = []): Promise<BuildReport> =>
    build(dir, ['-f', 'email,web', ...extra]);
  const unchangedOf = (report: BuildReport, format: 'email' | 'web'): string[] =>
    report.articles
      .flatMap((article) =>
        article.outputs.filter((output) => output.format === format && output.unchanged).map(() => article.file),
      )
      .sort();

  /** A project whose emails and site were just written. */
  async function written(): Promise<string> {
    const dir = project();
    expect((await emailBuild(dir)).totals.email).toMatchObject({ built: 2, unchanged: 0 });
    return dir;
  }

  it('keeps every email and page, untouched, when nothing changed', async () => {
    const dir = await written();
    const page = path.join(dir, 'out', 'web', 'index.html');
    const cache = path.join(dir, 'out', CACHE_FILE);
    const before = statSync(page).mtimeMs;
    const cacheBefore = readFileSync(cache, 'utf8');
    const cacheTime = statSync(cache).mtimeMs;
    const again = await emailBuild(dir);
    expect(again.totals.email).toMatchObject({ built: 2, unchanged: 2 });
    expect(again.totals.web).toMatchObject({ built: 2, unchanged: 2 });
    expect(statSync(page).mtimeMs).toBe(before);
    expect(statSync(cache).mtimeMs).toBe(cacheTime);
    expect(readFileSync(cache, 'utf8')).toBe(cacheBefore);
  });

  it(
    'writes again the email of the article that changed, and the whole site (its lists show every ' + 'article)',
    async () => {
      const dir = await written();
      edit(path.join(dir, 'articles', 'knee-pain.md'), 'Weak hip muscles', 'Weak hip and thigh muscles');
      const again = await emailBuild(dir);
      expect(unchangedOf(again, 'email')).toEqual(['articles/ankle.md']);
      expect(unchangedOf(again, 'web')).toEqual([]);
      expect(readFileSync(path.join(dir, 'out', 'email', 'knee-pain.txt'), 'utf8')).toContain(
        'Weak hip and thigh muscles',
      );
      expect(readFileSync(path.join(dir, 'out', 'web', 'knee-pain', 'index.html'), 'utf8')).toContain(
        'Weak hip and thigh muscles',
      );
    },
  );

  it('writes again what uses an image that changed', async () => {
    const dir = await written();
    const image = path.join(dir, 'articles', 'images', 'dot.png');
    writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed again')]));
    const changed = await emailBuild(dir);
    expect(unchangedOf(changed, 'email')).toEqual(['articles/ankle.md']);
    expect(unchangedOf(changed, 'web')).toEqual([]);
  });

  it('writes again an output deleted since', async () => {
    const dir = await written();
    rmSync(path.join(dir, 'out', 'web', 'tags'), { recursive: true });
    rmSync(path.join(dir, 'out', 'email', 'ankle-sprain.txt'));
    const repaired = await emailBuild(dir);
    expect(unchangedOf(repaired, 'email')).toEqual(['articles/knee-pain.md']);
    expect(unchangedOf(repaired, 'web')).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'email', 'ankle-sprain.txt'), 'utf8')).toContain('Ankle sprain');
    expect(statSync(path.join(dir, 'out', 'web', 'tags')).isDirectory()).toBe(true);
  });

  it('writes the site again when a template changes, but not the emails', async () => {
    const dir = await written();
    mkdirSync(path.join(dir, 'templates', 'web', 'partials'), { recursive: true });
    const footer = readFileSync(path.join(REPO, 'templates', 'web', 'partials', 'site-footer.hbs'), 'utf8');
    writeFileSync(
      path.join(dir, 'templates', 'web', 'partials', 'site-footer.hbs'),
      `${footer}\n<!-- our footer -->\n`,
    );
    const templated = await emailBuild(dir);
    expect(unchangedOf(templated, 'email')).toEqual(['articles/ankle.md', 'articles/knee-pain.md']);
    expect(unchangedOf(templated, 'web')).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'web', 'index.html'), 'utf8')).toContain('<!-- our footer -->');
  });

  it('writes everything again with --force', async () => {
    const dir = await written();
    const forced = await emailBuild(dir, ['--force']);
    expect(forced.totals.email.unchanged + forced.totals.web.unchanged).toBe(0);
  });
});

describe.concurrent('a cache CI can carry', () => {
  const totalsUnchanged = (report: BuildReport): Record<string, number> =>
    Object.fromEntries(
      (['leaflet', 'email', 'web'] as const)
        .filter((format) => report.totals[format].built > 0)
        .map((format) => [format, report.totals[format].unchanged]),
    );

  it(
    'prints no PDF and writes nothing again after the project and out/ went through tar, into ' + 'another folder',
    async () => {
      const dir = project();
      await build(dir, []);
      // GNU tar keeps whole seconds only, as CI caches and artifacts do: every file's time changes, its content does not.
      const archive = path.join(dir, '..', `${path.basename(dir)}.tar`);
      execFileSync('tar', ['-cf', archive, '-C', dir, '.']);
      const restored = mkdtempSync(path.join(path.dirname(dir), 'restored-'));
      execFileSync('tar', ['-xf', archive, '-C', restored]);
      const pdf = path.join(restored, 'out', 'leaflet', 'knee-pain.pdf');
      expect(statSync(pdf).mtimeMs % 1000).toBe(0);

      const again = await build(restored, []);
      expect(totalsUnchanged(again)).toEqual({ leaflet: 2, email: 2, web: 2 });
      expect(statSync(pdf).mtimeMs % 1000).toBe(0);
      // And the next build trusts the new times without reading the files again.
      expect(totalsUnchanged(await build(restored, []))).toEqual({ leaflet: 2, email: 2, web: 2 });
    },
  );

  it('prints again a leaflet whose image changed but kept its size and time', async () => {
    const dir = await printed();
    const image = path.join(dir, 'articles', 'images', 'dot.png');
    const { mtime } = statSync(image);
    const bytes = readFileSync(image);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(image, bytes);
    // Only the time's sub-second part is kept (as after tar), so the content is what tells.
    const seconds = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
    utimesSync(image, seconds, seconds);
    expect(unchangedFiles(await build(dir, ['-f', 'leaflet']))).toEqual(['out/leaflet/ankle-sprain.pdf']);
  });

  it('keeps the cache where --cache-dir says', async () => {
    const dir = project();
    await build(dir, ['-f', 'email,web', '--cache-dir', '.leaflet-cache']);
    expect(existsSync(path.join(dir, 'out', CACHE_FILE))).toBe(false);
    expect(existsSync(path.join(dir, '.leaflet-cache', CACHE_FILE))).toBe(true);
    expect(totalsUnchanged(await build(dir, ['-f', 'email,web', '--cache-dir', '.leaflet-cache']))).toEqual({
      email: 2,
      web: 2,
    });
    // Without it, this build finds no cache in out/ and writes everything.
    expect(totalsUnchanged(await build(dir, ['-f', 'email,web']))).toEqual({ email: 0, web: 0 });
  });
});

describe.concurrent('outputs of articles that are gone', () => {
  const filesOf = (dir: string): string[] =>
    listFiles(path.join(dir, 'out')).filter((file) => !file.startsWith('web/assets/'));

  it('are deleted by a full build, with the folders they leave empty, and only by a full build', async () => {
    const dir = project();
    await build(dir, []);
    expect(filesOf(dir)).toContain('web/ankle-sprain/index.html');
    rmSync(path.join(dir, 'articles', 'ankle.md'));
    edit(path.join(dir, 'articles', 'knee-pain.md'), '(./ankle.md)', '(https://example.org/ankle)');

    // Building one article leaves the rest of out/ alone.
    await build(dir, ['articles/knee-pain.md']);
    expect(filesOf(dir)).toContain('leaflet/ankle-sprain.pdf');

    await build(dir, []);
    const left = filesOf(dir);
    expect(left.filter((file) => file.includes('ankle'))).toEqual([]);
    expect(left).toEqual(
      expect.arrayContaining([
        'leaflet/knee-pain.pdf',
        'email/knee-pain.html',
        'web/knee-pain/index.html',
        'web/index.html',
      ]),
    );
    expect(existsSync(path.join(dir, 'out', 'web', 'ankle-sprain'))).toBe(false);
    expect(existsSync(path.join(dir, 'out', 'web', 'tags', 'ankles'))).toBe(false);
  });

  it('are kept while their article fails, and deleted once it becomes a draft', async () => {
    const dir = project();
    await build(dir, ['-f', 'leaflet,email']);
    const ankle = path.join(dir, 'articles', 'ankle.md');
    edit(ankle, 'title:', 'title: [');
    expect((await leaflet(['build', '-f', 'leaflet,email'], dir, { browser })).code).toBe(1);
    expect(filesOf(dir)).toEqual(expect.arrayContaining(['leaflet/ankle-sprain.pdf', 'email/ankle-sprain.html']));

    edit(ankle, 'title: [', 'draft: true\ntitle:');
    await build(dir, ['-f', 'leaflet,email']);
    expect(filesOf(dir).filter((file) => file.includes('ankle'))).toEqual([]);
  });
});
