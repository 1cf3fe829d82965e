// Writing output files so that a file in out/ is always either the previous complete one or the
// new complete one: write beside it under a temporary name, then rename over it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { access, constants, copyFile, mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringifyChunked } from '@discoveryjs/json-ext';
import { messageOf, WriteError } from '../errors.js';

/**
 * Write `data` to `file` atomically, creating folders as needed. The writing itself is synchronous: a build writes
 * thousands of files of a few kilobytes between renderings, and each written through `fs/promises` (open, write, close
 * and rename, each a trip to the thread pool) cost the process 0.2 ms of CPU time against 0.03 ms synchronously.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  // 'wx': a temporary name is never a file already there (nor a link someone left in its place). The encoding named
  // keeps Node's native path for text, which it takes only when the options say utf8 (without it, 3% of a build).
  await replaceAtomically(file, (temp) => writeFileSync(temp, data, { flag: 'wx', encoding: 'utf8' }));
}

/**
 * Write `value` as JSON (as `JSON.stringify(value, null, space)` writes it, and a newline) atomically, a piece at a
 * time: the report and the cache of 10,000 articles are 6 and 9 MB, which as one string and its bytes doubled the
 * memory a build needed at its end.
 */
export async function writeJsonAtomic(file: string, value: unknown, space: number): Promise<void> {
  await replaceAtomically(file, (temp) => writeFile(temp, jsonPieces(value, space), { flag: 'wx' }));
}

/** `value` as JSON with a newline after it, in pieces of about 64 KB. */
export function* jsonPieces(value: unknown, space: number): Generator<string> {
  yield* stringifyChunked(value, { space, highWaterMark: 65536 });
  yield '\n';
}

/** Copy `source` to `file` atomically, creating folders as needed. */
export async function copyFileAtomic(source: string, file: string): Promise<void> {
  await replaceAtomically(file, (temp) => copyFile(source, temp, constants.COPYFILE_EXCL));
}

/**
 * The temporary names of this thread's files: a random part drawn once, and a count. (Drawn for every file, the random
 * bytes took 0.2 s of a build of 1,000 emails and pages.)
 */
const TEMP_PREFIX = randomBytes(6).toString('hex');
let tempCount = 0;

async function replaceAtomically(file: string, fill: (temp: string) => void | Promise<void>): Promise<void> {
  tempCount += 1;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${TEMP_PREFIX}${tempCount.toString(36)}.tmp`);
  try {
    // The folder is made only when it is not there yet: asking first for each of thousands of files costs more
    // than the writing.
    try {
      await fill(temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(file), { recursive: true });
      await fill(temp);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Left for the next build's clean-up; the error that matters is the first.
    }
    throw writeError(file, error);
  }
}

/** A file system error as the person at the computer can act on it. */
export function writeError(file: string, error: unknown): WriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason: Record<string, string> = {
    ENOSPC: 'the disk is full: free some space, then build again',
    EDQUOT: 'the disk quota is used up: free some space, then build again',
    EACCES: 'permission denied: choose another folder with --out, or let this user write to it',
    EPERM: 'permission denied: choose another folder with --out, or let this user write to it',
    EROFS: 'the disk is read-only: choose another folder with --out',
    ENOTDIR: 'a file stands where a folder should be: move that file away, or choose another folder with --out',
    EEXIST: 'a file stands where a folder should be: move that file away, or choose another folder with --out',
    EISDIR: 'a folder stands where the file should be: move that folder away',
    ENAMETOOLONG: 'the name is too long for this file system: choose a shorter slug or tag',
  };
  return new WriteError(file, (code && reason[code]) ?? messageOf(error), { cause: error });
}

/** Make sure `dir` can be written to before anything is built into it; throws a WriteError saying why not. */
export async function prepareOutputFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw writeError(dir, error);
  }
}

/**
 * Delete output files that no longer belong (their article is gone), and the folders that leaves empty inside `root`.
 */
export async function removeOutputs(files: readonly string[], root: string): Promise<void> {
  await Promise.all(
    files.map((file) => rm(file, { force: true }).catch((error: unknown) => Promise.reject(writeError(file, error)))),
  );
  const folders = [...new Set(files.map((file) => path.dirname(file)))].sort((a, b) => b.length - a.length);
  for (const folder of folders) {
    for (let dir = folder; dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      // Only an empty folder is removed; the first that is not stops the climb.
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
  }
}
