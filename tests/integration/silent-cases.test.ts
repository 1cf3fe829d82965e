// Mistakes that used to be built without a word, beyond what the bad-input cases assert: the English article a Welsh
// file without `lang` would have replaced is the one built, and the desk says an article made a draft is a draft.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/commands/desk/catalogue.js';
import type { DeskRequest } from '../../src/commands/desk/form.js';
import { makeDeskPack } from '../../src/commands/desk/make.js';
import { UsageError } from '../../src/errors.js';
import type { BrowserPool } from '../../src/machinery/browser.js';
import { copyFixture, copySamples, leaflet, listFiles } from './cli.js';

describe('a file in a language folder without "lang"', () => {
  it('fails, naming it, and the English article of its name is built as itself (exit 1)', async () => {
    const dir = copyFixture();
    mkdirSync(path.join(dir, 'articles', 'cy'));
    writeFileSync(
      path.join(dir, 'articles', 'cy', 'knee-pain.md'),
      '---\ntitle: Poen pen-glin wrth redeg\n---\n\nMae poen pen-glin yn gyffredin.\n',
    );
    const before = listFiles(dir);
    const run = await leaflet(['build', 'articles/knee-pain.md', 'articles/cy/knee-pain.md', '-f', 'email'], dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      'articles/cy/knee-pain.md:1: this file is in "cy/", the folder of Welsh articles, but says no "lang:"',
    );
    expect(run.stderr).not.toContain('is already used by');
    const email = readFileSync(path.join(dir, 'out', 'email', 'knee-pain.html'), 'utf8');
    expect(email).toContain('Knee pain when you run');
    expect(email).not.toContain('Poen pen-glin');
    expect(listFiles(dir).filter((file) => !file.startsWith('out/'))).toEqual(before);
  });
});

describe('the desk', () => {
  it(
    'refuses an article made a draft since the page was loaded as a draft, naming its file (400), ' + 'before printing',
    async () => {
      const dir = copySamples();
      const file = path.join(dir, 'articles', 'plantar-fasciitis.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, '---\ndraft: true\n'));
      const before = listFiles(dir);
      const request: DeskRequest = {
        slugs: ['plantar-fasciitis'],
        doses: new Map(),
        patient: 'Ann',
        therapist: undefined,
        title: undefined,
        note: undefined,
        booklet: false,
        download: true,
      };
      // Refused before anything is printed: a browser that was asked for a page would throw.
      const noBrowser = { withPage: () => Promise.reject(new Error('printed')) } as unknown as BrowserPool;
      const made = makeDeskPack(await loadCatalogue(dir, undefined), request, noBrowser);
      // A UsageError is the desk's 400 page, with the message.
      await expect(made).rejects.toBeInstanceOf(UsageError);
      await expect(made).rejects.toThrow(
        /is a draft now \(articles\/plantar-fasciitis\.md has "draft: true"\), not ready for patients: reload the page/,
      );
      expect(listFiles(dir)).toEqual(before);
    },
  );
});
