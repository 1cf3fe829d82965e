// `leaflet init [folder]`: start a clinic's project, asking at a terminal for what the flags do not say.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { EXIT, type Exit, parseDate, type Run } from './command.js';

interface InitFlags {
  name?: string;
  website?: string;
  colour?: string;
  color?: string;
  today?: string;
}

export function addInitCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('init')
    .description(
      "start a clinic's project: config, an example article, a logo to replace, npm scripts and a CI workflow",
    )
    .argument('[folder]', 'where to start it (default: this folder)')
    .option('--name <name>', "the clinic's name (asked when not given, at a terminal)")
    .option('--website <url>', "the clinic's website, where the web pages will be published (https://...)")
    .option('--colour <#rrggbb>', "the clinic's main colour (default: #0b5394)")
    .addOption(new Option('--color <#rrggbb>', 'the same as --colour').hideHelp())
    .addOption(
      new Option('--today <date>', 'the date written into the example article (YYYY-MM-DD)')
        .argParser(parseDate)
        .hideHelp(),
    )
    .action(async (folder: string | undefined, flags: InitFlags) => exit(await runInit(folder, flags, run)));
}

async function runInit(folder: string | undefined, flags: InitFlags, { io, colors }: Run): Promise<number> {
  const target = path.resolve(io.cwd, folder ?? '.');
  // At a terminal, ask for what the flags do not say; elsewhere (CI, a script), the folder's name stands in.
  const fromFolder = path
    .basename(target)
    .replace(/[-_]+/g, ' ')
    .replace(/\b\p{Ll}/gu, (letter) => letter.toUpperCase());
  const name = flags.name ?? ((await io.ask?.(`The clinic's name (${fromFolder}): `)) || fromFolder);
  const website =
    flags.website ??
    (flags.name
      ? undefined
      : (await io.ask?.("The clinic's website, where the web pages will go (https://..., or leave empty): ")) ||
        undefined);
  const { initProject } = await import('./init/scaffold.js');
  const { todayIso } = await import('../check/governance.js');
  const result = await initProject({
    folder: target,
    cwd: io.cwd,
    name,
    website,
    colour: flags.colour ?? flags.color,
    today: flags.today ?? todayIso(),
  });
  for (const file of result.written) io.stderr(`  ${colors.green('✓')} wrote ${file}\n`);
  for (const file of result.updated) io.stderr(`  ${colors.green('✓')} added to ${file}\n`);
  for (const file of result.kept) io.stderr(`  ${colors.yellow('-')} left ${file} as it was\n`);
  const into = target !== io.cwd ? `cd ${path.relative(io.cwd, target)}, then ` : '';
  io.stderr(
    `${colors.green('Ready')}: ${into}run "npx leaflet build" to make the examples' leaflets, ` +
      `emails, web pages and pack in out/. ` +
      'Put your details and logo in leaflet.config.yaml and brand/, your articles in articles/ and ' +
      'your exercises in exercises/.\n',
  );
  return EXIT.ok;
}
