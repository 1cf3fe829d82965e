// `leaflet preview`: the web pages served on this computer, rebuilt on every save, with print previews, check pages
// and the desk page.
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { messageOf, UsageError } from '../errors.js';
import type { BuildReport } from '../machinery/report.js';
import { type BuildFlags, overridesOf, watchBuilds } from './build.js';
import { CONFIG_HELP, EXIT, type Exit, parsePort, type Run } from './command.js';

interface PreviewFlags {
  port: number;
  host: string;
  out: string;
  config?: string;
  drafts?: boolean;
}

export function addPreviewCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('preview')
    .description(
      'serve the web pages on this computer, rebuild them on every save and reload the browser; ' +
        'print previews of each leaflet',
    )
    .argument('[paths...]', 'article files, folders or globs (default: every article)')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', parsePort, 4173)
    .option('--host <host>', 'address to listen on (0.0.0.0 to let other computers on the network see it)', '127.0.0.1')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--no-drafts', 'leave out articles with "draft: true" (they are shown, marked DRAFT, by default)')
    .action(async (paths: string[], flags: PreviewFlags) => exit(await runPreview(paths, flags, run)));
}

async function runPreview(paths: string[], flags: PreviewFlags, run: Run): Promise<number> {
  const { io, colors } = run;
  // The preview builds the web pages only (its print previews are rendered on request), drafts too unless told not.
  const { siteFolder, webStep } = await import('../formats/web/step.js');
  const buildFlags: BuildFlags = {
    out: flags.out,
    format: [webStep.format],
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.drafts !== false ? { drafts: true } : {}),
  };
  const config = await loadConfig(io.cwd, flags.config, overridesOf(buildFlags));
  const webDir = siteFolder(path.resolve(io.cwd, flags.out));
  const { isLoopback, startPreview } = await import('./preview/server.js');
  const { renderPrintPreview } = await import('./preview/print-preview.js');
  const { keepSpelling, renderCheckPage } = await import('./preview/check-page.js');
  const spelling = keepSpelling();
  const { renderReport } = await import('./preview/report-page.js');
  const { loadCatalogue } = await import('./desk/catalogue.js');
  const { readDeskForm } = await import('./desk/form.js');
  const { makeDeskPack } = await import('./desk/make.js');
  const { renderDeskPage } = await import('./desk/page.js');
  const { deskAsset } = await import('./desk/assets.js');
  // The desk page, as \`leaflet desk\` serves it, read afresh at every request (the preview watches nothing for it).
  const catalogue = () => loadCatalogue(io.cwd, flags.config);
  const { BrowserManager } = await import('../machinery/browser.js');
  // The desk page's packs are printed by a browser of the preview's own, started when the first pack is asked for.
  const browser = io.browser ?? new BrowserManager({ jobs: 1, env: run.env });
  let server: Awaited<ReturnType<typeof startPreview>> | undefined;
  try {
    // The server starts after the first build (so there is a site to show); later builds reload the open pages.
    await watchBuilds(paths, buildFlags, run, config, async (report) => {
      if (server) return server.reload(buildProblems(report));
      server = await startPreview({
        webDir,
        port: flags.port,
        host: flags.host,
        renderPrint: (slug) => renderPrintPreview(io.cwd, flags.config, slug),
        renderCheck: (slug) => renderCheckPage(io.cwd, flags.config, slug, spelling),
        renderReport: () =>
          renderReport(
            {
              cwd: io.cwd,
              configFile: flags.config,
              out: flags.out,
              warn: (message) => io.stderr(`${colors.yellow('warning')} ${message}\n`),
            },
            run.env,
          ),
        desk: {
          page: async (token) => renderDeskPage(await catalogue(), { token, signOut: false }),
          async pack(form) {
            const request = readDeskForm(form);
            const made = await makeDeskPack(await catalogue(), request, browser);
            return { pdf: made.pdf, fileName: made.fileName, download: request.download };
          },
          asset: async (name) => deskAsset(await catalogue(), name),
        },
        problems: buildProblems(report),
      }).catch((error: unknown) => {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        throw new UsageError(
          inUse
            ? `port ${flags.port} is in use: choose another with --port`
            : `could not start the preview server: ${messageOf(error)}`,
        );
      });
      io.stderr(
        `${colors.green('Preview')}: ${server.url}  (print preview of a leaflet: ` +
          `${server.url}__leaflet/print/<slug>/)\n`,
      );
      if (isLoopback(flags.host)) io.stderr(`Make a pack for a patient: ${server.url}__leaflet/desk/\n`);
      io.stderr(`Content report of every article: ${server.url}__leaflet/report/\n`);
    });
  } finally {
    await server?.close();
    if (browser !== io.browser) await browser.dispose();
  }
  return EXIT.ok;
}

/** What the preview shows over its pages after a build: the problems that kept something from being built. */
function buildProblems(report: BuildReport): { file?: string; line?: number; message: string }[] {
  const notAttempted = (code: string): boolean => code === 'INTERRUPTED';
  const articleErrors = report.articles.flatMap((article) =>
    article.errors
      .filter((error) => !notAttempted(error.code))
      .map((error) => ({ ...error, file: error.file ?? article.file })),
  );
  return [...report.errors.filter((error) => !notAttempted(error.code)), ...articleErrors].map(
    ({ file, line, message }) => ({ ...(file ? { file } : {}), ...(line ? { line } : {}), message }),
  );
}
