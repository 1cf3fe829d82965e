// The front matter a build remembers for the next: what it recalls reads as parsing would, a line nobody asked before
// is still found, and a file that is not a memo of this version is not believed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle, parseMatter } from '../../src/articles/read-article.js';
import { FrontMatterMemoFile } from '../../src/machinery/front-matter-memo.js';
import { TOOL_VERSION } from '../../src/version.js';
import { tempDir, testConfig } from '../helpers.js';

const config = testConfig({ defaults: { lang: 'en-GB', formats: ['leaflet', 'web'] } });

const SOURCE = [
  '---',
  'title: Knee pain',
  'summary: What helps.',
  'tags: [knees, running]',
  'published: 2026-03-01',
  'reviewed: 2026-03-01',
  'next_review: 2027-03-01',
  'key_points: [Keep moving]',
  'sources:',
  '  - title: NHS',
  '    url: https://www.nhs.uk/',
  'colour: blue',
  '---',
  '',
  '## What helps',
  '',
  'Gentle movement.',
  '',
].join('\n');

const parse = (source: string, memo?: FrontMatterMemoFile) =>
  parseArticle(source, '/site/articles/knee-pain.md', 'articles/knee-pain.md', config, memo);

/** A memo saved by one build, read back by the next. */
async function nextBuild(memo: FrontMatterMemoFile): Promise<{ file: string; memo: FrontMatterMemoFile }> {
  const file = path.join(tempDir(), '.leaflet-front-matter.json');
  await memo.save(file);
  return { file, memo: await FrontMatterMemoFile.read(file) };
}

describe('the front matter memo', () => {
  it('gives the next build the same article, warnings and lines as parsing did', async () => {
    const first = await FrontMatterMemoFile.read(undefined);
    const parsed = parse(SOURCE, first);
    expect(parsed.warnings.map((warning) => warning.line)).toEqual([12]);
    const { memo } = await nextBuild(first);
    expect(parse(SOURCE, memo)).toEqual(parsed);
    expect(parse(SOURCE)).toEqual(parsed);
  });

  it('finds a line nobody asked of the front matter before by parsing it then', async () => {
    const first = await FrontMatterMemoFile.read(undefined);
    parseMatter(SOURCE, 'articles/knee-pain.md', first).lineOf(['title']);
    const { memo } = await nextBuild(first);
    const recalled = parseMatter(SOURCE, 'articles/knee-pain.md', memo);
    expect(recalled.lineOf(['title'])).toBe(2);
    expect(recalled.lineOf(['sources', 0, 'url'])).toBe(11);
    expect(recalled.lineOf(['nowhere'])).toBeUndefined();
  });

  it('keeps only the front matter the build read, and never a value JSON cannot give back', async () => {
    const first = await FrontMatterMemoFile.read(undefined);
    parse(SOURCE, first);
    parseMatter('---\ntitle: Endless\nweight: .inf\n---\nText.\n', 'articles/endless.md', first);
    const { file, memo } = await nextBuild(first);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries)).toHaveLength(1);
    // A build that reads nothing keeps nothing.
    const { file: emptied } = await nextBuild(memo);
    expect(JSON.parse(readFileSync(emptied, 'utf8')).entries).toEqual({});
  });

  it('believes no file that is not a memo of this version of leaflet', async () => {
    const first = await FrontMatterMemoFile.read(undefined);
    parse(SOURCE, first);
    const { file } = await nextBuild(first);
    // A memo whose title is a number: believed, it fails the article (the test below); not believed, it is not read.
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const hash = Object.keys(good.entries)[0] ?? '';
    const entry = { ...good.entries[hash], data: { ...good.entries[hash].data, title: 42 } };
    for (const bad of [
      'not json',
      'null',
      JSON.stringify({ version: `${TOOL_VERSION}-old`, entries: { [hash]: entry } }),
      JSON.stringify({ version: TOOL_VERSION, entries: { 'not-a-hash': entry } }),
      JSON.stringify({ version: TOOL_VERSION, entries: { [hash]: { ...entry, lines: { title: -1 } } } }),
    ]) {
      writeFileSync(file, bad);
      const memo = await FrontMatterMemoFile.read(file);
      expect(parse(SOURCE, memo).article.title, bad).toBe('Knee pain');
    }
    // A file that is not there is an empty memo.
    expect(parse(SOURCE, await FrontMatterMemoFile.read(path.join(tempDir(), 'none.json'))).article.title).toBe(
      'Knee pain',
    );
  });

  it('still checks what a memo says against the front matter schema', async () => {
    const first = await FrontMatterMemoFile.read(undefined);
    parse(SOURCE, first);
    const { file } = await nextBuild(first);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    for (const entry of Object.values(saved.entries) as { data: Record<string, unknown> }[]) entry.data.title = 42;
    writeFileSync(file, JSON.stringify(saved));
    const memo = await FrontMatterMemoFile.read(file);
    expect(() => parse(SOURCE, memo)).toThrow(/title/);
  });
});
