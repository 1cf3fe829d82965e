#!/usr/bin/env node
// npm run bench: measure leaflet against the project's performance targets (docs/benchmark.md), on this machine, in one
// run.
//
//   1. The floor: Chromium launched cold, a page per core, setContent + pdf() of the same 100 leaflet HTMLs the tool
//      makes, with the tool's own print options (rendering untimed; no fitting, no PDF/UA, no checks). The tool's whole
//      `leaflet build -f leaflet --force` of those 100 articles (Node start-up, browser launch and all), after a
//      `leaflet check` of them as CI runs it, should take at most 1.2x the floor (the median of --runs runs of each).
//      The old floor, bare HTML, is printed for reference.
//   2. leaflet check of one article answers within a second (fast enough for every save).
//   3. A cold build of email and web (with the quality checks a build runs) for 1,000 articles takes under 0.8x a
//      plain single-thread pipeline of the same libraries making the same emails, measured in the same run (the
//      medians of --runs runs of each, taken in turn), with a peak memory under 400 MB in every run and no browser.
//   4. A rebuild of those 1,000 articles, all formats, with nothing changed: under 1.5 s, no browser.
//   5. With --huge: 10,000 articles, email and web, complete with a peak memory under 600 MB.
//   6. `leaflet desk`, its browser warm: ten packs asked for at the same moment all come back, each within 2 s (the
//      median of --runs rounds of ten).
//
// Options: --articles N (default 100), --many N (default 1000), --runs N (default 3; the median is used), --huge,
// --only leaflet,many,rebuild,desk (some sections only; "many" without "rebuild" skips printing 1,000 leaflets).
// Exits 1 when a target is missed. Run `npm run build` first (npm test does).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(REPO, 'bin', 'leaflet.js');
const dist = (module) => import(new URL(`../dist/${module}`, import.meta.url).href);

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100' },
    many: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    huge: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const ARTICLES = Number(values.articles);
const MANY = Number(values.many);
const RUNS = Math.max(1, Number(values.runs));
const HUGE = 10_000;
const CORES = os.availableParallelism();

/** A project with the repository's config and brand, and `count` articles copied from the samples under new slugs. */
function project(count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leaflet-bench-'));
  for (const entry of ['leaflet.config.yaml', 'brand'])
    cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  cpSync(path.join(REPO, 'articles', 'images'), path.join(dir, 'articles', 'images'), { recursive: true });
  const samples = readdirSync(path.join(REPO, 'articles'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({
      name: name.replace(/\.md$/, ''),
      text: readFileSync(path.join(REPO, 'articles', name), 'utf8'),
    }));
  for (let index = 0; index < count; index += 1) {
    const sample = samples[index % samples.length];
    const text = sample.text
      .replace(/^slug: .*$/m, `slug: ${sample.name}-${index + 1}`)
      .replace(/^title: (.*)$/m, (_, title) =>
        `title: ${title.replace(/^"|"$/g, '')} (copy ${index + 1})`.replace(/^title: (.*:.*)$/, 'title: "$1"'),
      );
    // Each body its own, as a clinic's are: leaflet keeps the latest few renderings of a body, and a thousand copies of
    // seven bodies would be rendered seven times.
    writeFileSync(
      path.join(dir, 'articles', `${sample.name}-${index + 1}.md`),
      `${text.trimEnd()}\n\nThis is copy ${index + 1} of this article.\n`,
    );
  }
  return dir;
}

/** Run the CLI; returns wall time in ms, the parsed --json report, and peak memory when /usr/bin/time is there. */
function runCli(args, cwd, { okCodes = [0] } = {}) {
  const timed = existsTime()
    ? ['/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args, '--json']]
    : [process.execPath, [BIN, ...args, '--json']];
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
      if (!okCodes.includes(code)) return reject(new Error(`leaflet ${args.join(' ')} exited ${code}:\n${stderr}`));
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

/** The tool's own standard leaflet HTML for every article of the project, as the build renders it. */
async function leafletDocs(dir) {
  const { loadConfig } = await dist('config/load-config.js');
  const { loadArticles } = await dist('articles/load-articles.js');
  const { createRenderContext } = await dist('render/context.js');
  const { renderLeaflet } = await dist('formats/leaflet/render.js');
  const config = await loadConfig(dir);
  const loaded = await loadArticles(config, { cwd: dir, paths: [], drafts: false });
  const ctx = createRenderContext(config, loaded.articles, { cwd: dir });
  const docs = [];
  for (const article of loaded.articles) docs.push(await renderLeaflet(article, ctx, 'standard'));
  return docs;
}

/** Chromium launched as the tool launches it: spoken to over a pipe, the cheapest way to have it print. */
async function launchBrowser() {
  const { findBrowser, launchArgs } = await dist('machinery/browser.js');
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs(), pipe: true });
}

/** Print every document with `print(page, doc)`, a page per core taking the next as it finishes. */
async function printAll(pages, docs, print) {
  const queue = [...docs];
  await Promise.all(
    pages.map(async (page) => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) await print(page, doc);
    }),
  );
}

