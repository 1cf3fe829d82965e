// Leaflets that use their paper well and can be trusted as files: the same bytes from the same articles (reproducible
// builds), drafts marked as drafts, links that survive printing, emoji in colour, and the PDF/UA markers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/load-articles.js';
import { loadConfig } from '../../src/config/load-config.js';
import { renderLeaflet } from '../../src/formats/leaflet/render.js';
import { findBrowser, launchArgs } from '../../src/machinery/browser.js';
import { createRenderContext } from '../../src/render/context.js';
import { bodyFontSize, copySamples, leaflet, listFiles, pdfInfo, pdfText, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

/** The sha256 of every output of a build, by path (the report and the cache, which hold times, left out). */
function hashes(out: string): Record<string, string> {
  const files = listFiles(out).filter((file) => !file.endsWith('.json'));
  return Object.fromEntries(
    files.map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(path.join(out, file)))
        .digest('hex'),
    ]),
  );
}

describe('a build with SOURCE_DATE_EPOCH', () => {
  let dir: string;
  beforeAll(() => {
    dir = copySamples();
  });

  it('gives byte-identical PDFs, booklets, packs, emails and web pages when built twice', async () => {
    const env = { SOURCE_DATE_EPOCH: '1767225600' };
    // The second build runs in the same browser, whose pages have printed other leaflets since: nothing of that shows.
    const first = await leaflet(['build', '--force', '--booklet', '--out', 'one'], dir, { env, browser });
    expect(first.code, first.stderr).toBe(0);
    const second = await leaflet(['build', '--force', '--booklet', '--out', 'two'], dir, { env, browser });
    expect(second.code, second.stderr).toBe(0);
    const one = hashes(path.join(dir, 'one'));
    expect(Object.keys(one).filter((file) => file.endsWith('.pdf')).length).toBeGreaterThan(20);
    expect(hashes(path.join(dir, 'two'))).toEqual(one);
    expect(pdfInfo(path.join(dir, 'one', 'leaflet', 'ankle-sprain.pdf')).CreationDate).toMatch(
      /Jan\s+1 00:00:00 2026 UTC/,
    );
  });

  it('is refused when the variable is not a number of seconds', async () => {
    const run = await leaflet(['build', '-f', 'email'], dir, { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'SOURCE_DATE_EPOCH is "yesterday": it must be a whole number of seconds since 1 January 1970',
    );
  });
});

describe('a PDF without SOURCE_DATE_EPOCH', () => {
  it("is dated from its article's review, so printing it again gives the same bytes", async () => {
    const dir = copySamples({ exercises: false });
    await leaflet(['build', 'articles/desk-posture.md', '-f', 'leaflet', '--out', 'one'], dir, { browser });
    await leaflet(['build', 'articles/desk-posture.md', '-f', 'leaflet', '--out', 'two'], dir, { browser });
    const [one, two] = ['one', 'two'].map((out) => readFileSync(path.join(dir, out, 'leaflet', 'desk-posture.pdf')));
    expect(one?.equals(two ?? Buffer.alloc(0))).toBe(true);
    expect(pdfInfo(path.join(dir, 'one', 'leaflet', 'desk-posture.pdf')).CreationDate).toMatch(
      /May 18 00:00:00 2026 UTC/,
    );
  });
});

describe('a draft built with --drafts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = copySamples({ exercises: false });
    const file = path.join(dir, 'articles', 'desk-posture.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, '---\ndraft: true\n'));
    const run = await leaflet(['build', 'articles/desk-posture.md', 'articles/ankle-sprain.md', '--drafts'], dir, {
      browser,
    });
    expect(run.code, run.stderr).toBe(0);
  });
  const out = (...parts: string[]): string => path.join(dir, 'out', ...parts);

  it('says "DRAFT – not for patients" on every page of its leaflet, and in the PDF title', () => {
    const pdf = out('leaflet', 'desk-posture.pdf');
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) {
      expect(
        execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }),
        `page ${page}`,
      ).toContain('DRAFT – not for patients');
    }
    expect(pdfInfo(pdf).Title).toBe('DRAFT – not for patients: Setting up your desk to ease neck and back pain');
  });

  it('says so at the top of its web page and email, and keeps the page out of search engines', () => {
    const page = readFileSync(out('web', 'desk-posture', 'index.html'), 'utf8');
    expect(page).toContain('<p class="draft-banner" role="note"><strong>DRAFT – not for patients</strong></p>');
    expect(page).toContain('<title>DRAFT – not for patients: Setting up your desk');
    expect(page).toContain('<meta name="robots" content="noindex">');
    const email = readFileSync(out('email', 'desk-posture.html'), 'utf8');
    expect(email).toMatch(/<p class="draft-banner"[^>]*><strong>DRAFT – not for patients<\/strong><\/p>/);
    expect(email).toContain('<title>DRAFT – not for patients: Setting up your desk');
  });

  it('leaves an approved article unmarked', () => {
    expect(pdfText(out('leaflet', 'ankle-sprain.pdf'))).not.toContain('DRAFT');
    expect(readFileSync(out('web', 'ankle-sprain', 'index.html'), 'utf8')).not.toMatch(/DRAFT|noindex/);
    expect(readFileSync(out('email', 'ankle-sprain.html'), 'utf8')).not.toContain('DRAFT');
  });
});

