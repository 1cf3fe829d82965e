// `leaflet build` end to end, through the real bin/leaflet.js, on a fixture project with two good articles, two
// broken ones and a draft; and front matter that looks like HTML, in every format.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/machinery/report.js';
import { REPO, tempDir } from '../helpers.js';
import {
  addressesIn,
  type CliResult,
  copyFixture,
  leaflet,
  listFiles,
  pdfFonts,
  pdfInfo,
  pdfText,
  runLeaflet,
} from './cli.js';

let project: string;
let run: CliResult;
let out: string;

beforeAll(async () => {
  project = copyFixture();
  out = path.join(project, 'out');
  run = await runLeaflet(['build', '--json'], project);
});

describe('a build with broken articles beside good ones', () => {
  it('exits 1 and names each broken file, with the line where the YAML parser knows it', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /articles\/broken-yaml\.expect-error\.md:\d+: a list opened with "\[" \(or a "\{"\) is not closed where it should be/,
    );
    expect(run.stderr).toContain('articles/missing-title.expect-error.md: "title" is required');
  });

  it('still builds the good articles in every format', () => {
    // The site's search index (web/pagefind/) names its files by their content: it has its own tests (search.test.ts).
    expect(listFiles(out)).toContain('web/pagefind/pagefind-entry.json');
    expect(
      listFiles(out).filter((file) => !file.startsWith('web/assets/') && !file.startsWith('web/pagefind/')),
    ).toEqual([
      '.leaflet-cache.json',
      '.leaflet-front-matter.json',
      'email/ankle-sprain.html',
      'email/ankle-sprain.txt',
      'email/knee-pain.html',
      'email/knee-pain.txt',
      'leaflet/ankle-sprain.pdf',
      'leaflet/knee-pain.pdf',
      'report.json',
      'web/ankle-sprain/ankle-sprain.pdf',
      'web/ankle-sprain/index.html',
      'web/feed.xml',
      'web/index.html',
      'web/knee-pain/index.html',
      'web/knee-pain/knee-pain.pdf',
      'web/sitemap.xml',
      'web/tags/ankles/index.html',
      'web/tags/knees/index.html',
      'web/tags/running/index.html',
    ]);
  });

  it('prints the report on stdout with --json, the same as out/report.json', () => {
    const printed = JSON.parse(run.stdout) as BuildReport;
    const saved = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as BuildReport;
    expect(printed).toEqual(saved);
    expect(printed.ok).toBe(false);
    expect(printed.totals.articles).toEqual({ built: 2, skipped: 1, failed: 2 });
    expect(printed.totals.leaflet).toMatchObject({ built: 2, failed: 0 });
    const draft = printed.articles.find((article) => article.file === 'articles/draft-note.md');
    expect(draft).toMatchObject({ status: 'skipped', reason: expect.stringContaining('draft') });
    const broken = printed.articles.find((article) => article.file === 'articles/missing-title.expect-error.md');
    expect(broken?.errors[0]).toMatchObject({ code: 'FRONT_MATTER', file: 'articles/missing-title.expect-error.md' });
  });

  it('keeps logs off stdout', () => {
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    expect(run.stderr).toContain('Building 2 articles');
  });
});

