// Bad input, one case per folder of tests/fixtures/bad/ (its name says what it expects): each is laid over the fixture
// project beside its good articles and built. The build must say what is wrong, where, and what to do, in plain words;
// build the good articles all the same; exit with the right code; and leave nothing partial, and nothing outside out/.
// Then faults of the machine rather than the input: an output folder that cannot be written, two builds at once.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/machinery/lock.js';
import { writeError } from '../../src/machinery/writer.js';
import { copyFixture, leaflet, listFiles, REPO } from './cli.js';

const CASES = path.join(REPO, 'tests', 'fixtures', 'bad');

/** What a case expects, from its expect.json. */
interface Expectation {
  code: number;
  file: string;
  line?: number;
  message: string;
  /** The command (default: build the email and web formats, which need no browser). */
  args?: string[];
  /** The build still writes out/report.json. */
  report?: boolean;
  /** A big file made when the test runs, rather than kept in git: `bytes` of `fill` (default "a") between its ends. */
  generate?: { path: string; bytes: number; prefix?: string; fill?: string; suffix?: string };
  /** A file made beside the project (outside it), for a link to reach. */
  outside?: { name: string; text: string };
  /** A symlink made when the test runs. */
  symlink?: { path: string; target: string };
}

/** The fixture project, its broken articles taken out, with the case's files laid over it. */
function project(name: string, expected: Expectation): string {
  const dir = copyFixture();
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  cpSync(path.join(CASES, name), dir, { recursive: true, filter: (source) => path.basename(source) !== 'expect.json' });
  const { generate, outside, symlink } = expected;
  if (generate) {
    const file = path.join(dir, generate.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(generate.prefix ?? ''),
        Buffer.alloc(generate.bytes, generate.fill ?? 'a'),
        Buffer.from(generate.suffix ?? ''),
      ]),
    );
  }
  if (outside) writeFileSync(path.join(dir, '..', outside.name), outside.text);
  if (symlink) symlinkSync(symlink.target, path.join(dir, symlink.path));
  return dir;
}

const cases = readdirSync(CASES)
  .filter((name) => name.endsWith('.expect-error'))
  .sort();

describe('bad input', () => {
  it('has a case for each of at least fifty bad inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.concurrent.each(cases)('%s: says what and where, builds the rest, and leaves nothing partial', async (name) => {
    const expected = JSON.parse(readFileSync(path.join(CASES, name, 'expect.json'), 'utf8')) as Expectation;
    const dir = project(name, expected);
    const before = listFiles(dir).filter((file) => !file.startsWith('out/'));
    const run = await leaflet(expected.args ?? ['build', '-f', 'email,web'], dir);

    expect(run.code, run.stderr).toBe(expected.code);
    const place = expected.line ? `${expected.file}:${expected.line}: ` : `${expected.file}: `;
    const said = run.stderr.split('\n').find((line) => line.includes(place) && line.includes(expected.message));
    expect(said, `"${place}... ${expected.message}" in:\n${run.stderr}`).toBeDefined();
    // Plain words: no stack trace, no parser's or schema library's own text, no "failed unexpectedly".
    expect(run.stderr).not.toMatch(
      /\n\s+at |failed unexpectedly|Invalid input|Parse error|YAMLException|YAMLParseError|Cannot read properties/,
    );
    const out = path.join(dir, 'out');
    if (expected.code === 2) {
      expect(existsSync(out)).toBe(false);
    } else {
      // The good articles beside the bad one were built (a broken template stops its whole format instead).
      if (!expected.args)
        for (const good of ['email/knee-pain.html', 'email/ankle-sprain.html', 'web/knee-pain/index.html'])
          expect(existsSync(path.join(out, good)), good).toBe(true);
      expect(existsSync(path.join(out, 'report.json'))).toBe(true);
      expect(listFiles(out).filter((file) => file.endsWith('.tmp') || file === LOCK_FILE)).toEqual([]);
    }
    // Nothing was written outside out/.
    expect(listFiles(dir).filter((file) => !file.startsWith('out/'))).toEqual(before);
  });
});

describe('faults', () => {
  it('stops before building anything when the output folder is a file, saying what to do (exit 2)', async () => {
    const dir = copyFixture();
    writeFileSync(path.join(dir, 'out'), 'not a folder');
    const run = await leaflet(['build', '-f', 'email,web'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'could not write out: a file stands where a folder should be: move that file away, or choose ' +
        'another folder with --out.',
    );
  });

  it('fails only the outputs that cannot be written, naming them, and builds the rest', async () => {
    const dir = copyFixture();
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out', 'email'), 'not a folder');
    const run = await leaflet(['build', 'articles/knee-pain.md', '-f', 'email,web'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'articles/knee-pain.md: could not write out/email/knee-pain.html: a file stands where a folder should be',
    );
    expect(existsSync(path.join(dir, 'out', 'web', 'knee-pain', 'index.html'))).toBe(true);
  });

  it('says what a full disk, a read-only disk or no permission means', () => {
    const fault = (code: string): string =>
      writeError('/site/out/leaflet/knee-pain.pdf', Object.assign(new Error(code), { code })).shownFrom('/site')
        .message;
    expect(fault('ENOSPC')).toBe(
      'could not write out/leaflet/knee-pain.pdf: the disk is full: free some space, then build again.',
    );
    expect(fault('EROFS')).toBe(
      'could not write out/leaflet/knee-pain.pdf: the disk is read-only: choose another folder with --out.',
    );
    expect(fault('EACCES')).toContain('permission denied: choose another folder with --out');
    expect(fault('ENAMETOOLONG')).toContain('the name is too long for this file system');
  });

  it(
    'waits for another build writing to the same folder, saying so, and takes over a lock left by a ' +
      'build that died',
    async () => {
      const dir = copyFixture();
      mkdirSync(path.join(dir, 'out'));
      // A lock held by a running process (this one) makes the build wait until it is released.
      writeFileSync(path.join(dir, 'out', LOCK_FILE), `${process.pid}\n`);
      let heard!: () => void;
      const waiting = new Promise<void>((resolve) => (heard = resolve));
      const building = leaflet(['build', 'articles/knee-pain.md', '-f', 'email', '--json'], dir, {
        onStderr: (text) => text.includes('waiting for it to finish') && heard(),
      });
      // Once it says it waits, it has written nothing.
      await waiting;
      expect(existsSync(path.join(dir, 'out', 'email', 'knee-pain.html'))).toBe(false);
      rmSync(path.join(dir, 'out', LOCK_FILE));
      const waited = await building;
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.stderr).toMatch(
        /another build \(process \d+\) is writing to this folder: waiting for it to finish/,
      );
      expect(existsSync(path.join(dir, 'out', LOCK_FILE))).toBe(false);

      // A lock whose process is gone is stale.
      writeFileSync(path.join(dir, 'out', LOCK_FILE), '999999999\n');
      const taken = await leaflet(['build', 'articles/knee-pain.md', '-f', 'email'], dir);
      expect(taken.code).toBe(0);
      expect(taken.stderr).not.toContain('waiting');
    },
  );

  it('refuses a --browser that names no file as a usage error (exit 2), before building anything', async () => {
    const dir = copyFixture();
    const run = await leaflet(['build', '--browser', 'no/such/chrome'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--browser no/such/chrome: no such file');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
