// The leaflet's metadata, appended to the printed PDF as an incremental update: the printed bytes stay as they are,
// and readers (poppler, pdf-lib) see the new title, author, keywords and dates, in any script.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { appendInfo, setMetadata } from '../../src/formats/leaflet/pdf.js';
import { markArtifacts } from '../../src/formats/leaflet/pdf-ua.js';
import { pdfInfo } from './cli.js';

const metadata = {
  title: 'ألم الركبة عند الجري',
  author: 'Jo Bloggs, MCSP',
  subject: 'Why your knee may hurt (and what helps)',
  keywords: ['knees', 'running'],
  lang: 'ar',
  creator: 'leaflet 1.0.0',
  date: undefined,
};

/** A one-page PDF with a classic cross-reference table and the language in its catalog, as Chromium writes them. */
async function classicPdf(lang: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]).drawText('Hello', { x: 20, y: 100 });
  doc.setLanguage(lang);
  return doc.save({ useObjectStreams: false });
}

/** A PDF written the way Chromium writes its outline, one entry per object, with the titles given. */
function chromiumStylePdf(titles: string[]): Uint8Array {
  const literal = (text: string) => `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;
  const first = 5;
  const objects = [
    '<</Type /Catalog\n/Pages 2 0 R\n/Lang (en-GB)\n/Outlines 4 0 R>>',
    '<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>',
    '<</Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 200 200]>>',
    `<</Type /Outlines\n/First ${first} 0 R\n/Last ${first + titles.length - 1} 0 R\n/Count ${titles.length}>>`,
    ...titles.map(
      (title, index) =>
        `<</Title ${literal(title)}\n/Dest [3 0 R /XYZ 0 ${190 - index * 10} 0]\n/Parent 4 0 ` +
        `R${index > 0 ? `\n/Prev ${first + index - 1} 0 R` : ''}${index < titles.length - 1 ? `\n/Next ${first + index + 1} 0 R` : ''}>>`,
    ),
  ];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const at = text.length;
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xrefAt = text.length;
  text +=
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f ` +
    `\n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.from(text, 'latin1');
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
    expect(
      Buffer.from(updated ?? [])
        .subarray(0, printed.byteLength)
        .equals(Buffer.from(printed)),
    ).toBe(true);

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
    expect(execFileSync('pdftotext', [saved(updated ?? new Uint8Array()), '-'], { encoding: 'utf8' })).toContain(
      'Hello',
    );
  });

  it('is written by rewriting the PDF when it is not as Chromium writes it', async () => {
    const noLanguage = await classicPdf('en-GB');
    expect(appendInfo(noLanguage, metadata, new Date())).toBeUndefined();
    const rewritten = await setMetadata(noLanguage, metadata);
    const reread = await PDFDocument.load(rewritten, { updateMetadata: false });
    expect(reread.getTitle()).toBe(metadata.title);
    expect(Buffer.from(rewritten).toString('latin1')).toContain('/Lang (ar)');
  });

  it('puts right the outline titles Chromium writes twice over, and leaves the rest alone', async () => {
    const printed = chromiumStylePdf([
      'Your notesYour notes',
      'Where to find out more',
      'Couscous',
      'Pain (and how it helps)Pain (and how it helps)',
    ]);
    const updated = appendInfo(printed, { ...metadata, lang: 'en-GB' }, new Date());
    const doc = await PDFDocument.load(updated ?? new Uint8Array(), { updateMetadata: false });
    const { PDFName, PDFDict, PDFString, PDFHexString } = await import('pdf-lib');
    const titles: string[] = [];
    let item = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookupMaybe(PDFName.of('First'), PDFDict);
    while (item) {
      const title = item.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) titles.push(title.decodeText());
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
    expect(titles).toEqual(['Your notes', 'Where to find out more', 'Couscous', 'Pain (and how it helps)']);
    expect(pdfInfo(saved(updated ?? new Uint8Array())).Title).toBe(metadata.title);
  });
});

describe("artifacts in a page's drawing", () => {
  it('wraps drawing outside the tagged sequences, reading strings, names and dictionaries as PDF does', () => {
    const content = [
      '% a comment with BT and re in it',
      '0 0 1 rg 10 10 100 2 re f',
      '/P <</MCID 0 /Alt (a \\) re BT) >>BDC BT /F1 12 Tf (Knee \\(left\\) pain) Tj [<0041> -20 (B)] TJ ET EMC',
      'q 1 0 0 1 5 5 cm (EMC) Tj Q',
    ].join('\n');
    expect(markArtifacts(content)).toBe(
      [
        '% a comment with BT and re in it',
        '0 0 1 rg /Artifact BMC\n10 10 100 2 re f',
        'EMC\n/P <</MCID 0 /Alt (a \\) re BT) >>BDC BT /F1 12 Tf (Knee \\(left\\) pain) Tj [<0041> -20 (B)] TJ ET EMC',
        'q 1 0 0 1 5 5 cm /Artifact BMC\n(EMC) Tj EMC\nQ',
      ].join('\n'),
    );
  });

  it('leaves a stream with an inline image alone, and one with nothing outside the tags as it is', () => {
    expect(markArtifacts('q BI /W 1 /H 1 ID x EI Q')).toBeUndefined();
    const tagged = '/Span <</MCID 1>> BDC BT (x) Tj ET EMC';
    expect(markArtifacts(tagged)).toBe(tagged);
  });
});