/**
 * The floor: what Chromium itself needs to print the tool's own leaflet HTML (stylesheet, fonts, inlined images,
 * footer) with the tool's own `page.pdf` options. One cold launch and a page per core, `setContent` + `pdf()`, timed from
 * the launch; rendering the HTML is untimed, and there is no page fitting, no PDF/UA step and no checks.
 */
async function floor(dir) {
  const docs = await leafletDocs(dir);
  const { pdfOptions } = await dist('formats/leaflet/pdf.js');
  return printedCold(docs, (page, doc) =>
    page.setContent(doc.html, { waitUntil: 'load' }).then(() => page.pdf(pdfOptions(doc))),
  );
}

/**
 * The old floor, kept for reference: the same, printing bare HTML (the article's Markdown as marked makes it, with no
 * stylesheet, fonts, images or footer). It is cheaper than any leaflet, so it is not the measure of the tool.
 */
async function bareFloor(dir) {
  const docs = await leafletDocs(dir);
  const { marked } = await import('marked');
  const { loadConfig } = await dist('config/load-config.js');
  const { loadArticles } = await dist('articles/load-articles.js');
  const config = await loadConfig(dir);
  const { articles } = await loadArticles(config, { cwd: dir, paths: [], drafts: false });
  const bare = articles.map((article) => `<!doctype html><title>${article.slug}</title>${marked.parse(article.body)}`);
  return printedCold(
    bare.map((html, index) => ({ html, size: docs[index].size })),
    (page, doc) =>
      page.setContent(doc.html, { waitUntil: 'load' }).then(() => page.pdf({ format: doc.size, tagged: true })),
  );
}

/** Print `docs` with `print`: Chromium launched (timed), a page per core taking the next document as it finishes. */
async function printedCold(docs, print) {
  const started = performance.now();
  const browser = await launchBrowser();
  try {
    const pages = await Promise.all(Array.from({ length: CORES }, () => browser.newPage()));
    await printAll(pages, docs, print);
    return { ms: performance.now() - started, count: docs.length };
  } finally {
    await browser.close();
  }
}

/**
 * What the build's printing costs alone: a browser launched cold, a page per core, and the tool's own printing of the
 * same HTML (each leaflet's pages counted and its layout fitted first), with none of the build's other work (Node's
 * start-up, rendering, checks, PDF/UA, writing). It is not a target: it says how close to the floor the build could
 * come.
 */
async function printingAlone(dir) {
  const docs = await leafletDocs(dir);
  const { printPdf } = await dist('formats/leaflet/pdf.js');
  const started = performance.now();
  const browser = await launchBrowser();
  try {
    const pages = await Promise.all(Array.from({ length: CORES }, () => browser.newPage()));
    await printAll(pages, docs, (page, doc) => printPdf(page, doc, { root: dir, timeout: 60_000 }));
    return { ms: performance.now() - started, count: docs.length };
  } finally {
    await browser.close();
  }
}

/**
 * The plain pipeline the email build is measured against: the same libraries, one thread, nothing else. Each article
 * is read and its front matter parsed (by gray-matter, a devDependency kept for this yardstick alone so that it stays
 * what it was when leaflet read front matter with it), its Markdown rendered into the tool's own email templates and stylesheet with
 * the front matter and the clinic's details as they are, the CSS inlined, the text part made, and both files written.
 */
