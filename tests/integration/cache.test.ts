// The incremental cache: a rebuild prints only the leaflets whose content, template, config or page set-up changed,
// and launches no browser when nothing did; emails and the web site are written again only when what they are made
// from changed.
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/outputs/report.js';
import { REPO, fixtureWith, runLeaflet } from './cli.js';

const ARGS = ['build', '-f', 'leaflet', '--json'];

async function build(dir: string, extra: string[] = []): Promise<BuildReport> {
  const run = await runLeaflet([...ARGS, ...extra], dir);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as BuildReport;
}

const unchangedFiles = (report: BuildReport): string[] =>
  report.articles.flatMap((article) => article.outputs.filter((output) => output.unchanged).flatMap((output) => output.files)).sort();

describe('rebuilding leaflets', () => {
  let dir: string;
  const knee = (): string => path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
  beforeAll(async () => {
    dir = fixtureWith();
    for (const broken of ['broken-yaml', 'missing-title']) rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
    const first = await build(dir);
    expect(first.browserLaunches).toBe(1);
    expect(first.totals.leaflet).toMatchObject({ built: 2, unchanged: 0 });
  });

  it('launches no browser and keeps every PDF when nothing changed', async () => {
    const before = statSync(knee()).mtimeMs;
    const again = await build(dir);
    expect(again.browserLaunches).toBe(0);
    expect(again.totals.leaflet).toMatchObject({ built: 2, unchanged: 2 });
    expect(statSync(knee()).mtimeMs).toBe(before);
  });

  it('prints again only the article that changed', async () => {
    const file = path.join(dir, 'articles', 'knee-pain.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Weak hip muscles', 'Weak hip and thigh muscles'));
    const again = await build(dir);
    expect(again.browserLaunches).toBe(1);
    expect(unchangedFiles(again)).toEqual(['out/leaflet/ankle-sprain.pdf']);
  });

  it('prints again the article whose image changed', async () => {
    const image = path.join(dir, 'articles', 'images', 'dot.png');
    // Bytes after a PNG's end are ignored by viewers but change the file, and so the leaflet it is inlined in.
    writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed')]));
    const again = await build(dir);
    expect(unchangedFiles(again)).toEqual(['out/leaflet/ankle-sprain.pdf']);
  });

  it('prints nothing again when files are only touched', async () => {
    const file = path.join(dir, 'articles', 'images', 'dot.png');
    const now = new Date();
    utimesSync(file, now, now);
    const again = await build(dir);
    expect(again.browserLaunches).toBe(0);
    expect(again.totals.leaflet.unchanged).toBe(2);
  });

  it('prints again a PDF that was replaced or deleted since', async () => {
    writeFileSync(knee(), 'not a PDF');
    const again = await build(dir);
    expect(unchangedFiles(again)).toEqual(['out/leaflet/ankle-sprain.pdf']);
    expect(readFileSync(knee()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints everything again when the config changes what a leaflet shows', async () => {
    const file = path.join(dir, 'leaflet.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { clinic: { phone: string } };
    config.clinic.phone = '01000 111111';
    writeFileSync(file, JSON.stringify(config));
    const again = await build(dir);
    expect(unchangedFiles(again)).toEqual([]);
  });

  it('prints everything again with --force', async () => {
    const again = await build(dir, ['--force']);
    expect(again.browserLaunches).toBe(1);
    expect(again.totals.leaflet).toMatchObject({ built: 2, unchanged: 0 });
  });

  it('says which leaflets were unchanged on stderr', async () => {
    const run = await runLeaflet(['build', '-f', 'leaflet'], dir);
    expect(run.stderr).toContain('out/leaflet/knee-pain.pdf (unchanged)');
    expect(run.stderr).toMatch(/leaflet 2 built \(2 unchanged, 1 skipped\)/);
  });
});

describe('rebuilding emails and the web site', () => {
  let dir: string;
  const emailBuild = (extra: string[] = []): Promise<BuildReport> => buildWith(['build', '-f', 'email,web', '--json', ...extra]);
  async function buildWith(args: string[]): Promise<BuildReport> {
    const run = await runLeaflet(args, dir);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as BuildReport;
  }
  const unchangedOf = (report: BuildReport, format: 'email' | 'web'): string[] =>
    report.articles
      .flatMap((article) => article.outputs.filter((output) => output.format === format && output.unchanged).map(() => article.file))
      .sort();

  beforeAll(async () => {
    dir = fixtureWith();
    for (const broken of ['broken-yaml', 'missing-title']) rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
    const first = await emailBuild();
    expect(first.totals.email).toMatchObject({ built: 2, unchanged: 0 });
  });

  it('keeps every email and page, untouched, when nothing changed', async () => {
    const page = path.join(dir, 'out', 'web', 'index.html');
    const before = statSync(page).mtimeMs;
    const again = await emailBuild();
    expect(again.totals.email).toMatchObject({ built: 2, unchanged: 2 });
    expect(again.totals.web).toMatchObject({ built: 2, unchanged: 2 });
    expect(statSync(page).mtimeMs).toBe(before);
  });

  it('writes again the email of the article that changed, and the whole site (its lists show every article)', async () => {
    const file = path.join(dir, 'articles', 'knee-pain.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Weak hip muscles', 'Weak hip and thigh muscles'));
    const again = await emailBuild();
    expect(unchangedOf(again, 'email')).toEqual(['articles/ankle.md']);
    expect(unchangedOf(again, 'web')).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'email', 'knee-pain.txt'), 'utf8')).toContain('Weak hip and thigh muscles');
    expect(readFileSync(path.join(dir, 'out', 'web', 'knee-pain', 'index.html'), 'utf8')).toContain('Weak hip and thigh muscles');
  });

  it('writes again what uses an image that changed, and an output deleted since', async () => {
    const image = path.join(dir, 'articles', 'images', 'dot.png');
    writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed again')]));
    const changed = await emailBuild();
    expect(unchangedOf(changed, 'email')).toEqual(['articles/ankle.md']);
    expect(unchangedOf(changed, 'web')).toEqual([]);

    rmSync(path.join(dir, 'out', 'web', 'tags'), { recursive: true });
    rmSync(path.join(dir, 'out', 'email', 'ankle-sprain.txt'));
    const repaired = await emailBuild();
    expect(unchangedOf(repaired, 'email')).toEqual(['articles/knee-pain.md']);
    expect(unchangedOf(repaired, 'web')).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'email', 'ankle-sprain.txt'), 'utf8')).toContain('Ankle sprain');
    expect(statSync(path.join(dir, 'out', 'web', 'tags')).isDirectory()).toBe(true);
  });

  it('writes everything again when a template changes, or with --force', async () => {
    mkdirSync(path.join(dir, 'templates', 'web', 'partials'), { recursive: true });
    const footer = readFileSync(path.join(REPO, 'templates', 'web', 'partials', 'site-footer.hbs'), 'utf8');
    writeFileSync(path.join(dir, 'templates', 'web', 'partials', 'site-footer.hbs'), `${footer}\n<!-- our footer -->\n`);
    const templated = await emailBuild();
    expect(unchangedOf(templated, 'email')).toEqual(['articles/ankle.md', 'articles/knee-pain.md']);
    expect(unchangedOf(templated, 'web')).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'web', 'index.html'), 'utf8')).toContain('<!-- our footer -->');
    const forced = await emailBuild(['--force']);
    expect(forced.totals.email.unchanged + forced.totals.web.unchanged).toBe(0);
  });
});