describe('links on paper', () => {
  let dir: string;
  beforeAll(async () => {
    dir = copySamples({ exercises: false });
    writeFileSync(
      path.join(dir, 'articles', 'sciatica.md'),
      '---\ntitle: Sciatica\n---\n\nThe NHS has information about sciatic pain ' +
        '[here](https://www.nhs.uk/conditions/sciatica/). Read how we treat back pain on [our back pain ' +
        'page](https://riverside-physio.example/advice/back-pain/).\n\nThe NHS page again: ' +
        '[sciatica](https://www.nhs.uk/conditions/sciatica/). Or email [our team](mailto:hello@riverside-physio.example).\n',
    );
    writeFileSync(
      path.join(dir, 'articles', 'one-link.md'),
      '---\ntitle: One link\n---\n\nRead the [NHS page on ' +
        'sciatica](https://www.nhs.uk/conditions/sciatica/) before you come.\n',
    );
    const run = await leaflet(['build', 'articles/sciatica.md', 'articles/one-link.md', '-f', 'leaflet'], dir, {
      browser,
    });
    expect(run.code, run.stderr).toBe(0);
  });

  it('get a number each, the same for the same address, and their addresses listed in short form', () => {
    // Read with the lines joined, so that no assertion depends on where a line wraps (that is up to the fonts).
    const text = pdfText(path.join(dir, 'out', 'leaflet', 'sciatica.pdf'), { layout: false }).replace(/\s+/g, ' ');
    expect(text).toMatch(/sciatic pain here ?1\./);
    expect(text).toMatch(/our back pain page ?2\./);
    expect(text).toMatch(/again: sciatica ?1\./);
    expect(text.replace(/\s/g, '')).toContain(
      'Linksinthisleaflet1.nhs.uk/conditions/sciatica2.riverside-physio.example/advice/back-pain3.hello@riverside-physio.example',
    );
  });

  it("print a lone link's address after its text, with no list", () => {
    const text = pdfText(path.join(dir, 'out', 'leaflet', 'one-link.pdf'), { layout: false }).replace(/\s+/g, ' ');
    expect(text).toContain('NHS page on sciatica (nhs.uk/conditions/sciatica) before you');
    expect(text).not.toContain('Links in this leaflet');
  });

  it('are flagged by leaflet check when their text is "here", "click here" or "this page"', async () => {
    writeFileSync(
      path.join(dir, 'articles', 'vague.md'),
      '---\ntitle: Vague links\n---\n\nBook [Click here](https://example.org/book). Read [this ' +
        'page](https://example.org/a) or [the NHS page on sciatica](https://example.org/b).\n',
    );
    const run = await leaflet(['check', '--json', 'articles/sciatica.md', 'articles/vague.md'], dir);
    const report = JSON.parse(run.stdout) as {
      articles: { file: string; findings: { rule: string; line?: number; message: string }[] }[];
    };
    const linkText = (file: string) =>
      report.articles
        .find((article) => article.file.endsWith(file))
        ?.findings.filter((finding) => finding.rule === 'link-text')
        .map((finding) => finding.message.split(' means')[0]);
    expect(linkText('sciatica.md')).toEqual(['link text "here"']);
    expect(linkText('vague.md')).toEqual(['link text "Click here"', 'link text "this page"']);
  });
});