async function plainEmails(dir) {
  const { default: matter } = await import('gray-matter');
  const { marked } = await import('marked');
  const { default: Handlebars } = await import('handlebars');
  const { default: juice } = await import('juice');
  const { convert } = await import('html-to-text');
  const { parse: parseYaml } = await import('yaml');
  const templates = path.join(REPO, 'templates', 'email');
  const css = readFileSync(path.join(templates, 'style.css'), 'utf8');
  const hbs = Handlebars.create();
  for (const name of readdirSync(path.join(templates, 'partials')))
    hbs.registerPartial(name.replace(/\.hbs$/, ''), readFileSync(path.join(templates, 'partials', name), 'utf8'));
  hbs.registerHelper('formatDate', (date, lang) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(date)),
  );
  hbs.registerHelper('telHref', (phone) => `tel:${String(phone).replace(/[^+\d]/g, '')}`);
  hbs.registerHelper(
    'nowrap',
    (text) => new hbs.SafeString(`<span style="white-space:nowrap">${hbs.escapeExpression(text)}</span>`),
  );
  // The words the templates add, from the English catalogue, as ICU messages (compiled once each).
  const { IntlMessageFormat } = await import('intl-messageformat');
  const catalogue = JSON.parse(readFileSync(path.join(REPO, 'templates', 'locales', 'en.json'), 'utf8'));
  const compiled = new Map();
  hbs.registerHelper('t', (key, options) => {
    if (!compiled.has(key))
      compiled.set(key, new IntlMessageFormat(catalogue[key], 'en', undefined, { ignoreTag: true }));
    return compiled.get(key).format(options.hash);
  });
  const layout = hbs.compile(readFileSync(path.join(templates, 'layout.hbs'), 'utf8'));
  const { clinic } = parseYaml(readFileSync(path.join(dir, 'leaflet.config.yaml'), 'utf8'));

  const out = mkdtempSync(path.join(os.tmpdir(), 'leaflet-plain-'));
  const files = readdirSync(path.join(dir, 'articles')).filter((name) => name.endsWith('.md'));
  const started = performance.now();
  for (const name of files) {
    const { data, content } = matter(readFileSync(path.join(dir, 'articles', name), 'utf8'));
    const article = {
      ...data,
      lang: data.lang ?? 'en-GB',
      keyPoints: data.key_points,
      reviewed: data.reviewed && String(data.reviewed),
    };
    const view = {
      lang: article.lang,
      dir: 'ltr',
      documentTitle: article.title,
      article,
      clinic,
      css,
      body: marked.parse(content),
      links: { page: `${clinic.website}/${data.slug}/` },
    };
    const html = juice(layout(view));
    writeFileSync(path.join(out, name.replace(/\.md$/, '.html')), html);
    writeFileSync(path.join(out, name.replace(/\.md$/, '.txt')), convert(html));
  }
  const ms = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  return { ms, count: files.length };
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)}s`;
const results = [];
const target = (name, measured, goal, ok) => {
  results.push({ name, measured, goal, ok });
  console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${measured} (target ${goal})`);
};

console.log(
  `leaflet benchmark: ${ARTICLES} articles to PDF, ${MANY} to email and web; ${CORES} cores, Node ` +
    `${process.version}, ${RUNS} run(s)\n`,
);
const only = values.only?.split(',');
const SECTIONS = ['leaflet', 'many', 'rebuild', 'desk'];
const unknown = only?.filter((section) => !SECTIONS.includes(section)) ?? [];
if (unknown.length > 0) {
  // A misspelt section would run nothing and report every target met.
  console.error(`--only ${unknown.join(',')}: no such section; the sections are ${SECTIONS.join(', ')}.`);
  process.exit(2);
}
const runs = (section) => !only || only.includes(section);

if (runs('leaflet')) await leafletSection();
if (runs('many')) await manySection();
if (runs('desk')) await deskSection();
if (values.huge) await hugeSection();

const missed = results.filter((result) => !result.ok);
console.log(`\n${missed.length === 0 ? 'All targets met.' : `${missed.length} target(s) missed.`}`);
process.exitCode = missed.length === 0 ? 0 : 1;

