// A build split over CI runners: `build --shard i/4` on each, then `merge-reports`, must write what one build of every
// article writes, file for file (PDFs except their print dates), with the same report.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/articles/shards.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { copySamples, leaflet, listFiles, pdfInfo, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

/** The sample project, its articles copied (with tags of their own) until there are `count`. */
function project(count: number): string {
  const dir = copySamples({ exercises: false });
  const articles = path.join(dir, 'articles');
  const samples = readdirSync(articles).filter((name) => name.endsWith('.md'));
  // The samples' translations (articles/cy/…) count too.
  const existing = readdirSync(articles, { recursive: true }).filter((name) => String(name).endsWith('.md')).length;
  for (let index = existing; index < count; index += 1) {
    const name = samples[index % samples.length] ?? '';
    const text = readFileSync(path.join(articles, name), 'utf8')
      .replace(/^slug: (.*)$/m, `slug: $1-${index}`)
      .replace(/^title: .*$/m, `title: Sample article ${index}`)
      .replace(/^tags: \[/m, `tags: [group ${index % 3}, `);
    writeFileSync(path.join(articles, name.replace(/\.md$/, `-${index}.md`)), text);
  }
  return dir;
}

/**
 * The Chromium-printed part of a PDF (before our metadata), with what differs between any two prints of the same page
 * blanked: the print dates, and the ids Chromium gives the tagged structure from its own count of page elements.
 */
function printedPart(file: string): string {
  const text = readFileSync(file).toString('latin1');
  return text
    .slice(0, text.indexOf('%%EOF'))
    .replace(/D:\d{14}[^)]*/g, 'D:date')
    .replace(/\(node\d+\)/g, '(node)');
}

/** A report without what differs between any two builds (times, counts of launches), paths under `out`. */
function comparable(report: BuildReport, out: string): unknown {
  const {
    startedAt: _started,
    durationMs: _duration,
    browserLaunches: _launches,
    workerThreads: _threads,
    checks: _checks,
    outDir: _out,
    ...rest
  } = report;
  return JSON.parse(JSON.stringify(rest).replaceAll(`"${out}/`, '"OUT/'));
}

async function build(dir: string, args: string[]): Promise<BuildReport> {
  const run = await leaflet(['build', '--json', ...args], dir, { browser });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as BuildReport;
}

describe('a build in four shards, merged', () => {
  it('writes what one build writes, file for file, with the same report', async () => {
    const dir = project(14);
    const whole = await build(dir, ['--out', 'whole']);
    const parts: BuildReport[] = [];
    for (const index of [1, 2, 3, 4]) parts.push(await build(dir, ['--shard', `${index}/4`, '--out', `out-${index}`]));
    // Each shard built its own articles, and between them every one.
    expect(parts.map((part) => part.articles.length).reduce((sum, count) => sum + count, 0)).toBe(14);
    for (const part of parts)
      expect(part.articles.every((article) => shardOf(article.slug ?? '', 4) === part.shard?.index)).toBe(true);
    // A shard's site has no search index (it knows only its own pages): merge-reports indexes the joined site once.
    for (const index of [1, 2, 3, 4]) expect(existsSync(path.join(dir, `out-${index}`, 'web', 'pagefind'))).toBe(false);

    const merge = await leaflet(['merge-reports', 'out-*/report.json', '--out', 'merged', '--json'], dir, { browser });
    expect(merge.code, merge.stderr).toBe(0);
    const merged = JSON.parse(merge.stdout) as BuildReport;
    expect(comparable(merged, 'merged')).toEqual(comparable(whole, 'whole'));
    expect(JSON.parse(readFileSync(path.join(dir, 'merged', 'report.json'), 'utf8'))).toEqual(merged);

    const files = (out: string): string[] =>
      listFiles(path.join(dir, out)).filter(
        (file) => !['report.json', '.leaflet-cache.json', '.leaflet-front-matter.json'].includes(file),
      );
    expect(files('merged')).toEqual(files('whole'));
    // One index of the whole site, the same bytes as the whole build's (Pagefind names its files by their content).
    expect(files('merged')).toContain('web/pagefind/pagefind-entry.json');
    for (const file of files('whole')) {
      const [a, b] = [path.join(dir, 'whole', file), path.join(dir, 'merged', file)];
      if (file.endsWith('.pdf')) {
        expect(printedPart(b), file).toBe(printedPart(a));
        const { CreationDate: _c, ModDate: _m, ...info } = pdfInfo(a);
        expect(pdfInfo(b), file).toMatchObject(info);
      } else {
        expect(readFileSync(b).equals(readFileSync(a)), file).toBe(true);
      }
    }
  });

  it('keeps each article in its shard when another is added', () => {
    const slugs = Array.from({ length: 200 }, (_, index) => `article-${index}`);
    const before = new Map(slugs.map((slug) => [slug, shardOf(slug, 4)]));
    expect(new Set(before.values())).toEqual(new Set([1, 2, 3, 4]));
    for (const slug of slugs) expect(shardOf(slug, 4)).toBe(before.get(slug));
  });

  it('refuses to merge when a shard is missing, saying which (exit 2), and a report of a whole build', async () => {
    const dir = project(6);
    for (const index of [1, 2, 4]) await build(dir, ['-f', 'email', '--shard', `${index}/4`, '--out', `out-${index}`]);
    const missing = await leaflet(['merge-reports', 'out-*/report.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the report of shard 3/4 is missing');

    await build(dir, ['-f', 'email', '--out', 'whole']);
    const whole = await leaflet(['merge-reports', 'whole/report.json'], dir);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('whole/report.json: is the report of a whole build, not of a shard');

    const bad = await leaflet(['build', '--shard', '5/4'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected <part>/<parts>, like 2/4');
    rmSync(path.join(dir, 'whole'), { recursive: true });
  });
});
