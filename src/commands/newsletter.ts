// `leaflet newsletter`: several articles in one email, as .html, .txt and .eml.
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { CONFIG_HELP, collect, EXIT, type Exit, parseCount, parseDate, type Run } from './command.js';
import type { NewsletterResult } from './newsletter/newsletter.js';
import { formatEvent } from './progress.js';

interface NewsletterFlags {
  tag?: string[];
  since?: string;
  limit?: number;
  title?: string;
  intro?: string;
  name?: string;
  to?: string;
  out: string;
  config?: string;
  json?: boolean;
}

export function addNewsletterCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('newsletter')
    .description('put several articles into one newsletter email: out/newsletter/<name>.html, .txt and .eml')
    .argument('[paths...]', 'articles to include, in this order (default: every article, newest first)')
    .option('-t, --tag <tag>', 'only articles with this tag (repeat for any of several)', collect)
    .option('--since <date>', 'only articles published on or after this date (YYYY-MM-DD)', parseDate)
    .option('-n, --limit <n>', 'at most this many articles', parseCount)
    .option('--title <text>', 'the subject and heading (default: the intro\'s title, or "<clinic> news: <month year>")')
    .option(
      '--intro <file>',
      "a Markdown file with the newsletter's own introduction (front matter: title, date, summary)",
    )
    .option('--name <name>', 'output file name, without extension (default: newsletter-<date>)')
    .option('--to <address>', "recipient written into the .eml (default: the config's email.to)")
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--json', 'print what was written as JSON on stdout')
    .action(async (paths: string[], flags: NewsletterFlags) => exit(await runNewsletter(paths, flags, run)));
}

async function runNewsletter(paths: string[], flags: NewsletterFlags, { io, colors }: Run): Promise<number> {
  const config = await loadConfig(io.cwd, flags.config);
  // Loaded only for this command (it brings in nodemailer).
  const { buildNewsletter } = await import('./newsletter/newsletter.js');
  const result: NewsletterResult = await buildNewsletter({
    config,
    cwd: io.cwd,
    paths,
    outDir: flags.out,
    ...(flags.tag ? { tags: flags.tag } : {}),
    ...(flags.since ? { since: flags.since } : {}),
    ...(flags.limit ? { limit: flags.limit } : {}),
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.intro ? { intro: flags.intro } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.to ? { to: flags.to } : {}),
  });
  for (const warning of result.warnings) io.stderr(formatEvent({ type: 'warning', warning }, colors));
  for (const error of result.errors) io.stderr(formatEvent({ type: 'failed', file: error.file ?? '', error }, colors));
  io.stderr(
    `${colors.green('✓')} newsletter "${result.title}" with ${result.articles.length} ` +
      `article${result.articles.length === 1 ? '' : 's'}:\n`,
  );
  for (const article of result.articles) io.stderr(`    ${article.title}\n`);
  io.stderr(`  ${result.files.join('\n  ')}\n`);
  if (flags.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return result.errors.length > 0 ? EXIT.failed : EXIT.ok;
}
