// The sample project that ships with the repo (leaflet.config.yaml, brand/, articles/), built once: it builds cleanly
// in every format, as the README's quick start promises, and its web output is a site that is accessible (axe-core in
// real Chromium), valid (the W3C Nu checker and html-validate), findable (description, Open Graph, canonical, JSON-LD,
// sitemap, Atom feed) and working from any sub-path.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchArgs } from '../../src/machinery/browser.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { axeViolations } from './axe.js';
import {
  addressesIn,
  type CliResult,
  copySamples,
  fixtureWith,
  leaflet,
  listFiles,
  pdfFonts,
  pdfInfo,
  pdfText,
  sharedBrowser,
} from './cli.js';

const browser = sharedBrowser();

const require = createRequire(import.meta.url);

let dir: string;
let web: string;
let run: CliResult;
let report: BuildReport;
let pages: string[];
const read = (file: string): string => readFileSync(path.join(web, file), 'utf8');

/**
 * The W3C checker's messages, started as soon as the site is built: Java takes seconds, the other tests run meanwhile.
 */
let nuChecker: Promise<string>;

beforeAll(async () => {
  dir = copySamples();
  run = await leaflet(['build', '--json'], dir, { browser });
  report = JSON.parse(run.stdout) as BuildReport;
  web = path.join(dir, 'out', 'web');
  pages = listFiles(web).filter((file) => file.endsWith('.html'));
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  // A document with a known error goes first: the checker must report it, or it did not really check anything.
  writeFileSync(
    path.join(dir, 'control.html'),
    '<!doctype html><html lang="en"><head><title>Control</title></head><body><p><div>x</p></body></html>',
  );
  nuChecker = new Promise((resolve, reject) => {
    // The checker needs a deep stack to read its HTML schema (with Java's default it stops with an empty result), and
    // starts faster without the optimising compiler, which a few seconds' work never pays back.
    const args = [
      '-Xss4m',
      '-XX:TieredStopAtLevel=1',
      '-jar',
      jar,
      '--errors-only',
      '--format',
      'json',
      path.join(dir, 'control.html'),
      ...pages.map((file) => path.join(web, file)),
    ];
    const java = spawn('java', args);
    let stderr = '';
    java.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    java.on('error', reject);
    java.on('close', () => resolve(stderr));
  });
});

// The ankle-sprain leaflet also in Welsh, Polish and Arabic (articles/cy, pl, ar), plantar fasciitis in Spanish.
const ARTICLES = [
  'ankle-sprain',
  'ankle-sprain-ar',
  'ankle-sprain-cy',
  'ankle-sprain-pl',
  'desk-posture',
  'foot-pain-and-back-pain',
  'plantar-fasciitis',
  'plantar-fasciitis-es',
];
const EXERCISES = [
  'ankle-circles',
  'calf-stretch',
  'chin-tucks',
  'heel-raises',
  'shoulder-blade-squeezes',
  'towel-stretch',
];
const SAMPLES = [...ARTICLES, ...EXERCISES].sort();

describe('the sample articles', () => {
  it('all build in every format, without errors or warnings', () => {
    expect(run.stderr).not.toMatch(/warning|error/i);
    expect(run.code).toBe(0);
    expect(report.articles.map((article) => article.slug).sort()).toEqual(SAMPLES);
    for (const article of report.articles) {
      expect(article.warnings).toEqual([]);
      expect(article.outputs.map((output) => `${output.format}:${output.status}`).sort()).toEqual([
        'email:built',
        'leaflet:built',
        'web:built',
      ]);
    }
  });

  it('print as A4 leaflets with their titles, clinic branding and every font embedded', () => {
    for (const slug of SAMPLES) {
      const pdf = path.join(dir, 'out', 'leaflet', `${slug}.pdf`);
      const info = pdfInfo(pdf);
      expect(info['Page size']).toContain('(A4)');
      expect(info.Tagged).toBe('yes');
      const text = pdfText(pdf);
      expect(text).toContain('Riverside Physiotherapy');
      expect(text.replace(/\s+/g, ' ')).toContain(info.Title?.split(':')[0]);
      expect(pdfFonts(pdf).every((font) => font.embedded)).toBe(true);
    }
  });

  it('carries the foot-and-back article image into the leaflet and the web page', () => {
    expect(read('foot-pain-and-back-pain/index.html')).toMatch(/src="\.\.\/assets\/foot-arch\.[0-9a-f]{10}\.svg"/);
    const raw = readFileSync(path.join(dir, 'out', 'leaflet', 'foot-pain-and-back-pain.pdf')).toString('latin1');
    expect(raw).toMatch(/\/Subtype\s*\/Image|\/Subtype\s*\/Form/);
  });
});

