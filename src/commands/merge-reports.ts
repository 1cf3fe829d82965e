// `leaflet merge-reports`: join the shards of a split build into one output folder.
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { CONFIG_HELP, EXIT, type Exit, printJson, type Run } from './command.js';
import { formatSummary } from './progress.js';

interface MergeFlags {
  out: string;
  config?: string;
  json?: boolean;
}

export function addMergeCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('merge-reports')
    .description(
      'join the parts of a build split with --shard (one report.json each) into one output folder, ' +
        'with the lists of every article',
    )
    .argument('<reports...>', "each part's report.json, or a pattern of them, like out-*/report.json")
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', 'print the joined report as JSON on stdout')
    .action(async (reports: string[], flags: MergeFlags) => exit(await runMerge(reports, flags, run)));
}

async function runMerge(reports: string[], flags: MergeFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { mergeReports } = await import('./merge-reports/merge.js');
  const report = await mergeReports({ config, cwd: io.cwd, reports, outDir: flags.out });
  io.stderr(formatSummary(report, colors));
  if (flags.json) printJson(io, report);
  return report.ok ? EXIT.ok : EXIT.failed;
}