describe('emoji in a leaflet', () => {
  it(
    'are drawn from the colour emoji font, never from a text font with a black-and-white drawing ' + '(😊 👍 🦶)',
    async () => {
      const dir = copySamples({ exercises: false });
      writeFileSync(
        path.join(dir, 'articles', 'emoji.md'),
        '---\ntitle: Emoji\n---\n\nA smile 😊, a thumbs up 👍 and a foot 🦶.\n',
      );
      const config = await loadConfig(dir, undefined);
      const { articles } = await loadArticles(config, { cwd: dir, paths: ['articles/emoji.md'], drafts: false });
      const article = articles[0];
      if (!article) throw new Error('no article');
      const doc = await renderLeaflet(article, createRenderContext(config, articles, { cwd: dir }));
      // A browser of its own, as for the accessibility audit: the build's pages are set up for printing only.
      const own = await puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: launchArgs() });
      const fonts = await own.newPage().then(async (page) => {
        await page.setContent(doc.html, { waitUntil: 'load' });
        // Each emoji in an element of its own, to ask Chromium which font drew it.
        await page.evaluate(() => {
          const body = document.querySelector('.body');
          if (body) body.innerHTML = body.innerHTML.replace(/(😊|👍|🦶)/gu, '<span class="probe">$1</span>');
        });
        // The emoji font is loaded when a character needs it, as page.pdf() waits for before printing.
        await page.evaluate(async () => {
          document.body.getBoundingClientRect();
          await document.fonts.ready;
        });
        const cdp = await page.createCDPSession();
        try {
          await cdp.send('DOM.enable');
          await cdp.send('CSS.enable');
          const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
          const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '.probe' });
          return await Promise.all(
            nodeIds.map(async (nodeId) =>
              (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts.map((font) => font.familyName),
            ),
          );
        } finally {
          await own.close();
        }
      });
      expect(fonts).toEqual([['Noto Color Emoji'], ['Noto Color Emoji'], ['Noto Color Emoji']]);
    },
  );
});

