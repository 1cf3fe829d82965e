// `leaflet pack`: articles and exercises for one patient in one PDF, read back with poppler and pdf-lib; and the
// patient's name found nowhere but in that PDF.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPER, points } from '../../src/config/paper.js';
import type { PageSize } from '../../src/config/schema.js';
import { paddingPages, saddleStitchOrder } from '../../src/formats/leaflet/booklet.js';
import { parseExerciseDose } from '../../src/formats/pack/pack.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { tempDir } from '../helpers.js';
import {
  copySamples,
  filesHolding,
  leaflet,
  listFiles,
  pdfFonts,
  pdfInfo,
  pdfOutline,
  pdfText,
  runLeaflet,
  sharedBrowser,
} from './cli.js';

const browser = sharedBrowser();

/** A word as `pdftotext -bbox` places it: its left edge, top and bottom in points from the page's top left. */
interface Word {
  x: number;
  top: number;
  bottom: number;
  text: string;
}

/** The words of each page (each side of a sheet), with the page's width and height in points. */
function pageWords(file: string): { width: number; height: number; words: Word[] }[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((page) => ({
      width: Number(/width="([\d.]+)"/.exec(page)?.[1]),
      height: Number(/height="([\d.]+)"/.exec(page)?.[1]),
      words: [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)].map(
        (match) => ({ x: Number(match[1]), top: Number(match[2]), bottom: Number(match[3]), text: match[4] ?? '' }),
      ),
    }));
}

/** One printed page of a pack: its number ("Page N of M"), how much of its text area is used (0 to 1), its words. */
interface UsedPage {
  number: number | undefined;
  used: number;
  words: Word[];
}

/**
 * The pages of a pack in order, each with how far down its text area (between the top and bottom margins of `size`;
 * the footer is in the bottom margin) its lowest word reaches. A booklet's sides are read as two A5 pages each, put
 * back in the order of their page numbers, the notes pages that pad it (which have none) last.
 */
function usedPages(file: string, size: PageSize, { booklet = false } = {}): UsedPage[] {
  const { margin } = PAPER[size];
  const top = points(Number.parseFloat(margin.top));
  const pages = pageWords(file).flatMap(({ width, height, words }) => {
    const bottom = height - points(Number.parseFloat(margin.bottom));
    const halves = booklet ? [0, width / 2] : [0];
    return halves.map((left) => {
      const own = words.filter((word) => word.x >= left && word.x < left + (booklet ? width / 2 : width));
      const number = /Page (\d+) of \d+/.exec(own.map((word) => word.text).join(' '))?.[1];
      // A word's box reaches a little below its line: a line at the foot of the text area is still inside it.
      const lowest = Math.max(top, ...own.filter((word) => word.bottom <= bottom + 2).map((word) => word.bottom));
      return { number: number ? Number(number) : undefined, used: (lowest - top) / (bottom - top), words: own };
    });
  });
  return pages.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
}

/** How much of each page but the last is used, as percentages, for a message. */
function usage(pages: readonly UsedPage[]): string {
  return pages.map((page) => `${Math.round(page.used * 100)}%`).join(', ');
}

/** The page's text, line by line from the top, each line's words from the left. */
function textOf(page: UsedPage): string {
  const lines: Word[][] = [];
  for (const word of [...page.words].sort((a, b) => a.top - b.top)) {
    const line = lines.at(-1);
    if (line && Math.abs((line[0]?.top ?? 0) - word.top) < 2) line.push(word);
    else lines.push([word]);
  }
  return lines
    .map((line) =>
      line
        .sort((a, b) => a.x - b.x)
        .map((word) => word.text)
        .join(' '),
    )
    .join('\n');
}

