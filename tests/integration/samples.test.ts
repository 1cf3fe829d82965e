// The sample project that ships with the repo (leaflet.config.yaml, brand/, articles/) builds cleanly, as the
// README's quick start promises.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/outputs/report.js';
import { copySamples, pdfFonts, pdfInfo, pdfText, runLeaflet, type CliResult } from './cli.js';

const SAMPLES = ['ankle-sprain', 'desk-posture', 'foot-pain-and-back-pain', 'plantar-fasciitis'];

let project: string;
let run: CliResult;
let report: BuildReport;

beforeAll(async () => {
  project = copySamples();
  run = await runLeaflet(['build', '--json'], project);
  report = JSON.parse(run.stdout) as BuildReport;
});

describe('the sample articles', () => {
  it('all build in every format, without errors or warnings', () => {
    expect(run.stderr).not.toMatch(/warning|error/i);
    expect(run.code).toBe(0);
    expect(report.articles.map((article) => article.slug).sort()).toEqual(SAMPLES);
    for (const article of report.articles) {
      expect(article.warnings).toEqual([]);
      expect(article.outputs.map((output) => `${output.format}:${output.status}`).sort()).toEqual([
        'email:built',
        'leaflet:built',
        'web:built',
      ]);
    }
  });

  it('print as A4 leaflets with their titles, clinic branding and every font embedded', () => {
    for (const slug of SAMPLES) {
      const pdf = path.join(project, 'out', 'leaflet', `${slug}.pdf`);
      const info = pdfInfo(pdf);
      expect(info['Page size']).toContain('(A4)');
      expect(info.Tagged).toBe('yes');
      const text = pdfText(pdf);
      expect(text).toContain('Riverside Physiotherapy');
      expect(text.replace(/\s+/g, ' ')).toContain(info.Title?.split(':')[0]);
      expect(pdfFonts(pdf).every((font) => font.embedded)).toBe(true);
    }
  });

  it('carries the foot-and-back article image into the leaflet and the web page', () => {
    const page = readFileSync(path.join(project, 'out', 'web', 'foot-pain-and-back-pain', 'index.html'), 'utf8');
    expect(page).toMatch(/src="\.\.\/assets\/foot-arch\.[0-9a-f]{10}\.svg"/);
  });
});
