// `leaflet pack`: one PDF of several articles and exercises for one patient. The patient's name and note go into that
// PDF and nowhere else.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { UsageError, WriteError } from '../errors.js';
import { writeErrorFor } from '../machinery/write-stop.js';
import { CONFIG_HELP, EXIT, type Exit, each, parseCount, parseDate, type Run } from './command.js';

interface PackFlags {
  patient?: string;
  therapist?: string;
  note?: string;
  exercise?: string[];
  title?: string;
  output?: string;
  date?: string;
  booklet?: boolean;
  pages?: number;
  browser?: string;
  config?: string;
  json?: boolean;
}

export function addPackCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('pack')
    .description("print several articles and exercises as one PDF for a patient, with the therapist's doses and notes")
    .argument('<paths...>', 'articles and exercises, in the order they are printed')
    .option('--patient <name>', "the patient's name, printed on the cover (and written nowhere else)")
    .option('--therapist <name>', 'who gives the pack, printed on the cover')
    .option('--note <text>', 'the therapist\'s note (Markdown), printed under "Notes from your physiotherapist"')
    .option(
      '--exercise <name:dose>',
      "an exercise's dose for this patient, like heel-raises:sets=3,reps=10,per_day=2 (repeat for each)",
      each,
    )
    .option('--title <text>', 'the pack\'s title (default: "Advice and exercises from your physiotherapist")')
    .option('-o, --output <file>', 'the PDF to write (default: pack-<date>.pdf in this folder)')
    .option(
      '--booklet',
      'A5 pages two to a side of A4 landscape, in booklet order: print on both sides, fold in the middle',
    )
    .option(
      '--pages <n>',
      'the most pages it should take: tighter layouts are tried to keep within it (default: as few as fit)',
      parseCount,
    )
    .option('--browser <path>', 'Chrome or Chromium to print with (default: found automatically)')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', "print what went into the pack as JSON on stdout (never the patient's name or note)")
    .addOption(
      new Option('--date <date>', 'the date printed on the cover (YYYY-MM-DD)').argParser(parseDate).hideHelp(),
    )
    .action(async (paths: string[], flags: PackFlags) => exit(await runPack(paths, flags, run)));
}

async function runPack(paths: string[], flags: PackFlags, { io, env, colors }: Run): Promise<number> {
  const [{ checkNote, makePack, parseExerciseDose }, { sourceDateOf }] = await Promise.all([
    import('../formats/pack/pack.js'),
    import('../render/context.js'),
  ]);
  // Checked first: a SOURCE_DATE_EPOCH no date can hold, or a note nested too deep, prints nothing.
  const sourceDate = sourceDateOf(env);
  checkNote(flags.note, '--note');
  const config = await loadConfig(io.cwd, flags.config);
  const doses = new Map(
    (flags.exercise ?? []).map((value) => {
      const { slug, dose } = parseExerciseDose(value);
      return [slug, dose] as const;
    }),
  );
  const date = flags.date ?? new Date().toISOString().slice(0, 10);
  const output = path.resolve(io.cwd, flags.output ?? `pack-${date}.pdf`);
  if (!/\.pdf$/i.test(output))
    throw new UsageError(`--output ${flags.output ?? ''}: a pack is a PDF; give a file name ending in .pdf.`);
  const { BrowserManager } = await import('../machinery/browser.js');
  const browser =
    io.browser && !flags.browser ? io.browser : new BrowserManager({ executablePath: flags.browser, jobs: 1, env });
  try {
    const made = await makePack({
      config,
      cwd: io.cwd,
      paths,
      doses,
      title: flags.title,
      patient: flags.patient,
      therapist: flags.therapist,
      note: flags.note,
      date,
      booklet: flags.booklet,
      pages: flags.pages,
      browser,
      strictTemplates: env.LEAFLET_STRICT_TEMPLATES === '1',
      sourceDate,
    });
    const { writeFileAtomic } = await import('../machinery/writer.js');
    const shown = path.relative(io.cwd, output) || output;
    await writeFileAtomic(output, made.pdf).catch((error: unknown) => {
      throw error instanceof WriteError ? writeErrorFor(error, shown, 'make the pack again') : error;
    });
    const exercises = made.articles.filter((article) => article.type === 'exercise').length;
    io.stderr(
      `${colors.green('✓')} pack "${made.title}": ${made.articles.length - exercises} ` +
        `article${made.articles.length - exercises === 1 ? '' : 's'} and ${exercises} ` +
        `exercise${exercises === 1 ? '' : 's'} in ${shown}${pagesInWords(made.pages)}\n`,
    );
    if (flags.pages !== undefined && made.pages !== undefined && made.pages > flags.pages)
      io.stderr(
        `${colors.yellow('!')} --pages ${flags.pages}: the pack takes ${made.pages} pages even in its tightest ` +
          `layout: leave out an article or an exercise, or allow ${made.pages} pages (--pages ${made.pages}).\n`,
      );
    if (flags.json)
      io.stdout(`${JSON.stringify({ file: shown, title: made.title, articles: made.articles }, null, 2)}\n`);
    return EXIT.ok;
  } finally {
    if (browser !== io.browser) await browser.dispose();
  }
}

/** ", 4 pages" after the file a pack was written to, when the pages are known. */
function pagesInWords(pages: number | undefined): string {
  return pages === undefined ? '' : `, ${pages} page${pages === 1 ? '' : 's'}`;
}