/** Leaflets against the floor, and the check of one article. */
async function leafletSection() {
  const printDir = project(ARTICLES);
  const floors = [];
  const builds = [];
  const alones = [];
  const bares = [];
  // As CI runs them (the workflow `leaflet init` writes): `leaflet check` first, then the build, which takes the
  // check's findings from the cache (--force prints and writes everything again, but does not check again).
  const checked = await runCli(['check'], printDir, { okCodes: [0, 1] });
  console.log(
    `  check: ${checked.report.checks.checked} articles checked in ${seconds(checked.ms)} (before the builds, as CI ` +
      `does; not timed with them)`,
  );
  for (let run = 0; run < RUNS; run += 1) {
    const measured = await floor(printDir);
    floors.push(measured.ms);
    console.log(
      `  floor  run ${run + 1}: ${measured.count} leaflets in ${seconds(measured.ms)} (the tool's own HTML and ` +
        `print options: one launch, ${CORES} pages, setContent + pdf)`,
    );
    const bare = await bareFloor(printDir);
    bares.push(bare.ms);
    console.log(
      `  bare   run ${run + 1}: ${bare.count} bare HTMLs in ${seconds(bare.ms)} (the old floor, for reference)`,
    );
    const build = await runCli(['build', '-f', 'leaflet', '--force'], printDir);
    builds.push(build.ms);
    console.log(
      `  build  run ${run + 1}: ${build.report.totals.leaflet.built} leaflets in ` +
        `${seconds(build.ms)} (whole command, ${build.report.browserLaunches} browser ` +
        `launch${build.peakMb ? `, peak ${build.peakMb} MB` : ''})`,
    );
    const alone = await printingAlone(printDir);
    alones.push(alone.ms);
    console.log(
      `  alone  run ${run + 1}: ${alone.count} leaflets in ${seconds(alone.ms)} (a cold browser and ` +
        `the tool's own printing, pages fitted, nothing else)`,
    );
  }
  console.log(
    `  (the printing alone takes ${(median(alones) / median(floors)).toFixed(2)}x the floor: as ` +
      `close as the whole build could come)`,
  );
  console.log(
    `  (against the bare-HTML floor the build takes ${(median(builds) / median(bares)).toFixed(2)}x; not a target)`,
  );
  const ratio = median(builds) / median(floors);
  target(
    `build -f leaflet of ${ARTICLES} articles vs the floor`,
    `${seconds(median(builds))} / ${seconds(median(floors))} = ${ratio.toFixed(2)}x`,
    '<= 1.2x',
    ratio <= 1.2,
  );

  // leaflet check of one article, as on every save.
  const one = readdirSync(path.join(printDir, 'articles')).find((name) => name.endsWith('.md'));
  const checkOne = await runCli(['check', path.join('articles', one)], printDir);
  target('leaflet check of one article (whole command)', seconds(checkOne.ms), '< 1s', checkOne.ms < 1000);
  rmSync(printDir, { recursive: true, force: true });
}

/**
 * Many articles: cold email and web against the plain pipeline, then every format, then a rebuild with nothing changed.
 */
async function manySection() {
  const manyDir = project(MANY);
  // The plain pipeline and the cold build one after the other, --runs times (from an empty out/ each time): the medians
  // are compared, and the highest peak of memory is the one reported.
  const plains = [];
  const colds = [];
  for (let run = 0; run < RUNS; run += 1) {
    const plain = await plainEmails(manyDir);
    plains.push(plain.ms);
    console.log(
      `  plain  run ${run + 1}: ${plain.count} emails in ${seconds(plain.ms)} (gray-matter, marked, ` +
        `Handlebars, juice, html-to-text; one thread)`,
    );
    rmSync(path.join(manyDir, 'out'), { recursive: true, force: true });
    const cold = await runCli(['build', '-f', 'email,web'], manyDir);
    colds.push(cold);
    console.log(
      `  cold   run ${run + 1}: email + web of ${MANY} articles in ` +
        `${seconds(cold.ms)}${cold.peakMb ? `, peak ${cold.peakMb} MB` : ''}`,
    );
  }
  const coldMs = median(colds.map((cold) => cold.ms));
  const plainMs = median(plains);
  const coldBuilt = Math.min(...colds.map((cold) => cold.report.totals.email.built + cold.report.totals.web.built));
  const launches = Math.max(...colds.map((cold) => cold.report.browserLaunches));
  const coldRatio = coldMs / plainMs;
  target(
    `cold email + web + checks of ${MANY} articles vs the plain pipeline (medians)`,
    `${seconds(coldMs)} / ${seconds(plainMs)} = ${coldRatio.toFixed(2)}x, ${coldBuilt} outputs, ` +
      `${launches} browser launches`,
    '< 0.8x, no browser',
    coldRatio < 0.8 && colds.every((cold) => cold.report.ok) && coldBuilt === 2 * MANY && launches === 0,
  );
  const peaks = colds.map((cold) => cold.peakMb);
  const peakMb = peaks.includes(undefined) ? undefined : Math.max(...peaks);
  target(
    'peak memory of that build (the highest)',
    peakMb === undefined ? 'not measured (no /usr/bin/time)' : `${peakMb} MB`,
    '< 400 MB',
    peakMb !== undefined && peakMb < 400,
  );
  const checkAll = await runCli(['check'], manyDir, { okCodes: [0, 1] });
  console.log(
    `  check  all ${checkAll.report.totals.articles} articles in ${seconds(checkAll.ms)} ` +
      `(${Math.round(checkAll.ms / checkAll.report.totals.articles)} ms an article)`,
  );
  if (runs('rebuild') || !only) {
    const full = await runCli(['build'], manyDir);
    console.log(
      `  build  all formats of ${MANY} articles in ${seconds(full.ms)} ` +
        `(${full.report.totals.leaflet.built} leaflets printed)`,
    );
    const unchanged = await runCli(['build'], manyDir);
    target(
      `rebuild of ${MANY} articles (all formats) with nothing changed`,
      `${seconds(unchanged.ms)}, ${unchanged.report.browserLaunches} browser launches, ` +
        `${unchanged.report.totals.leaflet.unchanged} leaflets unchanged`,
      '< 1.5s, no browser',
      unchanged.ms < 1500 &&
        unchanged.report.browserLaunches === 0 &&
        unchanged.report.totals.leaflet.unchanged === MANY,
    );
  }
  rmSync(manyDir, { recursive: true, force: true });
}

