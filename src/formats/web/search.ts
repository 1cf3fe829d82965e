// The site's search: Pagefind reads the written pages and makes a static index of them in web/pagefind/, one per
// language (from each page's <html lang>), which the search boxes of the index and article pages load in the reader's
// browser. Only the article pages are indexed (their <article> carries data-pagefind-body), filtered by type and tag
// (data-pagefind-filter). Pagefind's program comes inside its npm package (@pagefind/<platform>): indexing works
// offline.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeError } from '../../machinery/writer.js';

/** The folder of the index in the site. */
export const SEARCH_FOLDER = 'pagefind';

/**
 * The bundles of Pagefind's other user interfaces, which no page loads: left out of the site. (The pages use its
 * Component UI, pagefind-component-ui.js, which is the one its authors recommend and the most accessible.)
 */
const UNUSED_BUNDLES = new Set([
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-highlight.js',
]);

/**
 * What a build says when the site could not be indexed, in leaflet's words (Pagefind's own would not help a clinic):
 * the site is written, and its search box finds nothing.
 */
export function searchIndexProblem(): string {
  return (
    "the site's search index could not be made, so its search box will find nothing: check that the " +
    `"pagefind" package installed its program for this computer (npm ls @pagefind/${pagefindPlatform()}), ` +
    'then build again.'
  );
}

/** The name of Pagefind's package of its program for this computer. */
function pagefindPlatform(): string {
  return `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
}

/**
 * Index the HTML pages in `webDir` and put the files of the index in place, in `<webDir>/pagefind/`; returns them,
 * sorted. Pagefind writes them itself, into a folder of its own inside the site: no file of the index passes through
 * this process (as Pagefind's answer in memory, the 19 MB index of 10,000 pages took 150 MB of it). Each file is then
 * renamed over its place, so that a reader finds the last index's file or this one's, never half of one. Throws when
 * Pagefind cannot run or reports an error (say `searchIndexProblem()` then).
 */
export async function indexSite(webDir: string): Promise<string[]> {
  const pagefind = await import('pagefind');
  removeLeftFolders(webDir);
  const made = path.join(webDir, `${MADE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  // Pagefind runs its program as one service for the whole process, which does not keep the process alive: builds
  // side by side in one process (the tests, a preview) each make an index of their own in it, and delete it after.
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index || errors.length > 0) throw new Error(errors.join('; ') || 'no index');
    const added = await index.addDirectory({ path: webDir });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: made });
    if (written.errors.length > 0) throw new Error(written.errors.join('; '));
    await index.deleteIndex();
  } catch (error) {
    rmSync(made, { recursive: true, force: true });
    // A service that failed is stopped, so that the next index starts a new one.
    await pagefind.close();
    throw error;
  }
  try {
    return moveIndex(made, path.join(webDir, SEARCH_FOLDER));
  } finally {
    rmSync(made, { recursive: true, force: true });
  }
}

/** The start of the name of the folder Pagefind writes an index into, inside the site. */
const MADE_PREFIX = '.pagefind-';

/** Index folders left by a build that was stopped while Pagefind wrote (by their name: leaflet's alone). */
function removeLeftFolders(webDir: string): void {
  let names: string[];
  try {
    names = readdirSync(webDir);
  } catch {
    return;
  }
  for (const name of names)
    if (/^\.pagefind-\d+-[0-9a-f]{8}$/.test(name)) rmSync(path.join(webDir, name), { recursive: true, force: true });
}

/** Rename the files of the index made in `made` to their places in `folder` (but the unused bundles); returns them. */
function moveIndex(made: string, folder: string): string[] {
  const moved: string[] = [];
  const folders = new Set<string>();
  const files = readdirSync(made, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const entry of files) {
    const from = path.join(entry.parentPath, entry.name);
    const relative = path.relative(made, from);
    if (UNUSED_BUNDLES.has(relative)) continue;
    const to = path.join(folder, relative);
    try {
      const dir = path.dirname(to);
      if (!folders.has(dir)) {
        mkdirSync(dir, { recursive: true });
        folders.add(dir);
      }
      renameSync(from, to);
    } catch (error) {
      throw writeError(to, error);
    }
    moved.push(to);
  }
  return moved.sort((a, b) => a.localeCompare(b));
}

/** Whether `file` is a file of the site's search index. */
export function isIndexFile(webDir: string, file: string): boolean {
  const relative = path.relative(path.join(webDir, SEARCH_FOLDER), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
