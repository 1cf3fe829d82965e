// `leaflet report` on the sample project and the fixture project: every article and exercise listed with its review
// state, a translation reviewed before its source changed marked as behind, what needs action first, drafts and files
// that cannot be read listed too, the HTML page accessible (axe in Chromium) and printed on landscape pages, the CSV
// read back by a CSV parser, and always exit 0; a wrong option stops it (exit 2) with nothing written.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewReport } from '../../src/commands/preview/report-page.js';
import type { Report } from '../../src/commands/report/report.js';
import { findBrowser, launchArgs } from '../../src/machinery/browser.js';
import { TODAY } from '../helpers.js';
import { axeViolations } from './axe.js';
import { copyFixture, copySamples, leaflet, listFiles } from './cli.js';

const SAMPLES = [
  'ankle-circles',
  'ankle-sprain',
  'ankle-sprain-ar',
  'ankle-sprain-cy',
  'ankle-sprain-pl',
  'calf-stretch',
  'chin-tucks',
  'desk-posture',
  'foot-pain-and-back-pain',
  'heel-raises',
  'plantar-fasciitis',
  'plantar-fasciitis-es',
  'shoulder-blade-squeezes',
  'towel-stretch',
];

/** The samples, the Polish ankle sprain reviewed before its English source was. */
let dir: string;
let html: string;
beforeAll(async () => {
  dir = copySamples();
  const polish = path.join(dir, 'articles', 'pl', 'ankle-sprain.md');
  writeFileSync(polish, readFileSync(polish, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2026-05-01'));
  const run = await leaflet(['report', '--today', TODAY], dir);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain('Written to out/report/index.html');
  html = readFileSync(path.join(dir, 'out', 'report', 'index.html'), 'utf8');
});

describe('leaflet report', () => {
  it('lists every sample with its review state and marks the translation reviewed before its source', async () => {
    const run = await leaflet(['report', '--json', '--today', TODAY], dir);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ clinic: 'Riverside Physiotherapy', today: TODAY, dueWithinDays: 90 });
    expect(report.rows.map((row) => row.slug).sort()).toEqual(SAMPLES);
    const bySlug = new Map(report.rows.map((row) => [row.slug, row]));
    // As of 25 November 2026 every sample was reviewed this year and is next due in 2027.
    expect(bySlug.get('ankle-sprain')).toMatchObject({
      review: 'fine',
      nextReview: '2027-06-08',
      author: 'Tom Evans, MCSP',
      reviewer: 'Dr Asha Patel',
      translations: [
        expect.objectContaining({ lang: 'ar', behind: false }),
        expect.objectContaining({ lang: 'cy', behind: false }),
        expect.objectContaining({ lang: 'pl', behind: true }),
      ],
    });
    expect(bySlug.get('ankle-sprain-pl')?.behindSource).toEqual({
      slug: 'ankle-sprain',
      file: 'articles/ankle-sprain.md',
      changed: '2026-06-08',
    });
    expect(bySlug.get('ankle-sprain')?.grade).toBeGreaterThan(0);
    expect(bySlug.get('ankle-sprain')?.sources.length).toBe(2);
    // What needs action comes first: the translation behind and its source (nothing is overdue or in error).
    expect(
      report.rows
        .slice(0, 2)
        .map((row) => row.slug)
        .sort(),
    ).toEqual(['ankle-sprain', 'ankle-sprain-pl']);
    expect(report.rows[2]?.needs.map((need) => need.kind)).not.toContain('translation-behind');
    expect(report.totals).toMatchObject({ articles: 14, translationsBehind: 1, overdue: 0 });

    const later = JSON.parse((await leaflet(['report', '--json', '--today', '2027-05-01'], dir)).stdout) as Report;
    const states = new Map(later.rows.map((row) => [row.slug, row.review]));
    expect(states.get('foot-pain-and-back-pain')).toBe('overdue');
    expect(states.get('desk-posture')).toBe('due-soon');
    expect(states.get('heel-raises')).toBe('fine');
    expect(later.rows[0]?.review).toBe('overdue');
  });

  it('writes a page with the clinic, the date, every article and the marks, in words as well as colours', () => {
    expect(html).toContain('<title>Content review report: Riverside Physiotherapy, 25 November 2026</title>');
    expect(html).toContain('<time datetime="2026-11-25">25 November 2026</time>');
    expect(html).toMatch(
      /<span lang="pl">Skręcenie kostki: pierwsze tygodnie<\/span> \(pl\) <span class="mark behind">/,
    );
    expect(html).toContain('Behind its source</span>');
    expect(html.match(/<tr[ >]/g)?.length).toBe(SAMPLES.length + 1);
  });

  it('writes CSV that a CSV parser reads back, one record per article', async () => {
    const run = await leaflet(['report', '--format', 'csv', '--today', TODAY], dir);
    expect(run.code, run.stderr).toBe(0);
    const records = parse(run.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((record) => record.slug).sort()).toEqual(SAMPLES);
    expect(records.find((record) => record.slug === 'ankle-sprain-pl')).toMatchObject({
      title: 'Skręcenie kostki: pierwsze tygodnie',
      language: 'pl',
      reviewed: '2026-05-01',
      'translation of': 'ankle-sprain',
      'behind its source': 'yes',
    });
    expect(records.find((record) => record.slug === 'ankle-sprain')).toMatchObject({
      translations: 'ar ankle-sprain-ar, cy ankle-sprain-cy, pl ankle-sprain-pl (behind)',
      sources: '2',
    });

    const written = await leaflet(['report', '--json', '-o', 'governance.json', '--today', TODAY], dir);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect((JSON.parse(readFileSync(path.join(dir, 'governance.json'), 'utf8')) as Report).rows).toHaveLength(14);
  });

  it('exits 0 with files that cannot be read and drafts: the unreadable first, drafts marked', async () => {
    const fixture = copyFixture();
    const run = await leaflet(['report', '--json', '--today', TODAY], fixture);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.rows.slice(0, 2).map((row) => [row.file, row.needs[0]?.kind])).toEqual([
      ['articles/broken-yaml.expect-error.md', 'unreadable'],
      ['articles/missing-title.expect-error.md', 'unreadable'],
    ]);
    expect(report.rows.find((row) => row.slug === 'draft-note')?.draft).toBe(true);
    const page = await leaflet(['report', '--today', TODAY], fixture);
    expect(page.code).toBe(0);
    expect(readFileSync(path.join(fixture, 'out', 'report', 'index.html'), 'utf8')).toContain(
      '<span class="badge draft">Draft</span>',
    );
  });
});