/** A PDF read back by pdf.js: its metadata, and each page's structure tree and drawing operators. */
async function readBack(file: string) {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(readFileSync(file)),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const { info, metadata } = (await doc.getMetadata()) as unknown as {
    info: Record<string, unknown>;
    metadata: { get(name: string): unknown } | null;
  };
  const drawing = new Set([
    OPS.fill,
    OPS.eoFill,
    OPS.stroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.shadingFill,
    OPS.constructPath,
  ]);
  const pages = [];
  for (let number = 1; number <= doc.numPages; number += 1) {
    const page = await doc.getPage(number);
    const ops = await page.getOperatorList();
    // Drawing outside any marked-content sequence (tagged, or an artifact) is untagged.
    let depth = 0;
    let untagged = 0;
    ops.fnArray.forEach((fn) => {
      if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth += 1;
      else if (fn === OPS.endMarkedContent) depth -= 1;
      else if (depth === 0 && drawing.has(fn)) untagged += 1;
    });
    const roles: { role: string; alt?: string }[] = [];
    const walk = (node: { role?: string; alt?: string; children?: unknown[] }): void => {
      if (node.role) roles.push({ role: node.role, ...(node.alt ? { alt: node.alt } : {}) });
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk((await page.getStructTree()) as { children?: unknown[] });
    pages.push({ untagged, roles });
  }
  await doc.destroy();
  return { info, pdfua: metadata?.get('pdfuaid:part'), pages };
}

describe('the PDF/UA markers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = copySamples({ exercises: false });
    writeFileSync(
      path.join(dir, 'articles', 'skips.md'),
      '---\ntitle: Skipped levels\n---\n\nText, then a [link](https://www.nhs.uk/).\n\n#### Too deep\n\nMore text.\n',
    );
    const run = await leaflet(
      [
        'build',
        'articles/foot-pain-and-back-pain.md',
        'articles/ar/ankle-sprain.md',
        'articles/skips.md',
        '-f',
        'leaflet',
      ],
      dir,
      { browser },
    );
    expect(run.code, run.stderr).toBe(0);
  });
  const pdf = (slug: string): string => path.join(dir, 'out', 'leaflet', `${slug}.pdf`);

  it(
    'are claimed for a leaflet whose structure tree holds: every page tagged, headings in order, ' +
      'figures described, a language',
    async () => {
      for (const slug of ['foot-pain-and-back-pain', 'ankle-sprain-ar']) {
        const read = await readBack(pdf(slug));
        expect(read.pdfua, slug).toBe('1');
        expect(read.info.Language, slug).toBe(slug.endsWith('-ar') ? 'ar' : 'en-GB');
        expect(
          read.pages.map((page) => page.untagged),
          slug,
        ).toEqual(read.pages.map(() => 0));
        const roles = read.pages.flatMap((page) => page.roles);
        const headings = roles.filter((node) => /^H\d$/.test(node.role)).map((node) => Number(node.role.slice(1)));
        expect(headings[0], slug).toBe(1);
        expect(Math.max(...headings), slug).toBeLessThanOrEqual(3);
        headings.forEach((level, index) => {
          expect(level, `${slug} heading ${index}`).toBeLessThanOrEqual((headings[index - 1] ?? 0) + 1);
        });
        // The foot-and-back article has pictures, the Arabic one none; every picture there is has alt text.
        const figures = roles.filter((node) => node.role === 'Figure');
        expect(figures.length > 0, slug).toBe(slug === 'foot-pain-and-back-pain');
        expect(
          figures.filter((figure) => !figure.alt),
          slug,
        ).toEqual([]);
      }
      // The figure of the foot-and-back article is there, with its alt text.
      const foot = await readBack(pdf('foot-pain-and-back-pain'));
      expect(foot.pages.flatMap((page) => page.roles).find((node) => node.role === 'Figure')?.alt).toMatch(
        /^Two feet side by side/,
      );
    },
  );

  it(
    'are not claimed when the headings skip a level, though the pages are still tagged and the ' + 'links described',
    async () => {
      const read = await readBack(pdf('skips'));
      expect(read.pdfua).toBeUndefined();
      expect(read.pages.map((page) => page.untagged)).toEqual([0]);
      const text = readFileSync(pdf('skips'), 'latin1');
      expect(text).toMatch(/\/Subtype \/Link[\s\S]*?\/Contents <FEFF[0-9A-F]+>/);
    },
  );

  it('set the title to be shown, and PDF 1.7', () => {
    const text = readFileSync(pdf('foot-pain-and-back-pain'), 'latin1');
    expect(text).toContain('/DisplayDocTitle true');
    expect(text).toContain('/Version /1.7');
  });
});