describe('leaflet PDFs', () => {
  it('are A4, tagged, titled and carry the article metadata', () => {
    const info = pdfInfo(path.join(out, 'leaflet', 'knee-pain.pdf'));
    expect(info.Title).toBe('Knee pain when you run');
    expect(info.Author).toBe('Jo Bloggs, MCSP');
    expect(info.Subject).toBe('Why your knee may hurt when you run, and what you can do about it.');
    expect(info.Keywords).toBe('knees, running');
    expect(info.Creator).toMatch(/^leaflet \d/);
    expect(info['Page size']).toContain('(A4)');
    expect(info.Tagged).toBe('yes');
    const bytes = readFileSync(path.join(out, 'leaflet', 'knee-pain.pdf')).toString('latin1');
    expect(bytes).toContain('/Lang (en-GB)');
  });

  it('print the article, the clinic and a footer with page numbers and review dates', () => {
    const text = pdfText(path.join(out, 'leaflet', 'knee-pain.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Knee pain when you run');
    expect(text).toContain('Test Valley Physio');
    expect(text).toContain('Weak hip muscles can let your knee drop inwards.');
    expect(text).toContain('In short');
    expect(text).toContain('Strong hips help your knees.');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('Next review 1 May 2027');
    expect(text).toContain('Clinically reviewed by');
  });

  it('embed every font, with emoji drawn from the emoji font', () => {
    const fonts = pdfFonts(path.join(out, 'leaflet', 'knee-pain.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    // Chromium embeds colour emoji glyphs as a Type 3 font; no emoji font means empty boxes instead.
    const raw = readFileSync(path.join(out, 'leaflet', 'knee-pain.pdf')).toString('latin1');
    expect(raw).toMatch(/\/Subtype\s*\/Type3/);
  });

  it('embed the image from the article folder', () => {
    const raw = readFileSync(path.join(out, 'leaflet', 'knee-pain.pdf')).toString('latin1');
    expect(raw).toMatch(/\/Subtype\s*\/Image/);
  });
});

describe('emails', () => {
  const html = () => readFileSync(path.join(out, 'email', 'knee-pain.html'), 'utf8');

  it('have their CSS inlined, with only media queries left in <style>', () => {
    expect(html()).toMatch(/<h1 style="[^"]*font-size: 26px/);
    const styles = [...html().matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
    expect(styles.length).toBe(1);
    expect(styles[0]?.trim()).toMatch(/^@media/);
  });

  it('have a hidden preheader from the summary and a 600px layout', () => {
    expect(html()).toMatch(/<div class="preheader" style="display: none;[^"]*">Why your knee may hurt/);
    // Fluid up to 600px everywhere; Outlook on Windows gets a fixed 600px table in conditional comments.
    expect(html()).toMatch(/<table[^>]*class="container"[^>]*width="100%"[^>]*style="[^"]*max-width: 600px/);
    expect(html()).toMatch(/<!--\[if mso\]><table role="presentation" width="600"/);
  });

  it('use only absolute addresses (or a merge tag for the mailing tool)', () => {
    const addresses = addressesIn(html());
    expect(addresses.length).toBeGreaterThan(3);
    for (const address of addresses) expect(address).toMatch(/^(https:\/\/|mailto:|tel:|\{\{unsubscribe\}\})/);
    expect(addresses).toContain('https://test-valley.example/info/ankle-sprain/');
    expect(
      addresses.some((address) =>
        /^https:\/\/test-valley\.example\/info\/assets\/dot\.[0-9a-f]{10}\.png$/.test(address),
      ),
    ).toBe(true);
  });

  it('have a plain-text part with the title, headings and links written out', () => {
    const text = readFileSync(path.join(out, 'email', 'knee-pain.txt'), 'utf8');
    expect(text).toMatch(/^Knee pain when you run\n/);
    expect(text).toContain('Why does my knee hurt?');
    expect(text.replace(/\s+/g, ' ')).toContain(
      'our ankle sprain advice <https://test-valley.example/info/ankle-sprain/>',
    );
    expect(text).not.toContain('<table');
  });
});

describe('web pages', () => {
  const read = (file: string) => readFileSync(path.join(out, 'web', file), 'utf8');

  it('list every article on the index, with links that resolve', () => {
    const index = read('index.html');
    expect(index).toMatch(/^<!doctype html>\n<html lang="en-GB" dir="ltr">/);
    expect(index).toContain('Knee pain when you run');
    expect(index).toContain('Why your knee may hurt when you run');
    expect(index).toContain('running');
    for (const address of addressesIn(index).filter((a) => !/^(https?:|mailto:|tel:|#)/.test(a))) {
      const target = path.join(out, 'web', address, address.endsWith('/') ? 'index.html' : '');
      expect(existsSync(target), `${address} from index.html`).toBe(true);
    }
    expect(addressesIn(index)).toEqual(
      expect.arrayContaining(['./knee-pain/', './ankle-sprain/', './knee-pain/knee-pain.pdf', './tags/running/']),
    );
  });

  it('have article pages whose links, images and PDF resolve', () => {
    const page = read('knee-pain/index.html');
    expect(page).toContain('<html lang="en-GB" dir="ltr">');
    expect(page).toContain('Download the printable leaflet (PDF)');
    const local = addressesIn(page).filter((a) => !/^(https?:|mailto:|tel:|#)/.test(a));
    expect(local).toEqual(expect.arrayContaining(['../', '../ankle-sprain/', 'knee-pain.pdf']));
    for (const address of local) {
      const target = path.join(out, 'web', 'knee-pain', address, address.endsWith('/') ? 'index.html' : '');
      expect(existsSync(target), `${address} from knee-pain/index.html`).toBe(true);
    }
  });
});

describe('front matter that looks like HTML', () => {
  it('is shown as text in the web page, the email and the PDF, never run as markup', async () => {
    const project = copyFixture();
    writeFileSync(
      path.join(project, 'articles', 'markup.md'),
      [
        '---',
        'title: Knees & <b>hips</b> "in short"',
        'summary: <script>alert(1)</script> is not run',
        'tags: ["Q&A"]',
        'key_points: ["<img src=x onerror=alert(2)>"]',
        '---',
        '',
        'Plain words.',
        '',
      ].join('\n'),
    );
    const run = await leaflet(['build', 'articles/markup.md'], project);
    expect(run.code, run.stderr).toBe(0);
    const page = readFileSync(path.join(project, 'out', 'web', 'markup', 'index.html'), 'utf8');
    const email = readFileSync(path.join(project, 'out', 'email', 'markup.html'), 'utf8');
    for (const html of [page, email]) {
      expect(html).toContain('Knees &amp; &lt;b&gt;hips&lt;/b&gt; &quot;in short&quot;');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; is not run');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x');
    }
    expect(page).toContain('Q&amp;A');
    const text = pdfText(path.join(project, 'out', 'leaflet', 'markup.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Knees & <b>hips</b>');
    expect(text).toContain('<script>alert(1)</script> is not run');
    expect(pdfInfo(path.join(project, 'out', 'leaflet', 'markup.pdf')).Title).toBe('Knees & <b>hips</b> "in short"');
  });
});

describe('raw HTML in an article', () => {
  it(
    'reaches neither the web page nor the email nor the PDF as a script, a frame, an event handler ' +
      'or a javascript: link',
    async () => {
      const project = copyFixture();
      writeFileSync(
        path.join(project, 'articles', 'attack.md'),
        [
          '---',
          'title: Attack',
          '---',
          '',
          'Read <a href="JavaScript:alert(1)">this</a> or [that](javascript:alert(2)).',
          '',
          '<script>alert(3)</script>',
          '',
          '<iframe src="https://evil.example/"></iframe>',
          '',
          '<img src="images/dot.png" alt="" onerror="alert(4)"> <b onmouseover="alert(5)">Hover</b>',
          '',
        ].join('\n'),
      );
      const run = await leaflet(['build', 'articles/attack.md'], project);
      expect(run.code, run.stderr).toBe(0);
      for (const [line, what] of [
        [5, 'a javascript: address in <a>'],
        [5, 'a javascript: address'],
        [7, 'the <script> element'],
        [9, 'the <iframe> element'],
        [11, 'the onerror attribute of <img>'],
        [11, 'the onmouseover attribute of <b>'],
      ] as const) {
        expect(run.stderr).toContain(`articles/attack.md:${line}: ${what} is taken out of every format`);
      }
      // The page's own scripts, exactly as the templates write them, are taken out first: its JSON-LD, and the site's
      // search (one script, from the site's own pagefind/ folder).
      const page = readFileSync(path.join(project, 'out', 'web', 'attack', 'index.html'), 'utf8')
        .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')
        .replace('<script src="../pagefind/pagefind-component-ui.js"></script>', '');
      const email = readFileSync(path.join(project, 'out', 'email', 'attack.html'), 'utf8');
      for (const html of [page, email]) {
        expect(html).not.toMatch(/<script|<iframe|onerror|onmouseover|javascript:|evil\.example|alert\(/i);
        expect(html).toContain('Hover');
      }
      expect(pdfText(path.join(project, 'out', 'leaflet', 'attack.pdf'))).not.toContain('alert(');
    },
  );
});

describe('writing', () => {
  it('never leaves temporary files in out/', () => {
    expect(listFiles(out).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a project in a folder named with glob characters', () => {
  it('builds its articles, in the whole project and in a folder named on the command line', async () => {
    const dir = path.join(tempDir(), 'Clinic [new] (2026) *copy* {b}');
    cpSync(path.join(REPO, 'tests', 'fixtures', 'project'), dir, { recursive: true });
    const whole = await leaflet(['build', '-f', 'web', '--json'], dir);
    expect(whole.code).toBe(1); // the fixture's two broken articles
    expect((JSON.parse(whole.stdout) as BuildReport).articles.map((article) => article.file).sort()).toEqual([
      'articles/ankle.md',
      'articles/broken-yaml.expect-error.md',
      'articles/draft-note.md', // skipped, as a draft
      'articles/knee-pain.md',
      'articles/missing-title.expect-error.md',
    ]);
    expect(existsSync(path.join(dir, 'out', 'web', 'knee-pain', 'index.html'))).toBe(true);

    cpSync(path.join(dir, 'articles'), path.join(dir, 'more [a] (b) *c* {d}'), { recursive: true });
    const folder = await leaflet(['build', 'more [a] (b) *c* {d}', '-f', 'web', '-o', 'out2', '--json'], dir);
    expect(folder.code).toBe(1);
    expect((JSON.parse(folder.stdout) as BuildReport).articles.map((article) => article.file).sort()).toEqual([
      'more [a] (b) *c* {d}/ankle.md',
      'more [a] (b) *c* {d}/broken-yaml.expect-error.md',
      'more [a] (b) *c* {d}/draft-note.md',
      'more [a] (b) *c* {d}/knee-pain.md',
      'more [a] (b) *c* {d}/missing-title.expect-error.md',
    ]);
  });
});
