// Every example command in the README and the docs, run as written in a copy of the sample project, so that the docs
// cannot drift from the tool: each must succeed, and a transcript (a ```console block, commands after "$ ") must
// print what it shows. Review dates are checked as of a fixed day, so that the transcripts do not change with the
// clock; commands that keep running (preview, desk, --watch) are started, seen to be ready, and stopped as with
// Ctrl-C.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { TODAY, tempDir } from '../helpers.js';
import { REPO, sharedBrowser, TEST_ENV } from './cli.js';

const DOCS = [
  'README.md',
  ...readdirSync(path.join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** One example: a command as written, its words, environment, and (in a transcript) the output it shows. */
interface Example {
  line: number;
  written: string;
  args: string[];
  env: Record<string, string>;
  output?: string;
}

/** Words of a shell command line: quotes group words, `> file` redirections are dropped. */
function shellWords(command: string): string[] {
  const words = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
  const redirect = words.indexOf('>');
  return redirect >= 0 ? words.slice(0, redirect) : words;
}

/** `npx leaflet ...` as an example, with any `NAME=value` before it. */
function example(written: string, line: number, output?: string): Example | undefined {
  const words = shellWords(written.trim());
  const at = words.indexOf('npx');
  if (at < 0 || words[at + 1] !== 'leaflet') return undefined;
  const env = Object.fromEntries(words.slice(0, at).map((word) => word.split('=') as [string, string]));
  return { line, written: written.trim(), args: words.slice(at + 2), env, ...(output !== undefined ? { output } : {}) };
}

/** The examples of one Markdown file, in order: commands in sh blocks (and CI workflow steps), and transcripts. */
function examplesIn(file: string): Example[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const found: Example[] = [];
  for (const block of text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const [, lang = '', body = ''] = block;
    const firstLine = text.slice(0, block.index).split('\n').length + 1;
    const lines = body.split('\n');
    lines.forEach((content, index) => {
      const line = firstLine + index;
      if (lang === 'console' && content.startsWith('$ ')) {
        const rest = lines.slice(index + 1);
        const end = rest.findIndex((next) => next.startsWith('$ '));
        const output = (end < 0 ? rest : rest.slice(0, end)).join('\n').replace(/\n*$/, '\n');
        const parsed = example(content.slice(2), line, output);
        if (parsed) found.push(parsed);
      } else if (lang === 'sh' || lang === 'yaml') {
        // `a && b && npx leaflet build` runs each part; only leaflet's are ours to run. A workflow step run for each
        // value of a matrix (`${{ matrix.shard }}`) is run once for each, as the runners would.
        for (const part of content.replace(/^\s*-\s*run:\s*/, '').split('&&')) {
          for (const command of forEachValue(part, matrixOf(body))) {
            const parsed = example(command, line);
            if (parsed) found.push(parsed);
          }
        }
      }
    });
  }
  return found;
}

/** A workflow's matrix: each `name: [a, b]` under `matrix:`. */
function matrixOf(workflow: string): Map<string, string[]> {
  const matrix = /^(\s*)matrix:\n((?:\1\s+\w+: \[.*\]\n)+)/m.exec(workflow)?.[2] ?? '';
  return new Map(
    [...matrix.matchAll(/(\w+): \[(.*)\]/g)].map((match) => [
      match[1] ?? '',
      (match[2] ?? '').split(',').map((value) => value.trim()),
    ]),
  );
}

/** `command` once for each value of the matrix variable it uses (as written when it uses none). */
function forEachValue(command: string, matrix: Map<string, string[]>): string[] {
  const name = /\$\{\{ matrix\.(\w+) \}\}/.exec(command)?.[1];
  if (!name) return [command];
  return (matrix.get(name) ?? []).map((value) => command.replaceAll(`\${{ matrix.${name} }}`, value));
}

const browser = sharedBrowser();

/** The sample project with the docs' own example files, built once; each file's examples run in a copy of it. */
let built: string;
beforeAll(async () => {
  built = tempDir('leaflet-docs-');
  for (const entry of ['leaflet.config.yaml', 'words.txt', 'brand', 'articles', 'exercises', 'packs', 'docs'])
    cpSync(path.join(REPO, entry), path.join(built, entry), { recursive: true });
  expect(
    await main(['build'], {
      cwd: built,
      stdout: () => undefined,
      stderr: () => undefined,
      env: { ...process.env, ...TEST_ENV },
      color: false,
      browser,
    }),
  ).toBe(0);
});

/** A copy of the built samples, file times kept, so that what was built stays built (the cache compares them). */
function samples(): string {
  const dir = tempDir('leaflet-docs-');
  cpSync(built, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}
const READS_THE_DATE = ['check', 'new', 'init'];

/**
 * Run one example in this process, stdout and stderr in the order they were written, as a terminal shows them. A
 * command that keeps running (preview, desk, --watch) is stopped, as with Ctrl-C, once it says it is ready.
 */
async function run(sample: Example, cwd: string): Promise<{ code: number; output: string }> {
  const [command = '', ...rest] = sample.args;
  const args = READS_THE_DATE.includes(command) ? [command, '--today', TODAY, ...rest] : sample.args;
  const keepsRunning = command === 'preview' || command === 'desk' || sample.args.includes('--watch');
  const interrupt = new AbortController();
  let output = '';
  const write = (text: string): void => {
    output += text;
    if (keepsRunning && /(Preview|Desk): http:\/\/127\.0\.0\.1:\d+\/|Watching articles/.test(output)) interrupt.abort();
  };
  const io = {
    cwd,
    stdout: write,
    stderr: write,
    env: { ...process.env, ...TEST_ENV, ...sample.env },
    color: false,
    browser,
    interrupt: interrupt.signal,
  };
  const code = await main(args, io);
  if (keepsRunning)
    expect(interrupt.signal.aborted, `${sample.written} never said it was ready:\n${output}`).toBe(true);
  return { code, output };
}

describe('the examples in the docs', () => {
  it('finds examples of every command', () => {
    const commands = new Set(DOCS.flatMap((file) => examplesIn(file).map((sample) => sample.args[0])));
    for (const command of [
      'build',
      'preview',
      'desk',
      'check',
      'report',
      'new',
      'newsletter',
      'pack',
      'merge-reports',
      '--help',
      '--version',
    ])
      expect(commands).toContain(command);
    // The sharded workflow's build step runs once for each part of its matrix.
    expect(examplesIn('docs/ci.md').map((sample) => sample.args.join(' '))).toEqual(
      expect.arrayContaining([
        'build --shard 1/4 --out out-1',
        'build --shard 4/4 --out out-4',
        'merge-reports out-*/report.json',
      ]),
    );
  });

  it.each(DOCS.filter((file) => examplesIn(file).length > 0))(
    '%s: every command runs as written, and prints what it shows',
    async (file) => {
      const dir = samples();
      for (const sample of examplesIn(file)) {
        const where = `${file}:${sample.line}: ${sample.written}`;
        const result = await run(sample, dir);
        expect(result.code, `${where}\n${result.output}`).toBe(0);
        if (sample.output !== undefined) expect(result.output, where).toBe(sample.output);
      }
    },
  );
});