describe('the page budget', () => {
  let dir: string;
  let report: {
    ok: boolean;
    warnings: { file: string; message: string; line?: number }[];
    articles: { slug?: string; outputs: { format: string; pages?: number; files: string[] }[] }[];
  };
  beforeAll(async () => {
    dir = copySamples();
    // A budget it cannot keep: plantar fasciitis on one page.
    const file = path.join(dir, 'articles', 'plantar-fasciitis.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, '---\npages: 1\n'));
    const run = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
    report = JSON.parse(run.stdout) as typeof report;
  });
  const leafletOf = (slug: string) =>
    report.articles.find((article) => article.slug === slug)?.outputs.find((output) => output.format === 'leaflet');

  it("lists each leaflet's pages in the build report, as the PDF has them", () => {
    const leaflets = report.articles.map((article) => article.outputs.find((output) => output.format === 'leaflet'));
    expect(leaflets.length).toBeGreaterThanOrEqual(13);
    for (const output of leaflets) {
      const file = output?.files[0] ?? '';
      expect(output?.pages, file).toBe(Number(pdfInfo(path.join(dir, file)).Pages));
    }
  });

  it(
    'fits every sample article on two sides of A4 and the real clinic article (about 750 words) on ' +
      'three, at 12pt, notes box and all',
    () => {
      const pages = Object.fromEntries(
        [
          'ankle-sprain',
          'ankle-sprain-ar',
          'ankle-sprain-cy',
          'ankle-sprain-pl',
          'desk-posture',
          'foot-pain-and-back-pain',
        ].map((slug) => [slug, leafletOf(slug)?.pages]),
      );
      expect(pages).toEqual({
        'ankle-sprain': 2,
        'ankle-sprain-ar': 2,
        'ankle-sprain-cy': 2,
        'ankle-sprain-pl': 2,
        'desk-posture': 2,
        'foot-pain-and-back-pain': 3,
      });
      for (const slug of ['ankle-sprain', 'desk-posture', 'foot-pain-and-back-pain']) {
        const file = path.join(dir, leafletOf(slug)?.files[0] ?? '');
        expect(bodyFontSize(file), slug).toBeGreaterThanOrEqual(12);
        expect(pdfText(file), slug).toMatch(/Your notes[\s\S]*Where to find out more/);
      }
      // The exercise cards take one side each.
      expect(leafletOf('heel-raises')?.pages).toBe(1);
    },
  );

  it('never leaves the closing block alone on the last page, on A5 pages either (the pages of a booklet)', async () => {
    const a5 = await leaflet(['build', '-f', 'leaflet', '--size', 'A5', '-o', 'out-a5', '--json'], dir, { browser });
    const small = JSON.parse(a5.stdout) as typeof report;
    for (const article of [...report.articles, ...small.articles]) {
      const output = article.outputs.find((candidate) => candidate.format === 'leaflet');
      const file = path.join(dir, output?.files[0] ?? '');
      const last = String(output?.pages ?? 1);
      if (last === '1') continue;
      const text = execFileSync('pdftotext', ['-f', last, '-l', last, file, '-'], { encoding: 'utf8' }).replace(
        /[\u200e\u200f\u202a-\u202e]/g,
        '',
      );
      expect(text.trim().split('\n')[0], `${output?.files[0]} page ${last}`).not.toBe('Riverside Physiotherapy');
    }
  });

  it('counts the pages of a leaflet whose own template has no <head> or <body> either', async () => {
    const own = copySamples({ exercises: false });
    mkdirSync(path.join(own, 'templates', 'leaflet'), { recursive: true });
    writeFileSync(path.join(own, 'templates', 'leaflet', 'layout.hbs'), '<h1>{{article.title}}</h1>\n{{{body}}}\n');
    const run = await leaflet(['build', 'articles/ankle-sprain.md', '-f', 'leaflet', '--json'], own, { browser });
    expect(run.code, run.stderr).toBe(0);
    const [article] = (JSON.parse(run.stdout) as typeof report).articles;
    const output = article?.outputs.find((candidate) => candidate.format === 'leaflet');
    const file = path.join(own, output?.files[0] ?? '');
    expect(output?.pages).toBe(Number(pdfInfo(file).Pages));
    expect(pdfText(file)).toContain('Ankle sprain');
  });

  it(
    'says how many words to cut when a leaflet cannot keep its budget (printed in the plainest ' +
      'layout of its fewest pages)',
    () => {
      const warning = report.warnings.find(
        (candidate) => candidate.file === path.join('articles', 'plantar-fasciitis.md'),
      );
      expect(warning).toMatchObject({
        line: 2,
        message: expect.stringMatching(
          /^leaflet: \d pages, over its budget of 1 even in its tightest layout: cut about \d+ words \(of \d+\), or allow \d pages/,
        ),
      });
      expect(leafletOf('plantar-fasciitis')?.pages).toBeGreaterThan(1);
      expect(report.ok).toBe(true);
    },
  );
});
