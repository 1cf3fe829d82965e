// The site's search (Pagefind): the sample site built and served over HTTP, as a web host serves it, searched in
// Chromium by typing into the page as a reader would. A word in one sample article finds that article and no other;
// the box and the button work from the keyboard; axe finds nothing with results open; without JavaScript the page
// points to the list of articles; a page searches its own language's index; a rebuild that changes nothing does not
// index again.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchArgs } from '../../src/machinery/browser.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { axeViolations } from './axe.js';
import { copySamples, leaflet, listFiles } from './cli.js';

let dir: string;
let web: string;
let server: Server;
let site: string;
let browser: Browser;

beforeAll(async () => {
  dir = copySamples();
  const run = await leaflet(['build', '-f', 'web'], dir);
  expect(run.code, run.stderr).toBe(0);
  web = path.join(dir, 'out', 'web');
  const serve = sirv(web, { dev: true });
  server = createServer((req, res) =>
    serve(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Addressed as localhost: the browser leaflet launches resolves no other name (it prints offline).
  site = `http://localhost:${(server.address() as AddressInfo).port}/`;
  browser = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A fresh page of the browser, closed after `use`. */
async function withPage<T>(use: (page: Page) => Promise<T>, width = 1280): Promise<T> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width, height: 900 });
    return await use(page);
  } finally {
    await page.close();
  }
}

/**
 * The results shown once the search for `query` has answered: each result's address. The summary (in the page's
 * language) names the query and counts the results before they are drawn: wait for as many links as it counts.
 */
async function results(page: Page, query: string): Promise<string[]> {
  await page.waitForFunction(
    (wanted) => {
      const summaries = [...document.querySelectorAll('pagefind-summary')].map((summary) => summary.textContent ?? '');
      const summary = summaries.find((text) => text.includes(wanted));
      if (summary === undefined) return false;
      // "Searching for …" has no count yet; "No results for …" counts none.
      const counted = /\d+/.exec(summary)?.[0] ?? (/^no results/i.test(summary.trim()) ? '0' : undefined);
      // Pagefind draws a result's details only once its placeholder comes into view: one below the fold (on a narrow
      // page, or the dialog) is brought into view, as a reader scrolling on would.
      document.querySelector('pagefind-results .pf-skeleton')?.scrollIntoView({ block: 'center' });
      const links = [...document.querySelectorAll('.pf-result-link')];
      return links.length === Number(counted ?? -1) && links.every((link) => link.getAttribute('href'));
    },
    {},
    query,
  );
  return page.$$eval('.pf-result-link', (links) => links.map((link) => link.getAttribute('href') ?? ''));
}

/** Type `query` into the index page's search box, focused from the keyboard; the results' addresses. */
async function searchIndex(page: Page, query: string): Promise<string[]> {
  await page.goto(site, { waitUntil: 'networkidle0' });
  await page.focus('pagefind-input input');
  await page.keyboard.type(query);
  return results(page, query);
}

