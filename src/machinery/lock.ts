// One build at a time in an output folder: a second build (another terminal, an editor's task, a watch) waits for the
// first to finish, saying so, rather than both writing the same files and the incremental cache at once. A lock left
// by a build that died is taken over.
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { InterruptedError } from '../errors.js';
import { writeError } from './writer.js';

/** The lock file, inside the output folder. */
export const LOCK_FILE = '.leaflet-lock';

/** How often a waiting build looks again. */
const POLL_MS = 200;

/** A held lock; `release` gives it up. */
export interface OutputLock {
  release(): Promise<void>;
}

/**
 * Take the lock of `outDir`, waiting while another running build holds it (`onWait` is told once, with its process
 * id). Gives up with InterruptedError when `signal` aborts while waiting.
 */
export async function lockOutputFolder(
  outDir: string,
  options: { onWait?: (pid: number) => void; signal?: AbortSignal | undefined } = {},
): Promise<OutputLock> {
  const file = path.join(outDir, LOCK_FILE);
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        // Made but not written (a full disk): an empty lock must not be left behind.
        await rm(file, { force: true }).catch(() => undefined);
        throw writeError(file, error);
      }
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (!isRunning(holder)) {
      // The build that held it is gone (it crashed, or the computer restarted): the lock is stale.
      await rm(file, { force: true });
      continue;
    }
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    if (options.signal?.aborted)
      throw new InterruptedError('the build was stopped while it waited for another build in this folder');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Whether a process with this id is running (on this computer). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
