// What every command shares: where it reads and writes (CliIo), what its action is given (Run), the exit codes, the
// help of the flags every command takes, and the parsers of flag values (each throws commander's InvalidArgumentError,
// which commander reports as a usage error naming the flag).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from 'commander';
import type { Colors } from 'picocolors/types.js';
import { dateProblem } from '../articles/front-matter.js';
import type { Shard } from '../articles/shards.js';
import { FORMATS, type Format } from '../config/schema.js';
import type { BrowserPool } from '../machinery/browser.js';
import { jsonPieces } from '../machinery/writer.js';

/** Help for `-c, --config`, which every command takes. */
export const CONFIG_HELP = 'config file (default: leaflet.config.{json,yaml,yml,mjs,js} in this folder)';

/** What a command's action calls with its exit code. */
export type Exit = (code: number) => void;

/** Exit codes: 0 built, 1 an article failed, 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where the CLI reads and writes: stderr for people, stdout for data. Tests pass their own to run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder the command runs in. */
  cwd: string;
  /** Environment variables (default: this process's): NO_COLOR, PUPPETEER_EXECUTABLE_PATH, LEAFLET_STRICT_TEMPLATES. */
  env?: NodeJS.ProcessEnv;
  /** Colour the output (default: when the terminal supports it and NO_COLOR is not set). */
  color?: boolean;
  /**
   * A browser to print with that the caller keeps open across runs (tests share one); otherwise each build starts its
   * own.
   */
  browser?: BrowserPool;
  /** Aborting it is Ctrl-C: it stops a build, a watch or a preview run in-process (tests use it). */
  interrupt?: AbortSignal;
  /** The terminal stderr is, when it is one: progress is drawn there as one live line. */
  terminal?: NodeJS.WriteStream;
  /** Ask the person at the terminal; absent when nobody is there to answer (CI, a pipe): flags and defaults then. */
  ask?: (question: string) => Promise<string>;
  /** Told how many articles a build found, before it builds them: the command's own process sizes its heap by it. */
  articlesFound?: (count: number) => void;
}

/** What every command's action gets: the io, colours for people, and the environment. */
export interface Run {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  colors: Colors;
}

/** A report on stdout as JSON, a piece at a time (the report of 10,000 articles is 6 MB). */
export function printJson(io: Run['io'], value: unknown): void {
  for (const piece of jsonPieces(value, 2)) io.stdout(piece);
}

/**
 * Ctrl-C and SIGTERM (or the io's `interrupt`, which tests use), listened for until `dispose`: the first calls
 * `onStop` and settles `done`; a second Ctrl-C exits at once.
 */
export function stopSignal(
  run: Run,
  onStop: () => void,
): { readonly stopped: NodeJS.Signals | undefined; done: Promise<void>; dispose(): void } {
  let stopped: NodeJS.Signals | undefined;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((settle) => (resolve = settle));
  const stop = (signal: NodeJS.Signals): void => {
    if (stopped) process.exit(signal === 'SIGTERM' ? 143 : 130);
    stopped = signal;
    onStop();
    resolve();
  };
  const interrupt = (): void => stop('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  run.io.interrupt?.addEventListener('abort', interrupt, { once: true });
  if (run.io.interrupt?.aborted) interrupt();
  return {
    get stopped() {
      return stopped;
    },
    done,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      run.io.interrupt?.removeEventListener('abort', interrupt);
    },
  };
}

/** Each use of a repeatable option whose value has commas of its own (`--exercise a:sets=3,reps=10`). */
export function each(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Each use of a repeatable option that takes a comma-separated list (`--tag knees,feet`); a use with none is refused.
 */
export function collect(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // An empty --tag would select nothing, and so every article: refused, so that a newsletter is never sent to all by a
  // slip.
  if (items.length === 0)
    throw new InvalidArgumentError('expected a tag, like --tag "back pain" (or several: --tag knees,feet).');
  return [...previous, ...items];
}

/** A date flag, read as strictly as a date in front matter, with the same words. */
export function parseDate(value: string): string {
  const problem = dateProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return value;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}

/** More parts than this is not a split any CI runs. */
export const MAX_SHARDS = 10_000;

export function parseShardOption(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > MAX_SHARDS)
    throw new InvalidArgumentError(
      `expected <part>/<parts>, like 2/4 (the second of four parts), of at most ${MAX_SHARDS} parts.`,
    );
  return { index, count };
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return count;
}

export function parseFormats(value: string): Format[] {
  const formats = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = formats.filter((format) => !(FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${FORMATS.join(', ')}; got "${value}".`);
  }
  return [...new Set(formats)] as Format[];
}

/**
 * Start `server` listening, as `leaflet preview` and `leaflet desk` do: its port (0 picks a free one) and the address
 * to open, naming a host that listens on every address "localhost", and putting an IPv6 address in brackets.
 */
export async function listen(server: Server, port: number, host: string): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const listening = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { port: listening, url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${listening}/` };
}

/** Close `server` and the connections browsers keep open for their next request (closing would wait for them). */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