describe('search on the built site, served over HTTP', () => {
  it('finds the one sample article with a word and not the others', async () => {
    // "footrest" is in "Setting up your desk" alone; "crutches" in the ankle sprain article alone.
    await withPage(async (page) => {
      expect(await searchIndex(page, 'footrest')).toEqual(['/desk-posture/']);
      expect(await searchIndex(page, 'crutches')).toEqual(['/ankle-sprain/']);
    });
  });

  it('filters by type and by topic, from the pages themselves', async () => {
    await withPage(async (page) => {
      await page.goto(site, { waitUntil: 'networkidle0' });
      // Pagefind's own API in the page, as its filter pane asks it (a string, so that the test runner leaves its
      // import alone).
      const filters = (await page.evaluate(
        `import('${site}pagefind/pagefind.js').then((pagefind) => pagefind.filters())`,
      )) as Record<string, Record<string, number>>;
      expect(filters.type).toEqual({ Article: 4, Exercise: 6 });
      // The English pages' tags: "ankle" is on the ankle sprain article, ankle circles and heel raises.
      expect(filters.tag).toMatchObject({ 'back pain': 2, ankle: 3, exercises: 6 });
    });
  });

  it('keeps an index per language: a Polish page searches the Polish articles', async () => {
    const entry = JSON.parse(readFileSync(path.join(web, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(Object.keys(entry.languages).sort()).toEqual(['ar', 'cy', 'en-gb', 'es', 'pl']);
    expect(entry.languages.pl?.page_count).toBe(1);
    await withPage(async (page) => {
      await page.goto(`${site}ankle-sprain-pl/`, { waitUntil: 'networkidle0' });
      await page.click('pagefind-modal-trigger button');
      await page.waitForSelector('dialog[open] pagefind-input input');
      await page.keyboard.type('kostki');
      expect(await results(page, 'kostki')).toEqual(['/ankle-sprain-pl/']);
    });
  });

  it('is reached from the keyboard: Tab to the box or the button, type, arrow to a result, Enter opens it', async () => {
    await withPage(async (page) => {
      await page.goto(site, { waitUntil: 'networkidle0' });
      const focused = (): Promise<string> =>
        page.evaluate(() => {
          const active = document.activeElement;
          return `${active?.tagName.toLowerCase()}${active?.closest('pagefind-input') ? ' in the search box' : ''}`;
        });
      const stops: string[] = [];
      for (let tab = 0; tab < 4 && !stops.includes('input in the search box'); tab += 1) {
        await page.keyboard.press('Tab');
        stops.push(await focused());
      }
      // The skip link, the clinic's name (a link home), then the search box.
      expect(stops).toEqual(['a', 'a', 'input in the search box']);

      await page.goto(`${site}heel-raises/`, { waitUntil: 'networkidle0' });
      for (let tab = 0; tab < 3; tab += 1) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('pagefind-modal-trigger') !== null)).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.closest('dialog[open] pagefind-input') !== null);
      await page.keyboard.type('footrest');
      expect(await results(page, 'footrest')).toEqual(['/desk-posture/']);
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/desk-posture/');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe('/desk-posture/');
    });
  });

  it('has nothing axe finds, with results shown on the index and in the dialog of an article, wide and narrow', async () => {
    for (const width of [1280, 375]) {
      await withPage(async (page) => {
        await searchIndex(page, 'heel');
        expect(await axeViolations(page), `index at ${width}px`).toEqual([]);
        await page.goto(`${site}plantar-fasciitis/`, { waitUntil: 'networkidle0' });
        await page.click('pagefind-modal-trigger button');
        await page.waitForSelector('dialog[open] pagefind-input input');
        await page.keyboard.type('heel');
        await results(page, 'heel');
        expect(await axeViolations(page), `article at ${width}px`).toEqual([]);
      }, width);
    }
  });

  it('still makes sense without JavaScript: no box, and a link to the list of every article instead', async () => {
    await withPage(async (page) => {
      await page.setJavaScriptEnabled(false);
      await page.goto(site, { waitUntil: 'load' });
      expect(await page.$('pagefind-input input')).toBeNull();
      const note = await page.$eval('.site-search p', (shown) => ({
        text: shown.textContent?.replace(/\s+/g, ' '),
        shown: (shown as HTMLElement).offsetWidth > 0,
      }));
      expect(note).toEqual({
        text: 'Search needs JavaScript, which is off in this browser. Every article is listed below. All articles',
        shown: true,
      });
      expect(await page.$eval('.site-search a', (link) => link.getAttribute('href'))).toBe('#all-articles');

      await page.goto(`${site}heel-raises/`, { waitUntil: 'load' });
      expect(await page.$('pagefind-modal-trigger button')).toBeNull();
      const link = await page.$eval('.site-search-button a', (a) => ({
        href: a.getAttribute('href'),
        text: a.textContent,
        shown: (a as HTMLElement).offsetWidth > 0,
      }));
      expect(link).toEqual({ href: '../', text: 'All patient information', shown: true });
    });
  });
});

describe('the index, rebuilt', () => {
  it('is not made again when nothing changed, and is made again (without the old files) when an article changes', async () => {
    const project = copySamples({ exercises: false });
    const index = path.join(project, 'out', 'web', 'pagefind');
    const build = async (): Promise<BuildReport> => {
      const run = await leaflet(['build', '-f', 'web', '--json'], project);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as BuildReport;
    };
    await build();
    const files = (): string[] => listFiles(index);
    const times = (): number[] => files().map((file) => statSync(path.join(index, file)).mtimeMs);
    const [before, timesBefore] = [files(), times()];
    expect(before).toContain('pagefind-entry.json');

    const again = await build();
    expect(again.totals.web).toMatchObject({ unchanged: again.articles.length });
    expect(files()).toEqual(before);
    expect(times()).toEqual(timesBefore);

    const entry = (): string => readFileSync(path.join(index, 'pagefind-entry.json'), 'utf8');
    const entryBefore = entry();
    const article = path.join(project, 'articles', 'desk-posture.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('footrest', 'footstool'));
    // The folder Pagefind wrote into, left by a build stopped while it wrote: the next index takes it away.
    const left = path.join(project, 'out', 'web', '.pagefind-4242-0badcafe');
    mkdirSync(path.join(left, 'fragment'), { recursive: true });
    writeFileSync(path.join(left, 'fragment', 'en_0000000.pf_fragment'), 'half');
    await build();
    expect(readdirSync(path.join(project, 'out', 'web')).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(entry()).not.toBe(entryBefore);
    // Every file of the index is one the new index names or needs: none of the last index's is left behind.
    const now = files();
    expect(now.filter((file) => file.startsWith('fragment/')).length).toBe(8);
    expect(now.some((file) => !before.includes(file))).toBe(true);
  });
});
