#!/usr/bin/env node
// npm run bench: measure leaflet against the project's performance targets (docs/benchmark.md), on this machine, in one run.
//
//   1. The floor: one warm Chromium, a page per core, setContent + pdf() of the same 100 leaflet HTMLs the tool makes.
//      The tool's whole `leaflet build -f leaflet --force` of those 100 articles (Node start-up, browser launch and
//      all) should take at most 1.25x the floor.
//   2. A rebuild with nothing changed launches no browser and finishes in well under a second.
//   3. Email and web for 1,000 articles need no browser at all (given a browser path that does not exist).
//   4. leaflet check of one article answers within a second (fast enough for every save); all of them, as CI runs it.
//
// Options: --articles N (default 100), --many N (default 1000), --runs N (default 1; the median is used).
// Exits 1 when a target is missed. Run `npm run build` first (npm test does).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(REPO, 'bin', 'leaflet.js');
const dist = (module) => import(new URL(`../dist/${module}`, import.meta.url).href);

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100' },
    many: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '1' },
  },
});
const ARTICLES = Number(values.articles);
const MANY = Number(values.many);
const RUNS = Math.max(1, Number(values.runs));
const CORES = os.availableParallelism();

/** A project with the repository's config and brand, and `count` articles copied from the samples under new slugs. */
function project(count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leaflet-bench-'));
  for (const entry of ['leaflet.config.yaml', 'brand']) cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  cpSync(path.join(REPO, 'articles', 'images'), path.join(dir, 'articles', 'images'), { recursive: true });
  const samples = readdirSync(path.join(REPO, 'articles'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ name: name.replace(/\.md$/, ''), text: readFileSync(path.join(REPO, 'articles', name), 'utf8') }));
  for (let index = 0; index < count; index += 1) {
    const sample = samples[index % samples.length];
    const text = sample.text.replace(/^slug: .*$/m, `slug: ${sample.name}-${index + 1}`).replace(/^title: (.*)$/m, (_, title) => `title: ${title.replace(/^"|"$/g, '')} (copy ${index + 1})`.replace(/^title: (.*:.*)$/, 'title: "$1"'));
    writeFileSync(path.join(dir, 'articles', `${sample.name}-${index + 1}.md`), text);
  }
  return dir;
}

/** Run the CLI; returns wall time in ms, the parsed --json report, and peak memory when /usr/bin/time is there. */
function runCli(args, cwd) {
  const timed = existsTime() ? ['/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args, '--json']] : [process.execPath, [BIN, ...args, '--json']];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(timed[0], timed[1], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`leaflet ${args.join(' ')} exited ${code}:\n${stderr}`));
      const peakKb = existsTime() ? Number(stderr.trim().split('\n').at(-1)) : undefined;
      resolve({ ms, report: JSON.parse(stdout), peakMb: peakKb ? Math.round(peakKb / 1024) : undefined });
    });
  });
}

let timeAvailable;
function existsTime() {
  if (timeAvailable === undefined) {
    try {
      execFileSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' });
      timeAvailable = true;
    } catch {
      timeAvailable = false;
    }
  }
  return timeAvailable;
}

/** The floor: the tool's own leaflet HTML for every article, printed by one warm browser with a page per core. */
async function floor(dir) {
  const { loadConfig } = await dist('config/load-config.js');
  const { loadArticles } = await dist('articles/load-articles.js');
  const { createRenderContext } = await dist('render/context.js');
  const { renderLeaflet } = await dist('render/leaflet.js');
  const { findBrowser, launchArgs } = await dist('outputs/browser.js');
  const { default: puppeteer } = await import('puppeteer-core');

  const config = await loadConfig(dir);
  const loaded = await loadArticles(config, { cwd: dir, paths: [], drafts: false });
  const ctx = createRenderContext(config, loaded.articles, { cwd: dir });
  const docs = [];
  for (const article of loaded.articles) docs.push(await renderLeaflet(article, ctx, 'standard'));

  const browser = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
  try {
    const pages = await Promise.all(Array.from({ length: CORES }, () => browser.newPage()));
    const print = (page, doc) =>
      page.setContent(doc.html, { waitUntil: 'load' }).then(() =>
        page.pdf({ format: doc.size, margin: doc.margin, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: doc.footerHtml, tagged: true, outline: true }),
      );
    // Warm every page once, untimed.
    await Promise.all(pages.map((page) => print(page, docs[0])));
    const queue = [...docs];
    const started = performance.now();
    await Promise.all(
      pages.map(async (page) => {
        for (let doc = queue.shift(); doc; doc = queue.shift()) await print(page, doc);
      }),
    );
    return { ms: performance.now() - started, count: docs.length };
  } finally {
    await browser.close();
  }
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)}s`;
const results = [];
const target = (name, measured, goal, ok) => {
  results.push({ name, measured, goal, ok });
  console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${measured} (target ${goal})`);
};

