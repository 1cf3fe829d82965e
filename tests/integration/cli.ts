// Run `leaflet` in a copy of a fixture project, and read its outputs back. Most tests run the command in this process
// (`leaflet`, through `main(argv, io)`), printing with one browser shared by the test file; a few run the real
// `bin/leaflet.js` end to end (`runLeaflet`).
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, onTestFinished } from 'vitest';
import { main } from '../../src/cli.js';
import { BrowserManager, type BrowserPool } from '../../src/machinery/browser.js';
import { REPO } from '../helpers.js';

// The helpers that only read and copy files live with the others in tests/helpers.ts; tests import them from either.
export { copyFixture, copySamples, filesHolding, fixtureWith, listFiles, REPO, tempDir } from '../helpers.js';

export const BIN = path.join(REPO, 'bin', 'leaflet.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment tests run the command in: no colours, and templates in strict mode (a misspelt variable fails). */
export const TEST_ENV = { NO_COLOR: '1', LEAFLET_STRICT_TEMPLATES: '1' };

/**
 * Run `leaflet ...args` in `cwd` in this process, as `bin/leaflet.js` would run it, and collect what it prints.
 * `browser` is a pool the caller keeps open across runs (see `sharedBrowser`); without one, a build starts its own.
 * `onStderr` hears each message as it is said, for a test that waits for one.
 */
export async function leaflet(
  args: string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; browser?: BrowserPool; onStderr?: (text: string) => void } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
      options.onStderr?.(text);
    },
    env: { ...process.env, ...TEST_ENV, ...options.env },
    color: false,
    ...(options.browser ? { browser: options.browser } : {}),
  });
  return { code, stdout, stderr };
}

/** One browser for the leaflets of a test file, launched when first needed and closed after the file's tests. */
export function sharedBrowser(): BrowserPool {
  const pool = new BrowserManager({ jobs: 2 });
  afterAll(() => pool.dispose());
  return pool;
}

/** Run the real `bin/leaflet.js ...args` in `cwd`, as a user would from a terminal (no colours). */
export function runLeaflet(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...TEST_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `bin/leaflet.js` that keeps running (`--watch`, `preview`), started by `startLeaflet`. */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Resolves when stderr (from `from` on) matches `pattern`; rejects after `ms`. */
  waitFor(pattern: RegExp, from?: number, ms?: number): Promise<RegExpExecArray>;
  stop(): Promise<number | null>;
}

/**
 * Start the real `bin/leaflet.js ...args` in `cwd` and keep it running; it is killed after the test if still running.
 */
export function startLeaflet(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...TEST_ENV, ...env } });
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of [...waiters]) check();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const run: Running = {
    child,
    stderr: () => stderr,
    waitFor(pattern, from = 0, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${stderr}`));
        }, ms);
        const check = (): void => {
          const match = pattern.exec(stderr.slice(from));
          if (match) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(match);
          }
        };
        waiters.add(check);
        check();
      });
    },
    stop() {
      child.kill('SIGINT');
      return closed;
    },
  };
  // A command the test left running is stopped when the test ends, whatever happened. (The hook belongs to the test
  // being run, so tests that start commands must not run concurrently.)
  onTestFinished(() => void child.kill('SIGKILL'));
  return run;
}

/** `pdfinfo` fields as a record. */
export function pdfInfo(file: string): Record<string, string> {
  const text = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

/** The PDF's text, as `pdftotext` reads it: laid out as on the page, or (`layout: false`) in reading order. */
export function pdfText(file: string, { layout = true }: { layout?: boolean } = {}): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

/** `pdffonts` rows: font name and whether it is embedded. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return rows.map((row) => {
    const cells = row.trim().split(/\s+/);
    // Columns from the right: object ID (2 cells), uni, sub, emb.
    return { name: cells[0] ?? '', embedded: cells[cells.length - 5] === 'yes' };
  });
}

/** The `href` and `src` values in an HTML document. */
export function addressesIn(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
}

/**
 * The font size of the PDF's body text, in points to the nearest half point: from the most common word-box height
 * that `pdftotext -bbox` reports. A word's box is its font's ascent plus descent: 1.117 times the font size for the
 * sans-serif fonts used here (measured: 14.52 for 13pt, 13.41 for 12pt, 20.11 for 18pt).
 */
export function bodyFontSize(file: string): number {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const counts = new Map<number, number>();
  for (const match of html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)) {
    const height = Math.round((Number(match[2]) - Number(match[1])) * 10) / 10;
    counts.set(height, (counts.get(height) ?? 0) + 1);
  }
  const height = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return Math.round((height / 1.117) * 2) / 2;
}

/** The PDF's outline (bookmarks) as titles, indented two spaces per level. */
export async function pdfOutline(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(file));
  const titles: string[] = [];
  const walk = (parent: PDFDict | undefined, depth: number): void => {
    let item = parent?.lookupMaybe(PDFName.of('First'), PDFDict);
    while (item) {
      const title = item.lookup(PDFName.of('Title'));
      titles.push(
        `${'  '.repeat(depth)}${title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : ''}`,
      );
      walk(item, depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict), 0);
  return titles;
}
