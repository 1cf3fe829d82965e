// Writing output files so that a file in out/ is always either the previous complete one or the
// new complete one: write beside it under a temporary name, then rename over it.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Write `data` to `file` atomically, creating folders as needed. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await replaceAtomically(file, (temp) => writeFile(temp, data));
}

/** Copy `source` to `file` atomically, creating folders as needed. */
export async function copyFileAtomic(source: string, file: string): Promise<void> {
  await replaceAtomically(file, (temp) => copyFile(source, temp));
}

async function replaceAtomically(file: string, fill: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fill(temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
