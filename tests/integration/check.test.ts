// `leaflet check` and `leaflet new`, run as a user would, on the check fixture project and on the sample articles.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CheckReport } from '../../src/check/check.js';
import { FrontMatterMemoFile } from '../../src/machinery/front-matter-memo.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { TODAY } from '../helpers.js';
import { copyFixture, copySamples, leaflet, listFiles, runLeaflet, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

/** What each `*.expect-error.md` fixture says it expects, from its `# expect-error: <line or -> : <text>` comment. */
function expectations(dir: string): { file: string; line: number | undefined; text: string }[] {
  return readdirSync(path.join(dir, 'articles'))
    .filter((name) => name.endsWith('.expect-error.md'))
    .map((name) => {
      const comment = /^# expect-error: (\d+|-): (.+)$/m.exec(readFileSync(path.join(dir, 'articles', name), 'utf8'));
      if (!comment) throw new Error(`${name} has no "# expect-error:" line`);
      return {
        file: `articles/${name}`,
        line: comment[1] === '-' ? undefined : Number(comment[1]),
        text: comment[2] ?? '',
      };
    });
}

async function checkJson(
  dir: string,
  args: string[] = [],
): Promise<{ code: number | null; report: CheckReport; stderr: string }> {
  const run = await leaflet(['check', '--json', '--today', TODAY, ...args], dir);
  return { code: run.code, report: JSON.parse(run.stdout) as CheckReport, stderr: run.stderr };
}

describe('leaflet check', () => {
  it('reports each kind of error at its line, from a fixture per kind, and exits 1', async () => {
    const dir = copyFixture('check');
    const { code, report } = await checkJson(dir);
    expect(code).toBe(1);
    const expected = expectations(dir);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    for (const { file, line, text } of expected) {
      const article = report.articles.find((entry) => entry.file === file);
      const errors = article?.findings.filter((finding) => finding.severity === 'error');
      expect(errors, file).toHaveLength(1);
      expect(errors?.[0]?.message, file).toContain(text);
      expect(errors?.[0]?.line, file).toBe(line);
    }
    // The good articles have warnings at most.
    for (const file of ['articles/knee-pain.md', 'articles/ankle-sprain.md']) {
      expect(report.articles.find((entry) => entry.file === file)?.errors, file).toBe(0);
    }
    expect(report.totals).toMatchObject({ articles: 12, errors: expected.length });
  });

  it('prints findings grouped by file, with reading figures and a summary line', async () => {
    const dir = copyFixture('check');
    const run = await leaflet(['check', '--today', TODAY, 'articles/ankle-sprain.md', 'articles/knee-pain.md'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('articles/ankle-sprain.md  Ankle sprain\n  grade ');
    expect(run.stdout).toMatch(
      /\n {2}9:108 {2}warning {2}"lateral" is a medical or official word: say "outer side".*jargon\n/,
    );
    expect(run.stdout).toContain(
      '  6      warning  review due soon: "next_review" is 2026-12-01 (in 6 days). Plan the review.  review-due-soon',
    );
    expect(run.stdout).toContain('articles/knee-pain.md  Knee pain\n');
    expect(run.stdout).toMatch(
      /Knee pain\n {2}grade [\d.]+ \(SMOG [\d.]+, Flesch-Kincaid [\d.]+\), reading ease [\d.]+; \d+ words, \d+ sentences/,
    );
    expect(run.stdout).toContain('  no problems found');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✓ 0 errors, 4 warnings in 2 articles');
    expect(run.stdout).not.toContain('\u001b['); // NO_COLOR
  });

  it('writes GitHub workflow annotations with --format github', async () => {
    const dir = copyFixture('check');
    const run = await leaflet(['check', '--format', 'github', '--today', TODAY], dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      '::error file=articles/missing-link.expect-error.md,line=8,title=leaflet check%3A ' +
        'article::links to "hip-pain.md", which does not exist. Check the file name (links are relative to ' +
        "the article's own folder).",
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::warning file=articles\/ankle-sprain\.md,line=9,col=108,title=leaflet check%3A jargon::"lateral" is/,
      ),
    );
    expect(lines.at(-1)).toBe('::notice title=leaflet check::10 errors, 4 warnings in 12 articles');
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) /);
  });

  it('counts warnings as errors with --strict, and an overdue review as one', async () => {
    const dir = copyFixture('check');
    expect((await leaflet(['check', '--today', TODAY, 'articles/ankle-sprain.md'], dir)).code).toBe(0);
    const strict = await checkJson(dir, ['--strict', 'articles/ankle-sprain.md']);
    expect(strict.code).toBe(1);
    expect(strict.report.articles[0]?.findings.every((finding) => finding.severity === 'error')).toBe(true);
    const later = await checkJson(dir, ['--strict', '--today', '2027-01-01', 'articles/ankle-sprain.md']);
    expect(later.report.articles[0]?.findings).toContainEqual(
      expect.objectContaining({
        rule: 'review-overdue',
        severity: 'error',
        line: 6,
        message: expect.stringContaining('31 days ago'),
      }),
    );
  });

  it(
    'reports an article marked cannot read as an error of that article (exit 1), in plain words, ' +
      'and checks the rest',
    async () => {
      const dir = copyFixture('check');
      writeFileSync(
        path.join(dir, 'articles', 'odd.md'),
        '---\ntitle: Odd\n---\n\n_    *  \n* _```>x    *~~~*\n\t> - \n  _text * + x* * *\n',
      );
      const before = listFiles(dir);
      const run = await leaflet(['check', '--today', TODAY, 'articles/odd.md', 'articles/knee-pain.md'], dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('articles/odd.md  Odd\n');
      expect(run.stdout).toMatch(
        /error {4}the Markdown could not be read: the Markdown reader stopped on it\..*article\n/,
      );
      expect(run.stdout).toContain('articles/knee-pain.md  Knee pain\n');
      expect(run.stdout + run.stderr).not.toMatch(/internal error|Please report|Cannot read|\n\s+at /);
      // Nothing written but the checks kept in the build's cache, for the next build.
      expect(listFiles(dir)).toEqual([...before, 'out/.leaflet-cache.json'].sort());
    },
  );

  it('fails with exit 2 when the config names a logo that is not there', async () => {
    const dir = copyFixture('check');
    const file = path.join(dir, 'leaflet.config.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('./logo.svg', './brand/missing-logo.svg'));
    const run = await leaflet(['check'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"clinic.logo": the file ./brand/missing-logo.svg does not exist');
  });

  it('finds the sample articles within the default targets: no errors, no warnings, grade 8 or below', async () => {
    const { code, report } = await checkJson(copySamples());
    expect(code).toBe(0);
    // No warnings: no misspelling either (words.txt holds the samples' own words).
    expect(report.totals).toEqual({ articles: 14, errors: 0, warnings: 0 });
    for (const article of report.articles) {
      // Spanish and Polish have grades of their own (within their targets: no warning above); Welsh and Arabic none.
      if (['es', 'pl'].some((lang) => article.file.startsWith(path.join('articles', lang, path.sep))))
        expect(article.stats?.grade?.formula, article.file).toMatch(/^(INFLESZ|FOG-PL)$/);
      if (article.stats?.english === false) continue;
      expect(Math.max(article.stats?.smog ?? 99, article.stats?.fleschKincaid ?? 99), article.file).toBeLessThanOrEqual(
        8,
      );
      expect(article.stats?.averageSentenceWords, article.file).toBeLessThanOrEqual(15);
    }
  });
});

describe('build runs the checks', () => {
  it('stops the articles with errors, builds the rest and says how many quality warnings there were', async () => {
    const dir = copyFixture('check');
    const run = await leaflet(['build', '--json', '--today', TODAY], dir, { browser });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as BuildReport;
    expect(report.totals.web.built).toBe(2);
    expect(report.checkWarnings).toBeGreaterThan(0);
    expect(
      report.articles.find((article) => article.file === 'articles/ankle-sprain.md')?.checkWarnings,
    ).toBeGreaterThan(0);
    expect(run.stderr).toContain(
      'articles/missing-link.expect-error.md:8: links to "hip-pain.md", which does not exist',
    );
    expect(run.stderr).toMatch(
      /\d+ quality warnings? in [12] articles? \(reading grade, spelling, jargon, review dates\.\.\.\): run "leaflet check" to see them/,
    );
  });

  it(
    'counts the same warnings as leaflet check when many articles are checked at once, in a ' + 'worker thread',
    async () => {
      const dir = copyFixture('check');
      for (const name of readdirSync(path.join(dir, 'articles')))
        if (name.endsWith('.expect-error.md')) rmSync(path.join(dir, 'articles', name));
      const ankle = readFileSync(path.join(dir, 'articles/ankle-sprain.md'), 'utf8');
      for (let copy = 1; copy <= 14; copy += 1) writeFileSync(path.join(dir, 'articles', `ankle-${copy}.md`), ankle);
      // Checked on this thread, in a cache of its own (a check shares the build's cache, and the build must check).
      const checked = await leaflet(['check', '--json', '--today', TODAY, '--cache-dir', 'elsewhere'], dir);
      // End to end: the real command runs the compiled worker (in this process, from the TypeScript sources, there is
      // none, and the checks run on the build's own thread).
      const built = await runLeaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir);
      expect(built.code, built.stderr).toBe(0);
      const report = JSON.parse(built.stdout) as BuildReport;
      expect(report.checks).toEqual({ checked: 16, cached: 0, thread: 'worker' });
      expect(report.checkWarnings).toBe((JSON.parse(checked.stdout) as CheckReport).totals.warnings);
      expect(report.checkWarnings).toBeGreaterThanOrEqual(15 * 3);
      // Kept in the cache: the same count again, without checking anything.
      const again = JSON.parse(
        (await leaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir)).stdout,
      ) as BuildReport;
      expect(again.checks).toEqual({ checked: 0, cached: 16, thread: 'none' });
      expect(again.checkWarnings).toBe(report.checkWarnings);
    },
  );

  it('shares its checks with leaflet check: a build after a check checks nothing again, nor a check after a build', async () => {
    const dir = copyFixture('check');
    for (const name of readdirSync(path.join(dir, 'articles')))
      if (name.endsWith('.expect-error.md')) rmSync(path.join(dir, 'articles', name));
    const checked = JSON.parse((await leaflet(['check', '--json', '--today', TODAY], dir)).stdout) as CheckReport;
    expect(checked.checks).toEqual({ checked: 2, cached: 0 });
    const built = JSON.parse(
      (await leaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir)).stdout,
    ) as BuildReport;
    // Both articles were checked by the check before.
    expect(built.checks).toEqual({ checked: 0, cached: 2, thread: 'none' });
    expect(built.checkWarnings).toBe(checked.totals.warnings);
    // --force writes every output again, and still checks nothing: nothing the findings depend on changed.
    const forced = JSON.parse(
      (await leaflet(['build', '--json', '-f', 'web', '--force', '--today', TODAY], dir)).stdout,
    ) as BuildReport;
    expect(forced.totals.web).toMatchObject({ built: 2, unchanged: 0 });
    expect(forced.checks).toEqual({ checked: 0, cached: 2, thread: 'none' });
    expect(forced.checkWarnings).toBe(checked.totals.warnings);
    // An article changed: the build checks it alone, and the check after the build checks nothing.
    const ankle = path.join(dir, 'articles', 'ankle-sprain.md');
    writeFileSync(ankle, `${readFileSync(ankle, 'utf8')}\nOne more sentence about the ankle.\n`);
    const rebuilt = JSON.parse(
      (await leaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir)).stdout,
    ) as BuildReport;
    expect(rebuilt.checks).toMatchObject({ checked: 1, cached: 1 });
    const again = JSON.parse((await leaflet(['check', '--json', '--today', TODAY], dir)).stdout) as CheckReport;
    expect(again.checks).toEqual({ checked: 0, cached: 2 });
    expect(again.articles.map((article) => article.stats?.words)).toEqual(
      checked.articles.map((article) =>
        article.file.endsWith('ankle-sprain.md') ? expect.any(Number) : article.stats?.words,
      ),
    );
    // Another day, other review dates: everything is checked again.
    const tomorrow = JSON.parse(
      (await leaflet(['check', '--json', '--today', '2026-11-26'], dir)).stdout,
    ) as CheckReport;
    expect(tomorrow.checks).toEqual({ checked: 2, cached: 0 });
  });

  it('leaves the front matter of every article it read for the build after it, which recalls it even with --force', async () => {
    const dir = copyFixture('check');
    for (const name of readdirSync(path.join(dir, 'articles')))
      if (name.endsWith('.expect-error.md')) rmSync(path.join(dir, 'articles', name));
    const memo = path.join(dir, 'out', '.leaflet-front-matter.json');
    // A check of one article leaves no memo: the build after it would have to parse the others anyway.
    await leaflet(['check', '--today', TODAY, 'articles/knee-pain.md'], dir);
    expect(listFiles(path.join(dir, 'out'))).not.toContain('.leaflet-front-matter.json');
    await leaflet(['check', '--today', TODAY], dir);
    expect(Object.keys(JSON.parse(readFileSync(memo, 'utf8')).entries)).toHaveLength(2);
    const recall = vi.spyOn(FrontMatterMemoFile.prototype, 'recall');
    try {
      const built = JSON.parse(
        (await leaflet(['build', '--json', '-f', 'web', '--force', '--today', TODAY], dir)).stdout,
      ) as BuildReport;
      expect(built.totals.web).toMatchObject({ built: 2, unchanged: 0 });
      expect(recall.mock.results.filter((result) => result.value !== undefined)).toHaveLength(2);
    } finally {
      recall.mockRestore();
    }
  });

  it("checks the spelling again when the clinic's word list changes, and not otherwise", async () => {
    const dir = copyFixture('check');
    for (const name of readdirSync(path.join(dir, 'articles')))
      if (name.endsWith('.expect-error.md')) rmSync(path.join(dir, 'articles', name));
    const knee = path.join(dir, 'articles', 'knee-pain.md');
    writeFileSync(knee, `${readFileSync(knee, 'utf8')}\nAsk about our Kneeflex classes.\n`);
    const build = async () =>
      JSON.parse((await leaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir)).stdout) as BuildReport;
    const first = await build();
    expect(first.checks).toMatchObject({ checked: 2, cached: 0 });
    const checked = JSON.parse((await leaflet(['check', '--json', '--today', TODAY], dir)).stdout) as CheckReport;
    const spelling = checked.articles.flatMap((article) => article.findings).filter((f) => f.rule === 'spelling');
    expect(spelling.map((finding) => finding.message.split('"')[1])).toEqual(['Kneeflex']);
    expect((await build()).checks).toMatchObject({ checked: 0, cached: 2 });
    writeFileSync(path.join(dir, 'words.txt'), '# our classes\nKneeflex\n');
    const again = await build();
    expect(again.checks).toMatchObject({ checked: 2, cached: 0 });
    expect(again.checkWarnings).toBe(first.checkWarnings - 1);
  });

  it("checks on the build's own thread when the worker's compiled file is not there", async () => {
    const dir = copyFixture('check');
    for (const name of readdirSync(path.join(dir, 'articles')))
      if (name.endsWith('.expect-error.md')) rmSync(path.join(dir, 'articles', name));
    const ankle = readFileSync(path.join(dir, 'articles/ankle-sprain.md'), 'utf8');
    for (let copy = 1; copy <= 14; copy += 1) writeFileSync(path.join(dir, 'articles', `ankle-${copy}.md`), ankle);
    const report = JSON.parse(
      (await leaflet(['build', '--json', '-f', 'web', '--today', TODAY], dir)).stdout,
    ) as BuildReport;
    expect(report.checks).toEqual({ checked: 16, cached: 0, thread: 'main' });
    expect(report.checkWarnings).toBeGreaterThanOrEqual(15 * 3);
    expect(report.warnings.filter((warning) => warning.message.includes('quality checks could not run'))).toEqual([]);
  });

  it('stops an article when the config makes a rule an error', async () => {
    const dir = copyFixture('check');
    const file = path.join(dir, 'leaflet.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...config, check: { rules: { jargon: 'error' } } }));
    const run = await leaflet(
      ['build', '--json', '--today', TODAY, 'articles/ankle-sprain.md', 'articles/knee-pain.md'],
      dir,
      { browser },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as BuildReport;
    expect(report.articles.find((article) => article.file === 'articles/ankle-sprain.md')).toMatchObject({
      status: 'failed',
      errors: [
        expect.objectContaining({
          code: 'CHECK',
          line: 9,
          message: expect.stringContaining('"lateral" is a medical or official word'),
        }),
      ],
    });
    expect(report.articles.find((article) => article.file === 'articles/knee-pain.md')?.status).toBe('built');
  });
});

describe('leaflet new', () => {
  it('writes a draft article with its front matter filled in and a body that passes the structure checks', async () => {
    const dir = copyFixture('check');
    const file = path.join(dir, 'leaflet.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      file,
      JSON.stringify({
        ...config,
        defaults: { author: 'Jo Bloggs, MCSP', reviewer: 'Dr Kim Lee' },
        check: { reviewWithinYears: 2 },
      }),
    );

    const run = await leaflet(['new', 'Shoulder pain: what helps', '--today', TODAY], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('articles/shoulder-pain-what-helps.md');
    const text = readFileSync(path.join(dir, 'articles/shoulder-pain-what-helps.md'), 'utf8');
    const iso = TODAY;
    const inTwoYears = '2028-11-25';
    expect(text).toContain('title: "Shoulder pain: what helps"');
    expect(text).toContain('slug: shoulder-pain-what-helps');
    expect(text).toContain('author: Jo Bloggs, MCSP');
    expect(text).toContain('reviewer: Dr Kim Lee');
    expect(text).toContain(`reviewed: ${iso}`);
    expect(text).toContain(`next_review: ${inTwoYears}`);
    expect(text).toContain('draft: true');

    const checked = await leaflet(['check', '--json', '--today', TODAY, 'articles/shoulder-pain-what-helps.md'], dir);
    const findings = (JSON.parse(checked.stdout) as CheckReport).articles[0]?.findings ?? [];
    // Only what the writer still has to do: the TODOs and the sources.
    expect([...new Set(findings.map((finding) => finding.rule))].sort()).toEqual(['no-sources', 'todo']);

    const again = await leaflet(['new', 'Shoulder pain: what helps', '--today', TODAY], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('articles/shoulder-pain-what-helps.md already exists');
  });
});
