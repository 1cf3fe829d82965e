// `leaflet pack`: articles and exercises for one patient in one PDF, read back with poppler and pdf-lib; and the
// patient's name found nowhere but in that PDF.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
        },
        {
          file: 'packs/heel-pain-first-visit.yaml',
          name: 'heel-pain-first-visit',
          status: 'built',
          output: 'out/packs/heel-pain-first-visit.pdf',
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
