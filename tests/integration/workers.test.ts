// The per-article work spread over worker threads: the real command (compiled, with its worker) and the same build in
// this process (from the TypeScript sources, where there is no compiled worker and everything is done on one thread)
// must write the same emails and pages, byte for byte, and say the same things about bad templates.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/machinery/report.js';
import { copySamples, leaflet, listFiles, runLeaflet } from './cli.js';

/** The sample project with each article copied until there are `count`, enough for the build to start threads. */
function manyArticles(count: number): string {
  const dir = copySamples({ exercises: false });
  const articles = path.join(dir, 'articles');
  const samples = readdirSync(articles).filter((name) => name.endsWith('.md'));
  // The samples' translations (articles/cy/…) count too.
  const existing = readdirSync(articles, { recursive: true }).filter((name) => String(name).endsWith('.md')).length;
  for (let index = existing; index < count; index += 1) {
    const name = samples[index % samples.length] ?? '';
    const text = readFileSync(path.join(articles, name), 'utf8')
      .replace(/^slug: (.*)$/m, `slug: $1-${index}`)
      .replace(/^title: .*$/m, `title: Sample article ${index}`);
    writeFileSync(path.join(articles, name.replace(/\.md$/, `-${index}.md`)), text);
  }
  return dir;
}

describe('worker threads', () => {
  it('write the same emails and web pages as one thread does', async () => {
    const threaded = manyArticles(20);
    const single = path.join(path.dirname(threaded), `${path.basename(threaded)}-single`);
    cpSync(threaded, single, { recursive: true });

    const run = await runLeaflet(['build', '-f', 'email,web', '--json', '--jobs', '2'], threaded);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BuildReport;
    expect(report.checks?.thread).toBe('worker');
    expect(report.workerThreads).toBe(1);
    const here = await leaflet(['build', '-f', 'email,web', '--json', '--jobs', '2'], single);
    expect(here.code, here.stderr).toBe(0);
    expect(JSON.parse(here.stdout) as BuildReport).toMatchObject({ checks: { thread: 'main' }, workerThreads: 0 });

    const outputs = (dir: string): string[] =>
      listFiles(path.join(dir, 'out')).filter((file) => file.startsWith('email/') || file.startsWith('web/'));
    expect(outputs(threaded)).toEqual(outputs(single));
    // 20 emails, 20 pages, the index and the tag pages.
    expect(outputs(threaded).filter((file) => file.endsWith('.html')).length).toBeGreaterThan(20 + 20 + 1);
    for (const file of outputs(threaded)) {
      expect(
        readFileSync(path.join(threaded, 'out', file)).equals(readFileSync(path.join(single, 'out', file))),
        file,
      ).toBe(true);
    }
  });

  it('report a template error from a thread with its file, as one thread does', async () => {
    const dir = manyArticles(14);
    rmSync(path.join(dir, 'out'), { recursive: true, force: true });
    // Strict templates (as the tests run them): a variable that is not there is an error, found while rendering.
    mkdirSync(path.join(dir, 'templates', 'email'), { recursive: true });
    writeFileSync(
      path.join(dir, 'templates', 'email', 'layout.hbs'),
      '<p>{{article.title}} {{article.nothingHere}}</p>\n',
    );
    const run = await runLeaflet(['build', '-f', 'email', '--json', '--jobs', '2'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as BuildReport;
    const errors = report.articles.flatMap((article) => article.errors);
    expect(errors).toHaveLength(14);
    expect(errors[0]).toMatchObject({ code: 'TEMPLATE', file: 'templates/email/layout.hbs' });
    const here = await leaflet(['build', '-f', 'email', '--json', '--force'], dir);
    const hereErrors = (JSON.parse(here.stdout) as BuildReport).articles.flatMap((article) => article.errors);
    expect(hereErrors.map(({ code, file, line, message }) => ({ code, file, line, message }))).toEqual(
      errors.map(({ code, file, line, message }) => ({ code, file, line, message })),
    );
  });
});