describe('leaflet pack', () => {
  it(
    'prints the articles and exercises as one PDF: cover, doses, notes, "Page N of M", an outline ' + 'entry for each',
    async () => {
      const dir = copySamples();
      const run = await leaflet(
        [
          'pack',
          'articles/plantar-fasciitis.md',
          'exercises/heel-raises.md',
          'exercises/calf-stretch.md',
          '--patient',
          'Mrs Olwen Pritchard',
          '--therapist',
          'Sam Taylor',
          '--note',
          'Ice the heel for 10 minutes **after** long walks.',
          '--exercise',
          'calf-stretch:hold=45',
          '--exercise',
          'heel-raises:sets=2,reps=15,per_day=1',
          '--title',
          'Heel pain: first visit',
          '--date',
          '2026-11-25',
          '--json',
        ],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('pack "Heel pain: first visit": 1 article and 2 exercises in pack-2026-11-25.pdf');
      // What is printed for scripts names what went in, never who it is for.
      expect(run.stdout).not.toContain('Olwen');
      expect(JSON.parse(run.stdout)).toMatchObject({
        file: 'pack-2026-11-25.pdf',
        articles: [{ slug: 'plantar-fasciitis' }, { slug: 'heel-raises', type: 'exercise' }, { slug: 'calf-stretch' }],
      });

      const pdf = path.join(dir, 'pack-2026-11-25.pdf');
      const text = pdfText(pdf, { layout: false });
      expect(text).toContain('Mrs Olwen Pritchard');
      expect(text).toContain('25 November 2026');
      expect(text).toContain('Plantar fasciitis: what helps');
      expect(text).toContain('How do I know I have it?');
      // The therapist's doses, over the exercises' own: heel raises 2 x 15 once a day; the calf stretch held 45 s.
      expect(text).toContain('2 sets of 15, once a day');
      expect(text).toContain('Hold each for');
      expect(text).toContain('45 seconds');
      expect(text).toContain('3 sets, hold 45 seconds, twice a day, both sides');
      expect(text).toMatch(/Notes from your physiotherapist\s+Ice the heel for 10 minutes after long walks\./);
      // Each article keeps its own review dates; the clinic's contacts come once.
      expect(text).toMatch(/Last reviewed 13 April 2026 by Dr Asha Patel\. Next\s+review\s+due\s+13\s+April\s+2027\./);
      expect(text.match(/12 Mill Lane/g)).toHaveLength(1);

      const info = pdfInfo(pdf);
      const pages = Number(info.Pages);
      expect(pages).toBeGreaterThanOrEqual(4);
      for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Page ${page} of ${pages}`);
      expect(info.Title).toBe('Heel pain: first visit');
      expect(info.Tagged).toBe('yes');
      expect(pdfFonts(pdf).filter((font) => !font.embedded)).toEqual([]);

      const outline = await pdfOutline(pdf);
      expect(outline.filter((title) => !title.startsWith(' '))).toEqual([
        'Heel pain: first visit',
        'Plantar fasciitis: what helps',
        'Heel raises',
        'Calf stretch against a wall',
      ]);
      // The article's headings beneath it.
      expect(outline.slice(outline.indexOf('Plantar fasciitis: what helps') + 1)).toContain(
        '  How do I know I have it?',
      );
    },
  );

  it(
    'leaves ruled lines for notes when there is none, and takes its dose from the exercise when ' + 'none is given',
    async () => {
      const dir = copySamples();
      const run = await leaflet(
        ['pack', 'exercises/chin-tucks.md', '-o', 'packs/neck.pdf', '--date', '2026-11-25'],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      const text = pdfText(path.join(dir, 'packs', 'neck.pdf'), { layout: false });
      expect(text).toContain('Advice and exercises from your physiotherapist');
      expect(text).toContain('10 repetitions, hold 5 seconds, 3 times a day');
      expect(text).not.toContain('For\n');
    },
  );

  it(
    "writes the patient's name into that PDF and nowhere else: not the project, out/, the cache or " +
      'the temp folder',
    async () => {
      const dir = copySamples();
      const tmp = tempDir('leaflet-pack-tmp-');
      // A build first, so that out/ and its cache exist and could be written to.
      expect((await leaflet(['build', '-f', 'email,web'], dir, { browser })).code).toBe(0);
      const name = 'Wilhelmina Zonderkop';
      const run = await runLeaflet(
        [
          'pack',
          'articles/plantar-fasciitis.md',
          'exercises/calf-stretch.md',
          '--patient',
          name,
          '--note',
          `Call ${name} on Friday.`,
        ],
        dir,
        { TMPDIR: tmp },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toContain('Wilhelmina');
      const [pdf] = readdirSync(dir).filter((file) => /^pack-\d{4}-\d{2}-\d{2}\.pdf$/.test(file));
      expect(pdf).toBeDefined();
      expect(pdfText(path.join(dir, pdf ?? ''), { layout: false })).toContain(name);
      // The PDF's streams are compressed, so only its text (above) shows the name; every other file is searched as is.
      expect(filesHolding('Wilhelmina', [dir, tmp]).filter((file) => file !== path.join(dir, pdf ?? ''))).toEqual([]);
      expect(filesHolding('Zonderkop', [dir, tmp]).filter((file) => file !== path.join(dir, pdf ?? ''))).toEqual([]);
      // Chromium's profile went with the browser.
      expect(readdirSync(tmp).filter((entry) => statSync(path.join(tmp, entry)).isDirectory())).toEqual([]);
    },
  );

  it('says what is wrong with a pack it cannot make, and writes nothing', async () => {
    const dir = copySamples();
    writeFileSync(path.join(dir, 'articles', 'draft.md'), '---\ntitle: Not ready\ndraft: true\n---\n\nText.\n');
    const cases: [string[], RegExp][] = [
      [
        ['exercises/calf-stretch.md', '--exercise', 'heel-raises:reps=10'],
        /--exercise heel-raises: no exercise "heel-raises" is in this pack/,
      ],
      [
        ['articles/plantar-fasciitis.md', '--exercise', 'plantar-fasciitis:reps=10'],
        /articles\/plantar-fasciitis\.md is not an exercise/,
      ],
      [
        ['exercises/calf-stretch.md', '--exercise', 'calf-stretch:reps=lots'],
        /--exercise "calf-stretch:reps=lots": reps expected a number of repetitions/,
      ],
      [['exercises/not-there.md'], /no such file or folder: exercises\/not-there\.md/],
      [['exercises/calf-stretch.md', '-o', 'pack.html'], /a pack is a PDF/],
      [
        ['articles/plantar-fasciitis.md', 'articles/draft.md'],
        /articles\/draft\.md is a draft \("draft: true"\), not ready for patients/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await leaflet(['pack', ...args, '--date', '2026-11-25'], dir, { browser });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(readdirSync(dir).filter((file) => file.endsWith('.pdf'))).toEqual([]);
  });
});

describe('leaflet pack --note', () => {
  it.each([
    ['30,000 ">"', '>'.repeat(30_000), 30_000],
    ['a list 10,000 deep on one line', `${'- '.repeat(10_000)}x`, 10_000],
    ['quotes and numbered lists mixed, without spaces', `${'>1. '.repeat(5_000)}x`, 10_000],
  ])(
    'refuses a note nested too deep (%s) as a usage error naming --note (exit 2), writing nothing ' +
      'and never repeating it',
    async (_, note, depth) => {
      const dir = copySamples();
      const before = listFiles(dir);
      const run = await leaflet(
        [
          'pack',
          'articles/plantar-fasciitis.md',
          '--note',
          `Gently.\n\n${note}`,
          '--patient',
          'Mrs Olwen Pritchard',
          '--date',
          '2026-11-25',
        ],
        dir,
        { browser },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `--note: quotes or lists are nested ${depth} deep (line 3 of the note); a note may nest them ` +
          `at most 40 deep. Take out the extra ">", list markers or indentation.`,
      );
      expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack|marked/);
      expect(run.stderr + run.stdout).not.toContain(note.slice(0, 40));
      expect(run.stderr + run.stdout).not.toContain('Pritchard');
      expect(listFiles(dir)).toEqual(before);
    },
  );
});

/** What is printed on each half of each side of a booklet: "3" for the pack's page 3, "notes" for a notes page. */
function bookletHalves(file: string): string[][] {
  const sides = Number(pdfInfo(file).Pages);
  const half = (side: number, x: number): string => {
    const text = execFileSync(
      'pdftotext',
      ['-f', String(side), '-l', String(side), '-x', String(x), '-y', '0', '-W', '421', '-H', '596', file, '-'],
      { encoding: 'utf8' },
    );
    return /Page (\d+) of \d+/.exec(text)?.[1] ?? (/^Notes$/m.test(text) ? 'notes' : '?');
  };
  return Array.from({ length: sides }, (_, index) => [half(index + 1, 0), half(index + 1, 421)]);
}

describe('leaflet pack --booklet', () => {
  it(
    'imposes A5 pages two to a side of A4 landscape in saddle-stitch order, padded with notes pages ' +
      'to a multiple of four',
    async () => {
      const dir = copySamples();
      const run = await leaflet(
        [
          'pack',
          'articles/plantar-fasciitis.md',
          'exercises/heel-raises.md',
          'exercises/calf-stretch.md',
          '--booklet',
          '-o',
          'booklet.pdf',
          '--date',
          '2026-11-25',
        ],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      const file = path.join(dir, 'booklet.pdf');
      const info = pdfInfo(file);
      expect(info['Page size']).toMatch(/^841\.89 x 595\.2\d pts/);
      expect(info.Title).toBe('Advice and exercises from your physiotherapist');
      const halves = bookletHalves(file);
      // Four A5 pages to a sheet, two sides to a sheet.
      expect(halves.length % 2).toBe(0);
      const pages = halves.length * 2;
      const printed = halves
        .flat()
        .filter((half) => half !== 'notes')
        .map(Number);
      const last = Math.max(...printed);
      expect(halves.flat().filter((half) => half === 'notes')).toHaveLength(pages - last);
      // Sheet 1's front: the last page (the back cover, with the clinic's contacts) and the first (the cover).
      expect(halves[0]).toEqual([String(last), '1']);
      // Every side, read as booklet pages: the notes pages come just before the back cover.
      const booklet = (page: number): string =>
        page <= last - 1 ? String(page) : page === pages ? String(last) : 'notes';
      expect(halves).toEqual(saddleStitchOrder(pages).map((side) => [booklet(side.left + 1), booklet(side.right + 1)]));
      expect(text(file)).toContain('Calf stretch against a wall');
    },
  );
});

describe('leaflet build --booklet', () => {
  it(
    'prints <slug>.booklet.pdf of each leaflet beside its A4 leaflet, in the same order, and keeps ' +
      'it when nothing changed',
    async () => {
      const dir = copySamples();
      const first = await leaflet(
        ['build', '-f', 'leaflet', '--booklet', 'articles/ankle-sprain.md', 'exercises/chin-tucks.md', '--json'],
        dir,
        { browser },
      );
      expect(first.code, first.stderr).toBe(0);
      const file = path.join(dir, 'out', 'leaflet', 'ankle-sprain.booklet.pdf');
      expect(pdfInfo(path.join(dir, 'out', 'leaflet', 'ankle-sprain.pdf'))['Page size']).toContain('(A4)');
      const halves = bookletHalves(file);
      const pages = halves.length * 2;
      const last = Math.max(
        ...halves
          .flat()
          .filter((half) => half !== 'notes')
          .map(Number),
      );
      const booklet = (page: number): string =>
        page <= last - 1 ? String(page) : page === pages ? String(last) : 'notes';
      expect(halves).toEqual(saddleStitchOrder(pages).map((side) => [booklet(side.left + 1), booklet(side.right + 1)]));
      expect(text(file)).toContain('Ankle sprain');
      const report = JSON.parse(first.stdout) as { articles: { slug: string; outputs: { files: string[] }[] }[] };
      expect(report.articles.find((article) => article.slug === 'chin-tucks')?.outputs[0]?.files).toEqual([
        'out/leaflet/chin-tucks.pdf',
        'out/leaflet/chin-tucks.booklet.pdf',
      ]);

      const again = await leaflet(
        ['build', '-f', 'leaflet', '--booklet', 'articles/ankle-sprain.md', 'exercises/chin-tucks.md'],
        dir,
        { browser },
      );
      expect(again.stderr).toContain('leaflet 2 built (2 unchanged)');
    },
  );
});

/** The exercises of the standard heel-pain pack, in order. */
const HEEL_EXERCISES = ['exercises/calf-stretch.md', 'exercises/towel-stretch.md', 'exercises/heel-raises.md'];

/** The last page holding `title` (a card's, after the cover's list of contents), and its text from there on. */
function cardFrom(pages: readonly UsedPage[], title: string): { page: number; text: string } {
  const page = pages.findLastIndex((candidate) => textOf(candidate).includes(title));
  const text = page < 0 ? '' : textOf(pages[page] as UsedPage);
  return { page, text: text.slice(text.lastIndexOf(title)) };
}

/** Every page but the last at least half used; the message says how much each is. */
function expectPagesFilled(pages: readonly UsedPage[]): void {
  const notLast = pages.slice(0, -1);
  expect(
    notLast.filter((page) => page.used < 0.5),
    `pages used: ${usage(pages)}`,
  ).toEqual([]);
}

describe('packs that use their paper', () => {
  it(
    'a build prints the standard heel-pain pack on at most 4 A4 pages, every page but the last at least half used, ' +
      'each card whole, the notes and contacts together last; the report and summary give each pack its pages',
    async () => {
      const dir = copySamples();
      const run = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
      expect(run.code, run.stderr).toBe(0);
      const file = path.join(dir, 'out', 'packs', 'heel-pain-first-visit.pdf');
      const pages = usedPages(file, 'A4');
      expect(pages.length).toBeLessThanOrEqual(4);
      expect(pages.map((page) => page.number)).toEqual(pages.map((_, index) => index + 1));
      expectPagesFilled(pages);
      // The cover heads the first page, and the article begins under it.
      expect(textOf(pages[0] as UsedPage)).toContain('How do I know I have it?');
      for (const title of ['Calf stretch against a wall', 'Towel stretch for the foot', 'Heel raises']) {
        const card = cardFrom(pages, title);
        expect(card.text, title).toContain('How much to do');
      }
      const last = textOf(pages.at(-1) as UsedPage);
      expect(last).toContain('Notes from your physiotherapist');
      expect(last).toContain('12 Mill Lane');

      const report = JSON.parse(run.stdout) as BuildReport;
      const desk = Number(pdfInfo(path.join(dir, 'out', 'packs', 'desk-neck-and-shoulders.pdf')).Pages);
      const counted = report.packs?.map((pack) => [pack.name, pack.pages]);
      expect(counted).toEqual([
        ['desk-neck-and-shoulders', desk],
        ['heel-pain-first-visit', pages.length],
      ]);
      const [least, most] = [Math.min(desk, pages.length), Math.max(desk, pages.length)];
      expect(run.stderr).toContain(
        least === most ? `packs 2 built, ${most} pages each` : `packs 2 built, ${least} to ${most} pages`,
      );
      // Kept by the next build, the packs are still reported with their pages.
      const again = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
      expect((JSON.parse(again.stdout) as BuildReport).packs?.map((pack) => [pack.name, pack.pages])).toEqual(counted);
    },
  );

  it(
    "a patient's heel-pain pack with a note takes at most 4 A4 pages, every page but the last at least half used, " +
      'each card whole, the note and the contacts together on the last page',
    async () => {
      const dir = copySamples();
      const run = await leaflet(
        [
          'pack',
          'articles/plantar-fasciitis.md',
          ...HEEL_EXERCISES,
          '--patient',
          'Mrs Olwen Pritchard',
          '--therapist',
          'Sam Taylor',
          '--note',
          'Ice the heel for 10 minutes **after** long walks.',
          '--exercise',
          'heel-raises:sets=2,reps=15,per_day=1',
          '--title',
          'Heel pain: first visit',
          '--date',
          '2026-11-25',
          '-o',
          'pack.pdf',
        ],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      const pages = usedPages(path.join(dir, 'pack.pdf'), 'A4');
      expect(run.stderr).toContain(`in pack.pdf, ${pages.length} pages`);
      expect(pages.length).toBeLessThanOrEqual(4);
      expectPagesFilled(pages);
      for (const title of ['Calf stretch against a wall', 'Towel stretch for the foot', 'Heel raises'])
        expect(cardFrom(pages, title).text, title).toContain('How much to do');
      const last = textOf(pages.at(-1) as UsedPage);
      expect(last).toMatch(/Notes from your physiotherapist\s+Ice the heel for 10 minutes after long walks\./);
      expect(last).toContain('12 Mill Lane');
    },
  );

  it(
    'a booklet of the heel-pain pack takes at most 8 A5 pages (two sheets), every page but the last at least half ' +
      'used, each card whole',
    async () => {
      const dir = copySamples();
      const run = await leaflet(
        ['pack', 'articles/plantar-fasciitis.md', ...HEEL_EXERCISES, '--booklet', '-o', 'booklet.pdf'],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      // The notes pages that pad a booklet to a multiple of four have no page number, and are left out.
      const pages = usedPages(path.join(dir, 'booklet.pdf'), 'A5', { booklet: true }).filter(
        (page) => page.number !== undefined,
      );
      expect(pages.length).toBeLessThanOrEqual(8);
      expectPagesFilled(pages);
      for (const title of ['Calf stretch against a wall', 'Towel stretch for the foot', 'Heel raises'])
        expect(cardFrom(pages, title).text, title).toContain('How much to do');
    },
  );

  it('starts an article that comes after an exercise on a new page, and an exercise after the cover under it', async () => {
    const dir = copySamples();
    const run = await leaflet(
      ['pack', 'exercises/calf-stretch.md', 'articles/ankle-sprain.md', 'exercises/heel-raises.md', '-o', 'p.pdf'],
      dir,
      { browser },
    );
    expect(run.code, run.stderr).toBe(0);
    const pages = usedPages(path.join(dir, 'p.pdf'), 'A4');
    expect(cardFrom(pages, 'Calf stretch against a wall').page).toBe(0);
    const article = pages.findIndex((page) => textOf(page).startsWith('Ankle sprain: the first few weeks'));
    expect(article, pages.map((page) => textOf(page).split('\n')[0]).join(' | ')).toBeGreaterThan(0);
  });

  it(
    'lets an exercise card taller than a page follow what is before it and break between its steps, ' +
      'its dose kept with its last step',
    async () => {
      const dir = copySamples();
      const source = readFileSync(path.join(dir, 'exercises', 'heel-raises.md'), 'utf8');
      const [, front = ''] = source.split('---\n');
      const steps = Array.from(
        { length: 30 },
        (_, index) => `${index + 1}. Rise slowly onto your toes and lower your heels again, with care, ${index + 1}.`,
      );
      writeFileSync(
        path.join(dir, 'exercises', 'long-one.md'),
        `---\n${front.replace('title: Heel raises', 'title: A very long exercise')}---\n\n${steps.join('\n')}\n` +
          '31. The last step: rest.\n',
      );
      const run = await leaflet(
        ['pack', 'articles/plantar-fasciitis.md', 'exercises/calf-stretch.md', 'exercises/long-one.md', '-o', 'p.pdf'],
        dir,
        { browser },
      );
      expect(run.code, run.stderr).toBe(0);
      const pages = usedPages(path.join(dir, 'p.pdf'), 'A4');
      expectPagesFilled(pages);
      const title = cardFrom(pages, 'A very long exercise').page;
      const end = cardFrom(pages, 'The last step: rest.');
      expect(end.page).toBeGreaterThan(title);
      expect(end.text).toContain('How much to do');
    },
  );

  it(
    'warns about a standard pack over its "pages" budget even at its tightest layout, naming its file and ' +
      'line, and prints it all the same',
    async () => {
      const dir = copySamples();
      const file = path.join(dir, 'packs', 'heel-pain-first-visit.yaml');
      writeFileSync(file, `${readFileSync(file, 'utf8')}pages: 2\n`);
      const line = readFileSync(file, 'utf8').split('\n').indexOf('pages: 2') + 1;
      const run = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
      expect(run.code, run.stderr).toBe(0);
      const pages = Number(pdfInfo(path.join(dir, 'out', 'packs', 'heel-pain-first-visit.pdf')).Pages);
      const message =
        `pack: ${pages} pages, over its budget of 2 even in its tightest layout: take out an article or an ` +
        `exercise, or allow ${pages} pages ("pages: ${pages}").`;
      expect(run.stderr).toContain(`packs/heel-pain-first-visit.yaml:${line}: ${message}`);
      expect((JSON.parse(run.stdout) as BuildReport).warnings).toContainEqual({
        file: 'packs/heel-pain-first-visit.yaml',
        line,
        message,
      });
    },
  );

  it.each([
    ['0', 'expected a whole number of 1 or more'],
    ['four', 'expected a whole number of 1 or more'],
  ])('refuses --pages %s as a usage error naming --pages (exit 2), writing nothing', async (value, message) => {
    const dir = copySamples();
    const before = listFiles(dir);
    const run = await leaflet(['pack', 'articles/plantar-fasciitis.md', '--pages', value], dir, { browser });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`option '--pages <n>' argument '${value}' is invalid. ${message}.`);
    expect(listFiles(dir)).toEqual(before);
  });
});

describe('standard packs (packs/*.yaml)', () => {
  it(
    'are printed by a build to out/packs/<name>.pdf, kept when nothing changed, and deleted with ' + 'their file',
    async () => {
      const dir = copySamples();
      const first = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('packs 2 built');
      const report = JSON.parse(first.stdout) as BuildReport;
      expect(report.packs).toEqual([
        {
          file: 'packs/desk-neck-and-shoulders.yaml',
          name: 'desk-neck-and-shoulders',
          status: 'built',
          output: 'out/packs/desk-neck-and-shoulders.pdf',
          pages: expect.any(Number),
        },
        {
          file: 'packs/heel-pain-first-visit.yaml',
          name: 'heel-pain-first-visit',
          status: 'built',
          output: 'out/packs/heel-pain-first-visit.pdf',
          pages: expect.any(Number),
        },
      ]);
      const pdf = path.join(dir, 'out', 'packs', 'heel-pain-first-visit.pdf');
      expect(pdfInfo(pdf).Title).toBe('Heel pain: first visit');
      const text = pdfText(pdf, { layout: false });
      expect(text).toContain('The advice and the three exercises we went through today.');
      // The pack's own doses over the exercises': the towel stretch held 20 s, heel raises 2 x 10.
      expect(text).toContain('3 sets, hold 20 seconds, twice a day, both sides');
      expect(text).toContain('2 sets of 10, once a day');
      // Printed for any patient on any day: no name, no date on the cover.
      expect(text).not.toMatch(/^For$/m);
      expect(text).not.toMatch(/^Date$/m);
      expect((await pdfOutline(pdf)).filter((title) => !title.startsWith(' '))).toEqual([
        'Heel pain: first visit',
        'Plantar fasciitis: what helps',
        'Calf stretch against a wall',
        'Towel stretch for the foot',
        'Heel raises',
      ]);

      // Nothing changed: nothing printed. One dose changed: that pack alone.
      expect((await leaflet(['build', '-f', 'leaflet'], dir, { browser })).stderr).toContain(
        'packs 2 built (2 unchanged)',
      );
      const file = path.join(dir, 'packs', 'heel-pain-first-visit.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('hold: 20', 'hold: 25'));
      expect((await leaflet(['build', '-f', 'leaflet'], dir, { browser })).stderr).toContain(
        'packs 2 built (1 unchanged)',
      );
      expect(pdfText(pdf, { layout: false })).toContain('hold 25 seconds');

      rmSync(file);
      expect((await leaflet(['build', '-f', 'leaflet'], dir, { browser })).stderr).toContain(
        'packs 1 built (1 unchanged)',
      );
      expect(existsSync(pdf)).toBe(false);
    },
  );

  it('fail alone, naming the file and line of a pack that names an article that is not there', async () => {
    const dir = copySamples();
    writeFileSync(
      path.join(dir, 'packs', 'knee.yaml'),
      'title: Knee pain\narticles:\n  - plantar-fasciitus\nexercises:\n  - heel-raises\n',
    );
    writeFileSync(path.join(dir, 'packs', 'odd.yaml'), 'title: Odd\nexercises:\n  - desk-posture\n');
    const run = await leaflet(['build', '-f', 'leaflet', '--json'], dir, { browser });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'packs/knee.yaml:3: articles names "plantar-fasciitus", which is not an article of this ' +
        'project (did you mean "plantar-fasciitis"?)',
    );
    expect(run.stderr).toContain('packs/odd.yaml:3: "desk-posture" is listed under exercises but is not an exercise');
    expect(run.stderr).toContain('packs 2 built (2 failed)');
    const report = JSON.parse(run.stdout) as BuildReport;
    expect(report.packs?.map((pack) => pack.status)).toEqual(['built', 'built', 'failed', 'failed'].sort());
    expect(existsSync(path.join(dir, 'out', 'packs', 'heel-pain-first-visit.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'out', 'packs', 'knee.pdf'))).toBe(false);
  });
});

describe("a standard pack's intro", () => {
  it(
    "nested too deep to read fails that pack alone, naming its file and the intro's line (exit 1), " +
      'and prints no PDF of it',
    async () => {
      const dir = copySamples();
      writeFileSync(
        path.join(dir, 'packs', 'deep.yaml'),
        `title: Deep\nintro: |\n  Some words.\n\n  ${'> - '.repeat(5_000)}x\narticles:\n  - plantar-fasciitis\n`,
      );
      const before = listFiles(dir);
      const run = await leaflet(['build', '-f', 'leaflet'], dir, { browser });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'packs/deep.yaml:2: "intro": quotes or lists are nested 10000 deep (line 3 of the intro); a ' +
          "pack's intro may nest them at most 40 deep.",
      );
      expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack|unexpectedly/);
      expect(run.stderr).toContain('packs 2 built (1 failed)');
      expect(existsSync(path.join(dir, 'out', 'packs', 'deep.pdf'))).toBe(false);
      expect(listFiles(dir).filter((file) => !file.startsWith('out/'))).toEqual(before);
    },
  );
});

/** A booklet's text, for a last look that nothing was lost. */
function text(file: string): string {
  return pdfText(file, { layout: false });
}

describe('saddle-stitch order', () => {
  it('puts the outside pages on the outside sheet', () => {
    const asNumbers = (pages: number) => saddleStitchOrder(pages).map((side) => [side.left + 1, side.right + 1]);
    expect(asNumbers(4)).toEqual([
      [4, 1],
      [2, 3],
    ]);
    expect(asNumbers(8)).toEqual([
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
    expect(() => saddleStitchOrder(6)).toThrow(/multiple of four/);
    expect([1, 2, 3, 4, 5, 8, 9].map(paddingPages)).toEqual([3, 2, 1, 0, 3, 0, 3]);
  });
});

describe('--exercise', () => {
  it('reads a name and a dose', () => {
    expect(parseExerciseDose('heel-raises:sets=3,reps=10,per_day=2')).toEqual({
      slug: 'heel-raises',
      dose: { sets: 3, reps: 10, per_day: 2 },
    });
    expect(parseExerciseDose('calf-stretch: hold=30, side=left')).toEqual({
      slug: 'calf-stretch',
      dose: { hold: 30, side: 'left' },
    });
  });

  it('refuses what is not one, saying how to write it', () => {
    expect(() => parseExerciseDose('heel-raises')).toThrow(/write the exercise's name, a colon, then its dose/);
    expect(() => parseExerciseDose('heel-raises:reps')).toThrow(/"reps" should be a key and a value, like reps=10/);
    expect(() => parseExerciseDose('heel-raises:reps=0')).toThrow(/reps expected at least 1 repetitions/);
    expect(() => parseExerciseDose('heel-raises:weight=5')).toThrow(/has "weight", which a dose does not/);
  });
});
