// A full disk, for real: a small tmpfs mounted for each test (the tests run as root, as CI does; where mounting is not
// allowed they are skipped, saying why). A build stops at the first write the disk has no room for and says so once,
// with what it kept; standard packs and `leaflet pack -o` stop the same way; nothing half-written is left, and nothing
// outside the output folder changes.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LOCK_FILE } from '../../src/machinery/lock.js';
import type { BuildReport } from '../../src/machinery/report.js';
import { tempDir } from '../helpers.js';
import { copyFixture, leaflet, listFiles, pdfInfo, sharedBrowser } from './cli.js';

/** Whether this machine lets the tests mount a tmpfs (root, with the right to mount), and why not when it does not. */
const mounting = canMount();

/** A fresh tmpfs of `size` (like "300k"), unmounted when the test ends. */
function smallDisk(size: string): string {
  const dir = tempDir('leaflet-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  onTestFinished(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function canMount(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0)
    return { ok: false, why: 'mounting a tmpfs needs root on Linux' };
  const dir = tempDir('leaflet-disk-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir]);
    return { ok: true };
  } catch (error) {
    return { ok: false, why: `mount -t tmpfs failed: ${(error as Error).message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fill the disk at `dir` until it has no room left but `spare` bytes (which a file takes from, a page at a time). */
function fillDisk(dir: string, spare = 0): void {
  const keep = path.join(dir, 'spare');
  if (spare > 0) writeFileSync(keep, Buffer.alloc(spare));
  const fd = openSync(path.join(dir, 'filler'), 'w');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  if (spare > 0) rmSync(keep);
}

/** The fixture project without its broken articles, with `count` more articles like knee-pain.md. */
function projectOf(count: number): string {
  const dir = copyFixture();
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  const knee = readFileSync(path.join(dir, 'articles', 'knee-pain.md'), 'utf8');
  for (let index = 1; index <= count; index += 1) {
    writeFileSync(
      path.join(dir, 'articles', `knee-${index}.md`),
      knee.replace(/^title: .*$/m, `title: Knee pain ${index}`),
    );
  }
  return dir;
}

/** The lines of stderr that say the disk is full. */
const fullLines = (stderr: string): string[] => stderr.split('\n').filter((line) => /disk is full/.test(line));

/** Files left half-written (temporary names) or a lock left behind, anywhere under `dir`. */
const leftovers = (dir: string): string[] =>
  listFiles(dir).filter((file) => file.endsWith('.tmp') || path.basename(file) === LOCK_FILE);

describe.skipIf(!mounting.ok)(`a full disk${mounting.ok ? '' : ` (skipped: ${mounting.why})`}`, () => {
  const browser = sharedBrowser();

  it(
    'stops the build at the first write it has no room for, says so once with what it kept, and ' +
      'leaves nothing half-written (exit 1)',
    async () => {
      const dir = projectOf(40);
      const disk = smallDisk('300k');
      const before = listFiles(dir);
      const run = await leaflet(['build', '-f', 'email,web', '--out', path.join(disk, 'out')], dir);

      expect(run.code, run.stderr).toBe(1);
      const said = fullLines(run.stderr);
      expect(said, run.stderr).toHaveLength(1);
      expect(said[0]).toMatch(
        /^error could not write \.\.\/leaflet-disk-\w+\/out\/\S+: the disk is full, so the build stopped\. \d+ outputs? (was|were) written or kept, each complete; the rest were not built, and nothing half-written was left\. Free some space, then build again\./,
      );
      // No line per file that could not be written, and no article listed as failed for it.
      expect(run.stderr).not.toMatch(/✗|could not write[\s\S]*could not write|articles? failed/);
      expect(run.stderr).toMatch(/email \d+ built \(\d+ not built/);
      expect(leftovers(disk)).toEqual([]);
      // What is there is whole.
      const pages = listFiles(disk).filter((file) => file.endsWith('.html'));
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages)
        expect(readFileSync(path.join(disk, page), 'utf8').trimEnd(), page).toMatch(/<\/html>$/);
      // The report, when there was room for it, says the build stopped; when there was not, no report says otherwise.
      const report = path.join(disk, 'out', 'report.json');
      if (existsSync(report)) expect((JSON.parse(readFileSync(report, 'utf8')) as BuildReport).ok).toBe(false);
      else expect(said[0]).toContain('out/report.json could not be written.');
      expect(listFiles(dir)).toEqual(before);
    },
  );

  it(
    'says once that a disk full before the build started has no room, and leaves no lock behind ' + '(exit 1)',
    async () => {
      const dir = projectOf(0);
      const disk = smallDisk('64k');
      fillDisk(disk);
      const before = listFiles(dir);
      const run = await leaflet(['build', '-f', 'email', '--out', path.join(disk, 'out')], dir);

      expect(run.code, run.stderr).toBe(1);
      expect(fullLines(run.stderr), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(
        /^error could not write \.\.\/leaflet-disk-\w+\/out\/?\S*: the disk is full: free some space, then build again\.$/m,
      );
      expect(listFiles(disk).filter((file) => !file.startsWith('filler'))).toEqual([]);
      expect(listFiles(dir)).toEqual(before);
    },
  );

  it(
    'stops the standard packs at the first that has no room, keeping the last complete PDF, and ' +
      'says so once (exit 1)',
    async () => {
      const dir = projectOf(0);
      mkdirSync(path.join(dir, 'packs'));
      for (const name of ['a-knee', 'b-knee'])
        writeFileSync(path.join(dir, 'packs', `${name}.yaml`), `title: Knee ${name}\narticles: [knee-pain]\n`);
      const disk = smallDisk('8m');
      const out = path.join(disk, 'out');
      const first = await leaflet(['build', '-f', 'leaflet', '--out', out], dir, { browser });
      expect(first.code, first.stderr).toBe(0);
      expect(pdfInfo(path.join(out, 'packs', 'a-knee.pdf')).Title).toBe('Knee a-knee');

      // New titles, so both packs print again; room for the lock, none for a pack.
      for (const name of ['a-knee', 'b-knee'])
        writeFileSync(path.join(dir, 'packs', `${name}.yaml`), `title: Knee pain ${name}\narticles: [knee-pain]\n`);
      fillDisk(disk, 8 * 1024);
      const before = listFiles(dir);
      const run = await leaflet(['build', '-f', 'leaflet', '--out', out], dir, { browser });

      expect(run.code, run.stderr).toBe(1);
      const said = fullLines(run.stderr);
      expect(said, run.stderr).toHaveLength(1);
      expect(said[0]).toMatch(
        /^error could not write \.\.\/leaflet-disk-\w+\/out\/packs\/a-knee\.pdf: the disk is full, so the build stopped\. 2 outputs were written or kept, each complete;/,
      );
      expect(run.stderr).toContain('packs 0 built (2 not built)');
      expect(run.stderr).not.toContain('b-knee');
      // The last build's PDF is still there, whole.
      expect(pdfInfo(path.join(out, 'packs', 'a-knee.pdf')).Title).toBe('Knee a-knee');
      expect(leftovers(disk)).toEqual([]);
      expect(listFiles(dir)).toEqual(before);
    },
  );

  it('makes `leaflet pack -o` onto a full disk write no PDF, and say so once (exit 1)', async () => {
    const dir = projectOf(0);
    const disk = smallDisk('64k');
    fillDisk(disk);
    const before = listFiles(dir);
    const output = path.join(disk, 'pack.pdf');
    const run = await leaflet(['pack', 'articles/knee-pain.md', '-o', output, '--date', '2026-11-25'], dir, {
      browser,
    });

    expect(run.code, run.stderr).toBe(1);
    expect(fullLines(run.stderr), run.stderr).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^error could not write \.\.\/leaflet-disk-\w+\/pack\.pdf: the disk is full: free some space, then make the pack again\.$/m,
    );
    expect(readdirSync(disk).filter((file) => !file.startsWith('filler'))).toEqual([]);
    expect(listFiles(dir)).toEqual(before);
  });
});

describe('a report that cannot be written', () => {
  it('fails the build with one line naming it, not a crash, and leaves nothing half-written (exit 1)', async () => {
    const dir = projectOf(0);
    // A folder with something in it where out/report.json goes: it can be neither replaced nor deleted.
    mkdirSync(path.join(dir, 'out', 'report.json'), { recursive: true });
    writeFileSync(path.join(dir, 'out', 'report.json', 'keep'), 'x');
    const before = listFiles(dir).filter((file) => !file.startsWith('out/'));
    const run = await leaflet(['build', '-f', 'email'], dir);

    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /^error could not write out\/report\.json: a folder stands where the file should be: move that folder away\.$/m,
    );
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(path.join(dir, 'out', 'email', 'knee-pain.html'))).toBe(true);
    expect(leftovers(path.join(dir, 'out'))).toEqual([]);
    expect(listFiles(dir).filter((file) => !file.startsWith('out/'))).toEqual(before);
  });
});
