// `leaflet browser install`: download a browser for computers that have none.
import type { Command } from 'commander';
import { EXIT, type Exit, type Run } from './command.js';

export function addBrowserCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('browser')
    .description('get a browser for printing leaflets, for computers that have none')
    .command('install')
    .description(
      'download the Chrome for Testing this version of leaflet was made with (about 150 MB) into ' +
        "leaflet's cache folder",
    )
    .action(async () => exit(await runBrowserInstall(run)));
}

async function runBrowserInstall({ io, env, colors }: Run): Promise<number> {
  const { browserCacheDir, installBrowser } = await import('../machinery/browsers.js');
  const cacheDir = browserCacheDir(env);
  io.stderr(`Downloading Chrome for Testing into ${cacheDir}\n`);
  let shown = -1;
  const installed = await installBrowser({
    cacheDir,
    baseUrl: env.PUPPETEER_DOWNLOAD_BASE_URL,
    onProgress: (done, total) => {
      // A line every tenth of the way: readable at a terminal and in a CI log alike.
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth === shown) return;
      shown = tenth;
      io.stderr(`  ${tenth * 10}% (${(done / 1e6).toFixed(0)} of ${(total / 1e6).toFixed(0)} MB)\n`);
    },
  });
  io.stderr(
    `${colors.green('✓')} Chrome ${installed.version}: leaflet prints with it when no other browser is found.\n`,
  );
  io.stdout(`${installed.path}\n`);
  return EXIT.ok;
}
