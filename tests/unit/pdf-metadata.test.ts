// The leaflet's metadata, appended to the printed PDF as an incremental update: the printed bytes stay as they are,
// and readers (poppler, pdf-lib) see the new title, author, keywords and dates, in any script.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { appendInfo, setMetadata } from '../../src/outputs/pdf.js';
import { pdfInfo } from '../integration/cli.js';

const metadata = {
  title: 'ألم الركبة عند الجري',
  author: 'Jo Bloggs, MCSP',
  subject: 'Why your knee may hurt (and what helps)',
  keywords: ['knees', 'running'],
  lang: 'ar',
  creator: 'leaflet 1.0.0',
};

/** A one-page PDF with a classic cross-reference table and the language in its catalog, as Chromium writes them. */
async function classicPdf(lang: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]).drawText('Hello', { x: 20, y: 100 });
  doc.setLanguage(lang);
  return doc.save({ useObjectStreams: false });
}

function saved(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leaflet-pdf-')), 'test.pdf');
  writeFileSync(file, bytes);
  return file;
}

describe('PDF metadata', () => {
  it('is appended after the printed bytes, which stay untouched, and read back in any script', async () => {
    const printed = await classicPdf('ar');
    const updated = appendInfo(printed, metadata, new Date('2026-11-25T10:20:30Z'));
    expect(updated).toBeDefined();
    expect(Buffer.from(updated ?? []).subarray(0, printed.byteLength).equals(Buffer.from(printed))).toBe(true);

    const info = pdfInfo(saved(updated ?? new Uint8Array()));
    expect(info.Title).toBe(metadata.title);
    expect(info.Author).toBe('Jo Bloggs, MCSP');
    expect(info.Subject).toBe('Why your knee may hurt (and what helps)');
    expect(info.Keywords).toBe('knees, running');
    expect(info.Creator).toBe('leaflet 1.0.0');
    expect(info.CreationDate).toContain('2026');
    expect(Number(info.Pages)).toBe(1);
    // A second reader agrees, and the text of the page is still there.
    const reread = await PDFDocument.load(updated ?? new Uint8Array(), { updateMetadata: false });
    expect(reread.getTitle()).toBe(metadata.title);
    expect(execFileSync('pdftotext', [saved(updated ?? new Uint8Array()), '-'], { encoding: 'utf8' })).toContain('Hello');
  });

  it('is written by rewriting the PDF when it is not as Chromium writes it', async () => {
    const noLanguage = await classicPdf('en-GB');
    expect(appendInfo(noLanguage, metadata, new Date())).toBeUndefined();
    const rewritten = await setMetadata(noLanguage, metadata);
    const reread = await PDFDocument.load(rewritten, { updateMetadata: false });
    expect(reread.getTitle()).toBe(metadata.title);
    expect(Buffer.from(rewritten).toString('latin1')).toContain('/Lang (ar)');
  });
});
