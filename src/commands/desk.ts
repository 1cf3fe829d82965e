// `leaflet desk`: the desk page alone, where therapists make a pack for a patient, served by one computer of the
// clinic to the others (or to itself alone). It reloads the articles when they change on disk (after a `git pull`),
// asks for a passphrase when it listens on the network, and keeps nothing a therapist types.
import { closeSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { LeafletError, messageOf, UsageError } from '../errors.js';
import type { BrowserPool } from '../machinery/browser.js';
import { CONFIG_HELP, EXIT, type Exit, parsePort, type Run, stopSignal } from './command.js';
import type { DeskCatalogue } from './desk/catalogue.js';
import type { Reach } from './desk/http.js';
import type { PassphraseGate } from './desk/passphrase.js';

interface DeskFlags {
  port: number;
  host: string;
  config?: string;
  trustProxy?: boolean;
  log?: string;
}

/** The desk's port unless told: the preview's plus one, so that both can run on one computer. */
const DESK_PORT = 4174;

export function addDeskCommand(program: Command, run: Run, exit: Exit): void {
  program
    .command('desk')
    .description(
      "serve the desk page, where therapists make a pack for a patient, to this computer or the clinic's network " +
        '(with a passphrase); reloads the articles when they change',
    )
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', parsePort, DESK_PORT)
    .option(
      '--host <host>',
      "address to listen on: 127.0.0.1 (this computer alone), or 0.0.0.0 for the clinic's network, which needs a " +
        'passphrase (LEAFLET_DESK_PASSPHRASE, or desk.passphraseFile in the config)',
      '127.0.0.1',
    )
    .option('-c, --config <file>', CONFIG_HELP)
    .option(
      '--trust-proxy',
      'the desk is reached through a reverse proxy on this computer (TLS): trust its X-Forwarded-Proto and ' +
        'X-Forwarded-For (as desk.trustProxy in the config)',
    )
    .option('--log <file>', 'append the access log to this file (default: stderr)')
    .action(async (flags: DeskFlags) => exit(await runDesk(flags, run)));
}

async function runDesk(flags: DeskFlags, run: Run): Promise<number> {
  const { io } = run;
  const { loadCatalogue } = await import('./desk/catalogue.js');
  const { readPassphrase } = await import('./desk/passphrase.js');
  let catalogue = await loadCatalogue(io.cwd, flags.config);
  const { config } = catalogue;
  const reach: Reach = {
    trustProxy: flags.trustProxy === true || config.desk.trustProxy,
    publicOrigin: config.desk.publicOrigin,
  };
  const gate = await readPassphrase(run.env, config, io.cwd);
  await requirePassphrase(flags.host, reach, gate);
  const log = openLog(flags.log, io.cwd, io.stderr);
  const { BrowserManager } = await import('../machinery/browser.js');
  // The packs are printed by a browser of the desk's own, started now so that the first pack comes quickly.
  const browser: BrowserPool = io.browser ?? new BrowserManager({ jobs: config.desk.pages, env: run.env });
  try {
    browser.warm();
    const serving = await serveDesk(flags, { catalogue: () => catalogue, gate, reach, browser, log: log.write });
    const { watchProject } = await import('./watch.js');
    const watcher = watchProject(
      {
        root: io.cwd,
        // Not the output folder, which builds change, nor the access log, which the desk itself writes.
        ignore: [path.resolve(io.cwd, 'out'), ...(flags.log ? [path.resolve(io.cwd, flags.log)] : [])],
      },
      async () => {
        catalogue = await reloaded(catalogue, () => loadCatalogue(io.cwd, flags.config), run);
      },
      (message) => io.stderr(`${run.colors.yellow('warning')} ${message}\n`),
    );
    await watcher.ready;
    sayWhereToOpen(flags, run, serving.url, serving.port, catalogue, gate);
    const stopping = stopSignal(run, () => undefined);
    await stopping.done;
    stopping.dispose();
    await watcher.close();
    await serving.close();
  } finally {
    if (browser !== io.browser) await browser.dispose();
    log.close();
  }
  return EXIT.ok;
}

/** On the network (or behind a proxy, which is the network too) the desk needs a passphrase: without one, it stops. */
async function requirePassphrase(host: string, reach: Reach, gate: PassphraseGate | undefined): Promise<void> {
  const { isLoopback } = await import('./preview/server.js');
  if (gate) return;
  const how =
    'so it needs a passphrase for therapists to sign in with. Set the environment variable ' +
    "LEAFLET_DESK_PASSPHRASE in the environment the desk runs in (a service's environment file, never the command " +
    'line), or name a file holding it in the config, like "desk: { passphraseFile: /etc/leaflet/desk-passphrase }". ' +
    'docs/desk.md shows how.';
  if (!isLoopback(host)) throw new UsageError(`--host ${host}: the desk would listen on the clinic's network, ${how}`);
  if (reach.trustProxy || reach.publicOrigin)
    throw new UsageError(
      `${reach.publicOrigin ? 'desk.publicOrigin' : 'the trusted proxy (--trust-proxy or desk.trustProxy)'}: the ` +
        `desk is reached from the network through a proxy, ${how}`,
    );
}

/** Start the server, with the queue and sign-in settings of the config. */
async function serveDesk(
  flags: DeskFlags,
  parts: {
    catalogue: () => DeskCatalogue;
    gate: PassphraseGate | undefined;
    reach: Reach;
    browser: BrowserPool;
    log: (line: string) => void;
  },
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const { startDesk } = await import('./desk/server.js');
  const { makeDeskPack } = await import('./desk/make.js');
  const { accessLog } = await import('./desk/access-log.js');
  const { desk } = parts.catalogue().config;
  return startDesk({
    host: flags.host,
    port: flags.port,
    catalogue: parts.catalogue,
    makePack: (request, catalogue) => makeDeskPack(catalogue, request, parts.browser),
    gate: parts.gate,
    reach: parts.reach,
    idleMinutes: desk.idleMinutes,
    signInsPerMinute: desk.signInsPerMinute,
    queue: { pages: desk.pages, queue: desk.queue, timeout: desk.timeout },
    log: accessLog(parts.log),
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `--port ${flags.port}: the port is in use: choose another with --port`
        : `--host ${flags.host}: the desk could not listen there (${code ?? messageOf(error)}). Check the address.`,
    );
  });
}

