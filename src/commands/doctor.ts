// `leaflet doctor`: which browser and fonts leaflet will use, and what to install when something is missing.
import type { Command } from 'commander';
import { CONFIG_HELP, EXIT, type Exit, type Run } from './command.js';

interface DoctorFlags {
  config?: string;
  browser?: string;
}

export function addDoctorCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('doctor')
    .description('say which browser and fonts leaflet will use, and what to install when something is missing')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--browser <path>', 'Chrome or Chromium to print with (default: found automatically)')
    .action(async (flags: DoctorFlags) => exit(await runDoctor(flags, run)));
}

async function runDoctor(flags: DoctorFlags, { io, env, colors }: Run): Promise<number> {
  const { diagnose } = await import('./doctor/diagnose.js');
  const report = await diagnose({ cwd: io.cwd, configFile: flags.config, search: { explicit: flags.browser, env } });
  io.stdout(`leaflet doctor: ${report.about}\n`);
  for (const check of report.checks) {
    io.stdout(`  ${check.ok ? colors.green('✓') : colors.red('✗')} ${check.name.padEnd(11)} ${check.found}\n`);
    if (check.fix) io.stdout(`    ${check.fix}\n`);
  }
  const missing = report.checks.filter((check) => !check.ok).length;
  io.stdout(
    report.ok
      ? 'Everything leaflet needs is here.\n'
      : `${missing} thing${missing === 1 ? ' needs' : 's need'} fixing: do what it says above, then ` +
          `run "npx leaflet doctor" again.\n`,
  );
  return report.ok ? EXIT.ok : EXIT.failed;
}