console.log(`leaflet benchmark: ${ARTICLES} articles to PDF, ${MANY} to email and web; ${CORES} cores, Node ${process.version}, ${RUNS} run(s)\n`);

const printDir = project(ARTICLES);
const floors = [];
const builds = [];
let lastBuild;
for (let run = 0; run < RUNS; run += 1) {
  const measured = await floor(printDir);
  floors.push(measured.ms);
  console.log(`  floor  run ${run + 1}: ${measured.count} leaflets in ${seconds(measured.ms)} (warm browser, ${CORES} pages)`);
  lastBuild = await runCli(['build', '-f', 'leaflet', '--force'], printDir);
  builds.push(lastBuild.ms);
  console.log(`  build  run ${run + 1}: ${lastBuild.report.totals.leaflet.built} leaflets in ${seconds(lastBuild.ms)} (whole command, ${lastBuild.report.browserLaunches} browser launch${lastBuild.peakMb ? `, peak ${lastBuild.peakMb} MB` : ''})`);
}
const ratio = median(builds) / median(floors);
target(`build -f leaflet of ${ARTICLES} articles vs the floor`, `${seconds(median(builds))} / ${seconds(median(floors))} = ${ratio.toFixed(2)}x`, '<= 1.25x', ratio <= 1.25);

// Nothing changed: every format, then leaflets alone.
await runCli(['build'], printDir);
const unchanged = await runCli(['build'], printDir);
target(
  `rebuild of ${ARTICLES} articles (all formats) with nothing changed`,
  `${seconds(unchanged.ms)}, ${unchanged.report.browserLaunches} browser launches, ${unchanged.report.totals.leaflet.unchanged} leaflets unchanged`,
  '< 1s, no browser',
  unchanged.ms < 1000 && unchanged.report.browserLaunches === 0,
);
const unchangedLeaflets = await runCli(['build', '-f', 'leaflet'], printDir);
target(
  `rebuild of ${ARTICLES} leaflets with nothing changed`,
  `${seconds(unchangedLeaflets.ms)}, ${unchangedLeaflets.report.browserLaunches} browser launches`,
  '< 1s, no browser',
  unchangedLeaflets.ms < 1000 && unchangedLeaflets.report.browserLaunches === 0,
);

// leaflet check: one article (as on every save) and all of them (as in CI). There is no set number; the figures
// are printed, and the check of one article should answer well within the second a save allows.
const one = readdirSync(path.join(printDir, 'articles')).find((name) => name.endsWith('.md'));
const checkOne = await runCli(['check', path.join('articles', one)], printDir);
const checkAll = await runCli(['check'], printDir);
target(
  'leaflet check of one article (whole command)',
  `${seconds(checkOne.ms)}; all ${checkAll.report.totals.articles} articles in ${seconds(checkAll.ms)} (${Math.round(checkAll.ms / checkAll.report.totals.articles)} ms an article)`,
  '< 1s for one',
  checkOne.ms < 1000 && checkAll.report.totals.articles === ARTICLES,
);
rmSync(printDir, { recursive: true, force: true });

// Email and web for many articles, with a browser that does not exist.
const manyDir = project(MANY);
const many = await runCli(['build', '-f', 'email,web', '--browser', '/nonexistent/chromium'], manyDir);
const built = many.report.totals.email.built + many.report.totals.web.built;
target(
  `email + web for ${MANY} articles, no browser`,
  `${built} outputs in ${seconds(many.ms)} (${Math.round(many.ms / MANY)} ms an article${many.peakMb ? `, peak ${many.peakMb} MB` : ''}), ${many.report.browserLaunches} browser launches`,
  'no browser needed',
  many.report.ok && many.report.browserLaunches === 0 && built === 2 * MANY,
);
rmSync(manyDir, { recursive: true, force: true });

const missed = results.filter((result) => !result.ok);
console.log(`\n${missed.length === 0 ? 'All targets met.' : `${missed.length} target(s) missed.`}`);
process.exitCode = missed.length === 0 ? 0 : 1;