/** Ten thousand articles, email and web. */
async function hugeSection() {
  const hugeDir = project(HUGE);
  const huge = await runCli(['build', '-f', 'email,web'], hugeDir);
  const hugeBuilt = huge.report.totals.email.built + huge.report.totals.web.built;
  target(
    `email + web of ${HUGE} articles`,
    `${hugeBuilt} outputs in ${seconds(huge.ms)}${huge.peakMb ? `, peak ${huge.peakMb} MB` : ''}`,
    'completes, peak < 600 MB',
    huge.report.ok && hugeBuilt === 2 * HUGE && huge.peakMb !== undefined && huge.peakMb < 600,
  );
  rmSync(hugeDir, { recursive: true, force: true });
}

/** `leaflet desk` on the samples, with its browser warm: rounds of ten packs asked for at the same moment. */
async function deskSection() {
  // The standard heel-pain pack's contents, asked of the desk for one patient.
  const DESK_PACK = [
    ['item', 'plantar-fasciitis'],
    ['item', 'calf-stretch'],
    ['item', 'towel-stretch'],
    ['item', 'heel-raises'],
    ['dose.towel-stretch.hold', '20'],
    ['dose.heel-raises.sets', '2'],
    ['note', 'Walk on grass rather than concrete this week.'],
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leaflet-bench-desk-'));
  for (const entry of ['leaflet.config.yaml', 'brand', 'articles', 'exercises', 'packs'])
    cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  const desk = spawn(process.execPath, [BIN, 'desk', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const closed = new Promise((resolve) => desk.on('close', resolve));
  let said = '';
  const url = await new Promise((resolve, reject) => {
    desk.stderr.on('data', (chunk) => {
      said += chunk;
      const found = /Desk: (\S+)[\s\S]*Ctrl-C stops it/.exec(said);
      if (found) resolve(found[1]);
    });
    desk.on('close', (code) => reject(new Error(`leaflet desk stopped (${code}):\n${said}`)));
  });
  try {
    const origin = new URL(url).origin;
    const page = await fetch(url);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const pack = async (patient) => {
      const answer = await fetch(new URL('pack', url), {
        method: 'POST',
        headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['token', token], ['patient', patient], ...DESK_PACK]).toString(),
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      return answer.status === 200 && bytes.subarray(0, 5).toString() === '%PDF-';
    };
    await pack('Warm Up');
    const slowest = [];
    let allMade = true;
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const times = await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          allMade = (await pack(`Patient ${index + 1}`)) && allMade;
          return performance.now() - started;
        }),
      );
      slowest.push(Math.max(...times));
      console.log(`  desk   run ${run + 1}: ten packs at once, back after ${times.map(seconds).join(', ')}`);
    }
    target(
      'ten packs asked of a warm desk at the same moment (the median of the slowest)',
      `${seconds(median(slowest))}${allMade ? '' : ', not every one a PDF'}`,
      'each within 2s',
      allMade && median(slowest) <= 2000,
    );
  } finally {
    desk.kill('SIGINT');
    await closed;
  }
  rmSync(dir, { recursive: true, force: true });
}