/** The access log: a file appended to (readable by the desk's account alone), or stderr. */
function openLog(
  file: string | undefined,
  cwd: string,
  stderr: (text: string) => void,
): { write: (line: string) => void; close: () => void } {
  if (!file) return { write: stderr, close: () => undefined };
  let fd: number;
  try {
    fd = openSync(path.resolve(cwd, file), 'a', 0o600);
  } catch (error) {
    throw new UsageError(
      `--log ${file}: cannot write there (${(error as NodeJS.ErrnoException).code ?? 'unknown reason'}). Check ` +
        'that the folder exists and that the account the desk runs as may write in it.',
    );
  }
  return { write: (line: string) => void writeSync(fd, line), close: () => closeSync(fd) };
}

/** The catalogue read again after a change; the one before is kept, and the problem said, when it cannot be read. */
async function reloaded(
  before: DeskCatalogue,
  load: () => Promise<DeskCatalogue>,
  { io, colors }: Run,
): Promise<DeskCatalogue> {
  try {
    const catalogue = await load();
    io.stderr(`${colors.cyan('Reloaded')}: ${counted(catalogue)}.\n`);
    for (const problem of catalogue.problems) io.stderr(`${colors.yellow('warning')} ${problem}\n`);
    return catalogue;
  } catch (error) {
    if (!(error instanceof LeafletError)) throw error;
    io.stderr(
      `${colors.red('error')} ${error.format()}\nThe desk goes on with the articles it had; fix this to reload.\n`,
    );
    return before;
  }
}

function counted(catalogue: DeskCatalogue): string {
  const { articles, packs } = catalogue;
  return `${articles.length} article${articles.length === 1 ? '' : 's'} and exercises, ${packs.length} standard pack${packs.length === 1 ? '' : 's'}`;
}

/** Where to open the desk, on this computer and from the others; and what the log that follows is. */
function sayWhereToOpen(
  flags: DeskFlags,
  { io, colors }: Run,
  url: string,
  port: number,
  catalogue: DeskCatalogue,
  gate: PassphraseGate | undefined,
): void {
  for (const problem of catalogue.problems) io.stderr(`${colors.yellow('warning')} ${problem}\n`);
  io.stderr(`${colors.green('Desk')}: ${url}  (${counted(catalogue)})\n`);
  if (flags.host === '0.0.0.0' || flags.host === '::') {
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
      .map((entry) => `http://${entry?.address}:${port}/`);
    if (addresses.length > 0) io.stderr(`From the clinic's other computers: ${addresses.join('  ')}\n`);
  }
  if (gate) io.stderr(`Therapists sign in with the passphrase from ${gate.source}.\n`);
  io.stderr(
    `Ctrl-C stops it. The access log${flags.log ? ` is appended to ${flags.log}: it` : ''} says who signed in and ` +
      'which articles were printed, never a name.\n',
  );
}
