// Leaflet design features, read back from the PDFs: page sizes, large print, the QR code, notes, sources, the closing
// block, the footer on every page, and the colour contrast warning.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bodyFontSize,
  type CliResult,
  fixtureWith,
  leaflet,
  pdfInfo,
  pdfOutline,
  pdfText,
  sharedBrowser,
} from './cli.js';
import { qrCodeOnPage } from './qr.js';

const KNEE = 'articles/knee-pain.md';
const browser = sharedBrowser();

const pages = (pdf: string): number => Number(pdfInfo(pdf).Pages);
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('an A4 leaflet', () => {
  let dir: string;
  let pdf: string;
  beforeAll(async () => {
    dir = fixtureWith();
    const run = await leaflet(['build', KNEE, '-f', 'leaflet'], dir, { browser });
    expect(run.code).toBe(0);
    pdf = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
  });

  it('has a footer on every page with the clinic, "Page N of M" and the review dates', () => {
    const total = pages(pdf);
    const perPage = pdfText(pdf).split('\f').slice(0, total);
    expect(perPage).toHaveLength(total);
    perPage.forEach((text, index) => {
      expect(flat(text)).toContain(`Page ${index + 1} of ${total}`);
      expect(text).toContain('Test Valley Physio');
      expect(flat(text)).toContain('Reviewed 1 May 2026 · Next review 1 May 2027');
    });
  });

  it('ends with notes lines, sources, contacts, who wrote and reviewed it, and the disclaimer', () => {
    const text = flat(pdfText(pdf));
    const order = [
      'Your notes',
      'Where to find out more',
      '1 Test Road, Testville',
      'Written by',
      'This is general information',
    ];
    const positions = order.map((needle) => text.indexOf(needle));
    for (const [index, position] of positions.entries()) expect(position, order[index]).toBeGreaterThanOrEqual(0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const detail of [
      'NHS - Knee pain',
      'nhs.uk/conditions/knee-pain',
      'Phone: 01000 000000',
      'Jo Bloggs, MCSP',
      'Clinically reviewed by',
      'Dr Kim Lee',
      'Last reviewed',
      'Next review due',
      '1 May 2027',
    ]) {
      expect(text).toContain(detail);
    }
  });

  it('has a bookmark for the title and every heading, nested under the title', async () => {
    expect(await pdfOutline(pdf)).toEqual([
      'Knee pain when you run',
      '  In short',
      '  Why does my knee hurt?',
      '  What can I do?',
      '  Your notes',
      '  Where to find out more',
      '  Test Valley Physio',
    ]);
  });

  it('sets the body at 12pt or more', () => {
    expect(bodyFontSize(pdf)).toBeGreaterThanOrEqual(12);
  });

  it("carries a QR code that opens the article's web page, with the short address printed beside it", () => {
    const last = pages(pdf);
    expect(qrCodeOnPage(pdf, last)).toBe('https://test-valley.example/info/knee-pain/');
    // The address may wrap after a slash, never inside a word.
    expect(flat(pdfText(pdf, { layout: false })).replace(/\/ /g, '/')).toContain('test-valley.example/info/knee-pain');
  });
});

describe('page sizes', () => {
  it.each([
    ['A5', '420 x 595.92 pts (A5)'],
    ['Letter', '612 x 792 pts (letter)'],
  ])('prints at %s with --size, keeping every word', async (size, expected) => {
    const dir = fixtureWith();
    const run = await leaflet(['build', KNEE, '-f', 'leaflet', '--size', size], dir, { browser });
    expect(run.code).toBe(0);
    const pdf = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
    expect(pdfInfo(pdf)['Page size']).toBe(expected);
    expect(flat(pdfText(pdf))).toContain('Weak hip muscles can let your knee drop inwards.');
    // The layout adapts to the page; the body text never shrinks below 12pt.
    expect(bodyFontSize(pdf)).toBeGreaterThanOrEqual(12);
  });

  it('takes the size from the config', async () => {
    const dir = fixtureWith((config) => (config.leaflet = { size: 'A5' }));
    await leaflet(['build', KNEE, '-f', 'leaflet'], dir, { browser });
    expect(pdfInfo(path.join(dir, 'out', 'leaflet', 'knee-pain.pdf'))['Page size']).toContain('(A5)');
  });
});

