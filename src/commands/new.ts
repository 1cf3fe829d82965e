// `leaflet new "<title>"`: a new article with its front matter filled in.
import { type Command, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { CONFIG_HELP, EXIT, type Exit, parseDate, type Run } from './command.js';

interface NewFlags {
  config?: string;
  dir?: string;
  slug?: string;
  today?: string;
}

export function addNewCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('new')
    .description('write a new article with its front matter filled in and a body to start from')
    .argument('<title>', "the article's title, in quotes")
    .option('--slug <slug>', 'file name and web address (default: from the title)')
    .option('-d, --dir <folder>', 'folder to write it in (default: the folder of the config\'s "articles" pattern)')
    .option('-c, --config <file>', CONFIG_HELP)
    .addOption(
      new Option('--today <date>', 'the date written as published and reviewed (YYYY-MM-DD)')
        .argParser(parseDate)
        .hideHelp(),
    )
    .action(async (title: string, flags: NewFlags) => exit(await runNew(title, flags, run)));
}

async function runNew(title: string, flags: NewFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  const { writeNewArticle } = await import('./new/new-article.js');
  const written = await writeNewArticle({
    config,
    cwd: io.cwd,
    title,
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.dir ? { dir: flags.dir } : {}),
    ...(flags.today ? { today: flags.today } : {}),
  });
  io.stderr(
    `${colors.green('✓')} wrote ${written.shownPath}: fill in the parts marked TODO, then run ` +
      `"leaflet check ${written.shownPath}".\n`,
  );
  io.stdout(`${written.shownPath}\n`);
  return EXIT.ok;
}