describe('the findings the report shares with builds and checks', () => {
  it('takes the findings of the last build, keeps its own for the next, and finds the same', async () => {
    const fixture = copyFixture();
    const report = async (...args: string[]): Promise<Report> => {
      const run = await leaflet(['report', '--json', '--today', TODAY, ...args], fixture);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Report;
    };
    const fresh = await report('--out', 'elsewhere');
    const readable = fresh.checks.checked;
    expect(readable).toBeGreaterThan(2);
    expect(fresh.checks.cached).toBe(0);

    // The build checks what it builds (not the drafts, nor what cannot be read): the report checks the drafts alone.
    const built = await leaflet(['build', '-f', 'email', '--json', '--today', TODAY], fixture);
    const buildChecks = (JSON.parse(built.stdout) as { checks: { checked: number } }).checks.checked;
    expect(buildChecks).toBeGreaterThan(0);
    const afterBuild = await report();
    expect(afterBuild.checks).toEqual({ checked: readable - buildChecks, cached: buildChecks });
    const again = await report();
    expect(again.checks).toEqual({ checked: 0, cached: readable });
    // Findings taken from the cache are the findings found afresh.
    const findings = (made: Report) => made.rows.map((row) => [row.file, row.findings]);
    expect(findings(afterBuild)).toEqual(findings(fresh));
    expect(findings(again)).toEqual(findings(fresh));
  });
});

describe("the preview's report page", () => {
  it("takes the findings of the preview's builds from their cache, and writes nothing", async () => {
    const fixture = copyFixture();
    // As the preview builds: the web pages, drafts too.
    const built = await leaflet(['build', '-f', 'web', '--drafts', '--json', '--today', TODAY], fixture);
    const buildChecks = (JSON.parse(built.stdout) as { checks: { checked: number } }).checks.checked;
    expect(buildChecks).toBeGreaterThan(2);
    const cacheFile = path.join(fixture, 'out', '.leaflet-cache.json');
    const cache = readFileSync(cacheFile);
    const warnings: string[] = [];
    const options = {
      cwd: fixture,
      configFile: undefined,
      out: 'out',
      today: TODAY,
      warn: (w: string) => warnings.push(w),
    };
    const report = await previewReport(options);
    expect(report.checks).toEqual({ checked: 0, cached: buildChecks });
    expect(readFileSync(cacheFile).equals(cache)).toBe(true);
    expect(warnings).toEqual([]);
    // The same findings as `leaflet report` finds afresh.
    const fresh = await leaflet(['report', '--json', '--today', TODAY, '--out', 'elsewhere'], fixture);
    const findings = (made: Report) => made.rows.map((row) => [row.file, row.findings]);
    expect(findings(report)).toEqual(findings(JSON.parse(fresh.stdout) as Report));
    // A cache that cannot be trusted is said, and every article checked again.
    writeFileSync(cacheFile, '{ "version": "tampered"');
    const distrusted = await previewReport(options);
    expect(distrusted.checks).toEqual({ checked: buildChecks, cached: 0 });
    expect(readFileSync(cacheFile, 'utf8')).toBe('{ "version": "tampered"');
    expect(warnings.join('\n')).toMatch(/out\/\.leaflet-cache\.json: the incremental cache was not used/);
  });
});

describe('the report page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
  });
  afterAll(() => browser?.close());

  it('has nothing axe finds, wide and narrow, and prints on landscape pages', async () => {
    const page = await browser.newPage();
    try {
      const found: string[] = [];
      for (const width of [1280, 375]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(pathToFileURL(path.join(dir, 'out', 'report', 'index.html')).href, { waitUntil: 'load' });
        const violations = await axeViolations(page);
        found.push(...violations.map((violation) => `at ${width}px: ${violation}`));
      }
      expect(found).toEqual([]);
      const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true }));
      const sizes = pdf.getPages().map((sheet) => sheet.getSize());
      expect(sizes.length).toBeGreaterThan(0);
      for (const { width, height } of sizes) expect(width).toBeGreaterThan(height);
    } finally {
      await page.close();
    }
  });
});

describe('a wrong option', () => {
  it.each([
    [['--due-within', '-3'], "option '--due-within <days>' argument '-3' is invalid. expected a whole number of days"],
    [['--format', 'xml'], "option '--format <format>' argument 'xml' is invalid. Allowed choices are html, csv, json"],
    [['--today', '2026-02-30'], "option '--today <date>' argument '2026-02-30' is invalid"],
    [['articles/no-such-article.md'], 'articles/no-such-article.md'],
  ])('%s stops it with exit 2, saying which, and writes nothing', async (args, message) => {
    const fixture = copyFixture();
    const before = listFiles(fixture);
    const run = await leaflet(['report', ...args], fixture);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(listFiles(fixture)).toEqual(before);
  });
});
