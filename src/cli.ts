// The command line's door: `main(argv)` parses the arguments with commander and runs the command they name, each
// defined in a file of its own under commands/ (its flags and its run function). Only the commands print; `main`
// turns what they return, or the LeafletError they throw, into the exit code.
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { addBrowserCommand } from './commands/browser.js';
import { addBuildCommand } from './commands/build.js';
import { addCheckCommand } from './commands/check.js';
import { type CliIo, EXIT, type Exit, type Run } from './commands/command.js';
import { addDeskCommand } from './commands/desk.js';
import { addDoctorCommand } from './commands/doctor.js';
import { heapForBuild, startHeap } from './commands/heap.js';
import { addInitCommand } from './commands/init.js';
import { addMergeCommand } from './commands/merge-reports.js';
import { addNewCommand } from './commands/new.js';
import { addNewsletterCommand } from './commands/newsletter.js';
import { addPackCommand } from './commands/pack.js';
import { addPreviewCommand } from './commands/preview.js';
import { addReportCommand } from './commands/report.js';
import { LeafletError } from './errors.js';
import { stopsEveryWrite } from './machinery/write-stop.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export { type CliIo, EXIT } from './commands/command.js';

/** The command's own process: its streams, folder and environment, and its terminal when there is one. */
function processIo(): CliIo {
  startHeap();
  return {
    articlesFound: heapForBuild,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
    ...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askAtTerminal } : {}),
  };
}

/** One question at the terminal; the answer without surrounding spaces. */
async function askAtTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await terminal.question(question)).trim();
  } finally {
    terminal.close();
  }
}

/** Run the CLI with `argv` (without "node" and the script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const env = io.env ?? process.env;
  const run: Run = { io, env, colors: pc.createColors(io.color ?? (!env.NO_COLOR && pc.isColorSupported)) };
  let exitCode: number = EXIT.ok;
  const program = createProgram(run, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (argv.length === 0) program.outputHelp();
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { red } = run.colors;
    if (error instanceof LeafletError) {
      io.stderr(`${red('error')} ${error.format()}\n`);
      // A wrong command line, config or output folder means nothing was built. A full (or read-only) disk is no
      // mistake of the command: it fails as a build stopped by one does.
      return error.code === 'USAGE' || error.code === 'CONFIG' || (error.code === 'WRITE' && !stopsEveryWrite(error))
        ? EXIT.usage
        : EXIT.failed;
    }
    io.stderr(`${red('internal error')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    io.stderr('This is a bug in leaflet; please report it with the command you ran.\n');
    return EXIT.failed;
  }
}

/** The program and its commands; each action sets the exit code through `exit`. */
function createProgram(run: Run, exit: Exit): Command {
  const program = new Command()
    .name(TOOL_NAME)
    .description("Turn a clinic's Markdown articles into printable PDF leaflets, emails and web pages.")
    .version(TOOL_VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run "leaflet --help" for usage)')
    .configureOutput({ writeOut: run.io.stdout, writeErr: run.io.stderr });
  addBuildCommand(program, run, exit);
  addPreviewCommand(program, run, exit);
  addCheckCommand(program, run, exit);
  addReportCommand(program, run, exit);
  addNewCommand(program, run, exit);
  addNewsletterCommand(program, run, exit);
  addPackCommand(program, run, exit);
  addDeskCommand(program, run, exit);
  addInitCommand(program, run, exit);
  addMergeCommand(program, run, exit);
  addDoctorCommand(program, run, exit);
  addBrowserCommand(program, run, exit);
  return program;
}
