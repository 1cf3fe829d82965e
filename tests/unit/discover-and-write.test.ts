import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverArticles } from '../../src/articles/discover.js';
import { UsageError } from '../../src/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../src/machinery/writer.js';
import { tempDir } from '../helpers.js';

describe('discoverArticles', () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'articles', 'feet'), { recursive: true });
  for (const file of ['articles/a.md', 'articles/feet/b.md', 'articles/notes.txt', 'other/c.md']) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '---\ntitle: x\n---\n');
  }
  const rel = (files: string[]) => files.map((file) => path.relative(dir, file));

  it('finds files, folders and globs', async () => {
    expect(rel(await discoverArticles(dir, ['articles/**/*.md']))).toEqual(['articles/a.md', 'articles/feet/b.md']);
    expect(rel(await discoverArticles(dir, ['articles/feet']))).toEqual(['articles/feet/b.md']);
    expect(rel(await discoverArticles(dir, ['other/c.md', 'articles/a.md']))).toEqual(['articles/a.md', 'other/c.md']);
  });

  it('is a usage error to name a missing file or a non-Markdown file', async () => {
    await expect(discoverArticles(dir, ['articles/nope.md'])).rejects.toThrow(UsageError);
    await expect(discoverArticles(dir, ['articles/notes.txt'])).rejects.toThrow(/not a Markdown file/);
  });

  it('reads "[", "(", "*" and "{" in the names of the project, a folder and a file as themselves, not as a glob', async () => {
    const project = path.join(tempDir(), 'Clinic [new] (2026) *draft* {copy}');
    for (const file of [
      'articles/Feet [1] (2) {3} *4*/b [c].md',
      'articles/a.md',
      'articles/Feet 1 (2) {3} x4x/d.md',
    ]) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      writeFileSync(path.join(project, file), '---\ntitle: x\n---\n');
    }
    const found = async (patterns: string[]) =>
      (await discoverArticles(project, patterns)).map((file) => path.relative(project, file));
    expect(await found(['articles/**/*.md'])).toEqual([
      'articles/Feet 1 (2) {3} x4x/d.md',
      'articles/Feet [1] (2) {3} *4*/b [c].md',
      'articles/a.md',
    ]);
    expect(await found(['articles/Feet [1] (2) {3} *4*'])).toEqual(['articles/Feet [1] (2) {3} *4*/b [c].md']);
    expect(await found(['articles/Feet [1] (2) {3} *4*/b [c].md'])).toEqual(['articles/Feet [1] (2) {3} *4*/b [c].md']);
    expect(await found([path.join(project, 'articles', 'Feet [1] (2) {3} *4*')])).toEqual([
      'articles/Feet [1] (2) {3} *4*/b [c].md',
    ]);
    // Something that is not there is still a glob.
    expect(await found(['articles/*x4x/*.md'])).toEqual(['articles/Feet 1 (2) {3} x4x/d.md']);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'deep', 'out.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['out.txt']);
  });

  it('keeps the previous file when writing fails', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.txt');
    await writeFileAtomic(file, 'complete');
    // A folder where the temporary file's directory should be makes the write fail part-way.
    await expect(writeFileAtomic(path.join(file, 'child.txt'), 'x')).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('complete');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes what JSON.stringify writes, a piece at a time, into a folder it makes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'new', 'report.json');
    // Long enough to be written in many pieces; with what JSON.stringify leaves out or writes its own way.
    const articles = Array.from({ length: 3000 }, (_, index) => ({
      file: `articles/a-${index}.md`,
      title: 'Ysigiad ffêr – “Pigwrn”',
      skipped: undefined,
      pages: index % 3 || null,
      at: new Date(0),
    }));
    const report = { ok: true, formats: ['email', 'web'], empty: [], nothing: {}, articles };
    await writeJsonAtomic(file, report, 2);
    const written = readFileSync(file, 'utf8');
    expect(written.length).toBeGreaterThan(3 * 65536);
    expect(written).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(readdirSync(path.dirname(file))).toEqual(['report.json']);
  });
});
