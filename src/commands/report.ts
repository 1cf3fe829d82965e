// `leaflet report`: every article and exercise in one table for a clinic's governance lead (who wrote and reviewed it,
// when its review is due, its reading grade, sources and findings, and which translations have fallen behind), as an
// HTML page (out/report/index.html), CSV for a spreadsheet, or JSON. A report, not a gate: it exits 0 whatever it
// finds (`leaflet check --strict` is the gate).
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { type CacheFlags, withSharedChecks } from './check.js';
import { CONFIG_HELP, EXIT, type Exit, parseDate, printJson, type Run } from './command.js';
import { DUE_WITHIN_DAYS } from './report/rows.js';

interface ReportFlags extends CacheFlags {
  config?: string;
  format: 'html' | 'csv' | 'json';
  json?: boolean;
  output?: string;
  dueWithin: number;
  today?: string;
}

/** Where the HTML report goes unless `-o` says otherwise. */
const DEFAULT_HTML = path.join('out', 'report', 'index.html');

export function addReportCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('report')
    .description(
      'list every article and exercise with its author, reviewer, review dates, reading grade, sources, ' +
        'findings and translations, what needs action first (HTML, CSV or JSON)',
    )
    .argument('[paths...]', 'article files, folders or globs (default: every article, drafts too)')
    .addOption(
      new Option('--format <format>', 'html (a page to read and print), csv (for a spreadsheet) or json')
        .choices(['html', 'csv', 'json'])
        .default('html'),
    )
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', `file to write (default: ${DEFAULT_HTML} for html, stdout for csv and json)`)
    .option('--due-within <days>', 'count a review as due soon within this many days', parseDays, DUE_WITHIN_DAYS)
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--out <dir>', "the build's output folder, whose incremental cache the checks share", 'out')
    .option('--cache-dir <dir>', 'folder of the incremental cache, as for build (default: the output folder)')
    .addOption(
      new Option('--today <date>', 'report review dates as of this date (YYYY-MM-DD)').argParser(parseDate).hideHelp(),
    )
    .action(async (paths: string[], flags: ReportFlags) => exit(await runReport(paths, flags, run)));
}

/** A whole number of days, 0 or more. */
function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0) throw new InvalidArgumentError('expected a whole number of days, like 90.');
  return days;
}

async function runReport(paths: string[], flags: ReportFlags, { io, env, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { makeReport } = await import('./report/report.js');
  const { todayIso } = await import('../check/governance.js');
  const today = flags.today ?? todayIso();
  const format = flags.json ? 'json' : flags.format;
  // The findings of the last build or check are taken where nothing they depend on changed, and those made now kept.
  const warn = (message: string): void => io.stderr(`${colors.yellow('warning')} ${message}\n`);
  const report = await withSharedChecks({ config, cwd: io.cwd, flags, today, warn }, (shared) =>
    makeReport({ config, cwd: io.cwd, paths, today, dueWithinDays: flags.dueWithin, ...shared }),
  );
  const output = flags.output ?? (format === 'html' ? DEFAULT_HTML : undefined);
  const { writeFileAtomic, writeJsonAtomic } = await import('../machinery/writer.js');
  const target = output === undefined ? undefined : path.resolve(io.cwd, output);
  if (format === 'json') {
    if (target) await writeJsonAtomic(target, report, 2);
    else printJson(io, report);
  } else {
    const text =
      format === 'csv'
        ? (await import('./report/csv.js')).reportCsv(report.rows)
        : await (await import('./report/html.js')).renderReportPage({
            config,
            cwd: io.cwd,
            ...report,
            strictTemplates: env.LEAFLET_STRICT_TEMPLATES === '1',
          });
    if (target) await writeFileAtomic(target, text);
    else io.stdout(text);
  }
  const { overdue, dueSoon, translationsBehind, withErrors } = report.totals;
  io.stderr(
    `${colors.green('Report')} of ${report.totals.articles} articles: ${overdue} reviews overdue, ${dueSoon} due ` +
      `within ${flags.dueWithin} days, ${translationsBehind} translations behind, ${withErrors} with errors` +
      `${target ? `. Written to ${path.relative(io.cwd, target) || target}` : ''}\n`,
  );
  return EXIT.ok;
}