describe('large print', () => {
  let dir: string;
  let run: CliResult;
  beforeAll(async () => {
    dir = fixtureWith();
    run = await leaflet(['build', KNEE, '-f', 'leaflet', '--large-print', '--json'], dir, { browser });
  });

  it('writes <slug>.large-print.pdf beside the standard leaflet, with the same words on more pages', () => {
    expect(run.code).toBe(0);
    const standard = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
    const large = path.join(dir, 'out', 'leaflet', 'knee-pain.large-print.pdf');
    expect(existsSync(standard)).toBe(true);
    expect(existsSync(large)).toBe(true);
    expect(pages(large)).toBeGreaterThan(pages(standard));
    const words = (pdf: string): string[] =>
      flat(pdfText(pdf).replace(/Page \d+ of \d+/g, ''))
        .split(' ')
        .filter((word) => /^[a-z]{4,}$/i.test(word) && !['LARGE', 'PRINT'].includes(word));
    expect(new Set(words(large))).toEqual(new Set(words(standard)));
    expect(pdfInfo(large).Title).toBe('Knee pain when you run');
  });

  it('sets the body at 16pt or more, measurably larger than the standard leaflet', () => {
    const standard = bodyFontSize(path.join(dir, 'out', 'leaflet', 'knee-pain.pdf'));
    const large = bodyFontSize(path.join(dir, 'out', 'leaflet', 'knee-pain.large-print.pdf'));
    expect(large).toBeGreaterThanOrEqual(16);
    expect(large / standard).toBeGreaterThanOrEqual(1.3);
  });

  it('is asked for per article with `large_print: true` in the front matter', async () => {
    const project = fixtureWith();
    const file = path.join(project, 'articles', 'knee-pain.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('---\ntitle:', '---\nlarge_print: true\ntitle:'));
    const result = await leaflet(['build', '-f', 'leaflet'], project, { browser });
    expect(result.stderr).not.toContain('unknown front matter key');
    expect(existsSync(path.join(project, 'out', 'leaflet', 'knee-pain.large-print.pdf'))).toBe(true);
    expect(existsSync(path.join(project, 'out', 'leaflet', 'ankle-sprain.large-print.pdf'))).toBe(false);
  });
});

describe('the QR code', () => {
  it('is left out with leaflet.qr: false', async () => {
    const dir = fixtureWith((config) => (config.leaflet = { qr: false }));
    await leaflet(['build', KNEE, '-f', 'leaflet'], dir, { browser });
    const pdf = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
    expect(qrCodeOnPage(pdf, pages(pdf))).toBeUndefined();
    expect(pdfText(pdf)).not.toContain('Read this leaflet online');
  });

  it('is left out when the clinic has no website', async () => {
    const dir = fixtureWith((config) => delete config.clinic.website);
    const run = await leaflet(['build', KNEE, '-f', 'leaflet'], dir, { browser });
    expect(run.code).toBe(0);
    const pdf = path.join(dir, 'out', 'leaflet', 'knee-pain.pdf');
    expect(qrCodeOnPage(pdf, pages(pdf))).toBeUndefined();
  });
});

describe('brand colours', () => {
  it('warns when the primary colour is too light for text, and prints headings in a darker shade', async () => {
    const dir = fixtureWith((config) => (config.clinic.colors = { primary: '#7fbfff' }));
    const run = await leaflet(['build', KNEE, '-f', 'leaflet'], dir, { browser });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/clinic\.colors\.primary #7fbfff is too light for text \(contrast [\d.]+:1/);
  });
});