describe('the site', () => {
  it('builds an index, a page per article and a page per tag', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(pages).toContain('index.html');
    for (const slug of ['ankle-sprain', 'desk-posture', 'foot-pain-and-back-pain', 'plantar-fasciitis'])
      expect(pages).toContain(`${slug}/index.html`);
    const tags = pages.filter((file) => file.startsWith('tags/'));
    expect(tags.length).toBeGreaterThanOrEqual(3);
    expect(tags).toContain('tags/back-pain/index.html');
  });

  it('lists every article on the index with its summary, topics and review date', () => {
    const index = read('index.html');
    for (const title of ['Ankle sprain', 'plantar fasciitis', 'back pain'])
      expect(index.toLowerCase()).toContain(title.toLowerCase());
    expect(index).toMatch(/Reviewed \d{1,2} \w+ 20\d\d/);
    expect(index).toContain('href="./tags/back-pain/"');
  });

  it('gives each article page a breadcrumb, review information, the PDF link and related articles', () => {
    const page = read('foot-pain-and-back-pain/index.html');
    expect(page).toContain('aria-label="Breadcrumb"');
    expect(page).toMatch(/Page last reviewed: \d{1,2} \w+ 20\d\d<br>\s*Next review due: \d{1,2} \w+ 20\d\d/);
    expect(page).toContain('href="foot-pain-and-back-pain.pdf"');
    expect(page).toContain('Download the printable leaflet (PDF)');
    expect(page).toContain('Related information');
    expect(page).toMatch(/href="\.\.\/[a-z-]+\/"/);
    // An article about heel pain lists the exercises for it.
    expect(read('plantar-fasciitis/index.html')).toMatch(
      /Related information[\s\S]*href="\.\.\/(calf-stretch|towel-stretch|heel-raises)\/"/,
    );
  });

  it('links only inside itself with relative addresses that resolve, so it works from any sub-path', () => {
    for (const file of pages) {
      for (const address of addressesIn(read(file))) {
        if (/^(https?:|mailto:|tel:|#)/.test(address)) continue;
        expect(address.startsWith('/'), `${file}: ${address}`).toBe(false);
        const target = path.join(web, path.dirname(file), address.split('#')[0] ?? '');
        const resolved =
          address.endsWith('/') || address === './' || address === '../' ? path.join(target, 'index.html') : target;
        expect(listFiles(web), `${file} links to ${address}`).toContain(path.relative(web, resolved));
      }
    }
  });

  it('publishes images under content-hashed names, and one stylesheet', () => {
    const assets = listFiles(path.join(web, 'assets'));
    expect(assets.filter((file) => file.endsWith('.css'))).toEqual(['style.css']);
    for (const image of assets.filter((file) => !file.endsWith('.css')))
      expect(image).toMatch(/\.[0-9a-f]{8,}\.(png|svg|jpe?g|webp|gif)$/);
  });
});

describe('findable and shareable', () => {
  it('has a description, canonical address and Open Graph tags', () => {
    const page = read('ankle-sprain/index.html');
    expect(page).toMatch(/<meta name="description" content="[^"]{20,}">/);
    expect(page).toContain('<link rel="canonical" href="https://riverside-physio.example/advice/ankle-sprain/">');
    for (const property of ['og:type', 'og:title', 'og:description', 'og:url', 'og:site_name', 'og:locale'])
      expect(page).toContain(`property="${property}"`);
  });

  it('describes each article as a schema.org MedicalWebPage', () => {
    const page = read('foot-pain-and-back-pain/index.html');
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)?.[1];
    const data = JSON.parse(json ?? '') as Record<string, any>;
    expect(data['@context']).toBe('https://schema.org');
    expect(data['@type']).toBe('MedicalWebPage');
    expect(data.lastReviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.reviewedBy).toMatchObject({ '@type': 'Person', name: 'Dr Asha Patel' });
    expect(data.author).toMatchObject({ '@type': 'Person', name: 'Sam Taylor, MCSP' });
    expect(data.about.length).toBeGreaterThan(0);
    expect(data.url).toBe('https://riverside-physio.example/advice/foot-pain-and-back-pain/');
  });

  it('writes a sitemap of every page', () => {
    const xml = read('sitemap.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser().parse(xml) as { urlset: { url: { loc: string }[] } };
    const locs = parsed.urlset.url.map((url) => url.loc);
    expect(locs).toContain('https://riverside-physio.example/advice/');
    expect(locs).toContain('https://riverside-physio.example/advice/ankle-sprain/');
    expect(locs).toContain('https://riverside-physio.example/advice/tags/back-pain/');
    expect(locs).toHaveLength(pages.length);
  });

  it('writes a well-formed Atom feed of the articles, newest first', () => {
    const xml = read('feed.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      feed: { '@_xmlns': string; title: string; entry: { title: string; updated: string; id: string }[] };
    };
    expect(parsed.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entries = parsed.feed.entry;
    expect(entries).toHaveLength(SAMPLES.length);
    const dates = entries.map((entry) => entry.updated);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const entry of entries) expect(entry.id).toMatch(/^https:\/\/riverside-physio\.example\/advice\/[a-z-]+\/$/);
  });
});

describe('valid HTML', () => {
  it('has no errors from the W3C Nu HTML checker (vnu.jar)', async () => {
    const output = await nuChecker;
    expect(output).not.toContain('StackOverflowError');
    const messages = (JSON.parse(output) as { messages: { url: string; lastLine?: number; message: string }[] })
      .messages;
    const control = messages.filter((m) => m.url.endsWith('/control.html'));
    expect(control.map((m) => m.message)).toContain('No “p” element in scope but a “p” end tag seen.');
    const site = messages.filter((m) => !m.url.endsWith('/control.html'));
    expect(site.map((m) => `${path.relative(web, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`)).toEqual([]);
  });

  it('has no errors from html-validate', async () => {
    // The standard preset: the rules about correctness and accessibility, not code style (doctype case, whitespace).
    // HTML5 allows ids that start with a digit ("1-flat-feet", from a numbered heading), so those are relaxed.
    const validator = new HtmlValidate({
      extends: ['html-validate:standard'],
      rules: { 'valid-id': ['error', { relaxed: true }] },
    });
    const problems: string[] = [];
    for (const file of pages) {
      const report = await validator.validateFile(path.join(web, file));
      for (const result of report.results)
        for (const message of result.messages)
          problems.push(`${file}:${message.line}: ${message.ruleId} ${message.message}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('accessible (axe-core, WCAG 2.2 AA, in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
  });
  afterAll(() => browser?.close());

  const audit = async (file: string, width: number): Promise<string[]> => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(path.resolve(web, file)).href, { waitUntil: 'load' });
      return await axeViolations(page);
    } finally {
      await page.close();
    }
  };

  it('sets body text at 16px or more, in lines of at most about 75 characters on a wide screen', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(pathToFileURL(path.join(web, 'foot-pain-and-back-pain/index.html')).href, { waitUntil: 'load' });
      const measured = await page.evaluate(() => {
        // Characters per line: each character's box, grouped by the line it sits on (last lines of paragraphs left
        // out).
        const lengths: number[] = [];
        const range = document.createRange();
        for (const element of document.querySelectorAll('.article-body p')) {
          const lines = new Map<number, number>();
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
            for (let index = 0; index < node.length; index += 1) {
              range.setStart(node, index);
              range.setEnd(node, index + 1);
              const top = range.getClientRects()[0]?.top;
              if (top !== undefined) lines.set(Math.round(top), (lines.get(Math.round(top)) ?? 0) + 1);
            }
          }
          lengths.push(...[...lines.values()].slice(0, -1));
        }
        lengths.sort((a, b) => a - b);
        const paragraph = document.querySelector('.article-body p') as Element;
        return {
          fontSize: parseFloat(getComputedStyle(paragraph).fontSize),
          median: lengths[Math.floor(lengths.length / 2)] ?? 0,
          longest: lengths.at(-1) ?? 0,
        };
      });
      expect(measured.fontSize).toBeGreaterThanOrEqual(16);
      expect(measured.median).toBeLessThanOrEqual(75);
      expect(measured.longest).toBeLessThanOrEqual(80);
    } finally {
      await page.close();
    }
  });

  it('finds nothing on the index, a tag page and every article page, at desktop and phone widths', async () => {
    const audited = [
      'index.html',
      'tags/back-pain/index.html',
      ...pages.filter((file) => /^[a-z-]+\/index\.html$/.test(file) && !file.startsWith('tags/')),
    ];
    expect(audited.length).toBeGreaterThanOrEqual(6);
    // A page with known faults first: the audit must find them, or it did not really look.
    const control = path.join(dir, 'control-axe.html');
    writeFileSync(
      control,
      '<!doctype html><html lang="en"><head><title>Control</title></head><body><main><img ' +
        'src="x.png"></main></body></html>',
    );
    expect(await audit(control, 1280)).toEqual(expect.arrayContaining([expect.stringMatching(/^image-alt:/)]));
    const audits = audited.flatMap((file) => [1280, 375].map((width) => ({ file, width })));
    // Three pages at a time: each audit waits on its page, not on the others.
    const found: string[] = [];
    const next = async (): Promise<void> => {
      for (let job = audits.shift(); job; job = audits.shift()) {
        found.push(
          ...(await audit(job.file, job.width)).map((violation) => `${job.file} at ${job.width}px: ${violation}`),
        );
      }
    };
    await Promise.all([next(), next(), next()]);
    expect(found).toEqual([]);
  });
});

describe('images without alt text', () => {
  it('fail the article with its file and line, and the others still build', async () => {
    const project = fixtureWith();
    writeFileSync(
      path.join(project, 'articles', 'no-alt.md'),
      '---\ntitle: No alt\n---\n\nSome text.\n\n![](images/dot.png)\n',
    );
    const result = await leaflet(['build', '-f', 'web'], project, { browser });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/articles\/no-alt\.md:7: image "images\/dot\.png" has no alt text/);
    expect(listFiles(path.join(project, 'out', 'web'))).toContain('knee-pain/index.html');
  });

  it('accept alt="" in HTML as a decorative image, and reject a missing alt attribute', async () => {
    const project = fixtureWith();
    writeFileSync(
      path.join(project, 'articles', 'decorative.md'),
      '---\ntitle: Decorative\n---\n\n<img src="images/dot.png" alt="">\n',
    );
    writeFileSync(
      path.join(project, 'articles', 'html-no-alt.md'),
      '---\ntitle: HTML without alt\n---\n\nText.\n\n<img src="images/dot.png">\n',
    );
    const result = await leaflet(['build', '-f', 'web', 'articles/decorative.md', 'articles/html-no-alt.md'], project, {
      browser,
    });
    expect(result.stderr).toMatch(/articles\/html-no-alt\.md:7: image "images\/dot\.png" has no alt attribute/);
    expect(result.stderr).not.toContain('decorative.md');
  });
});
