// The site's search: Pagefind reads the written pages and makes a static index of them in web/pagefind/, one per
// language (from each page's <html lang>), which the search boxes of the index and article pages load in the reader's
// browser. Only the article pages are indexed (their <article> carries data-pagefind-body), filtered by type and tag
// (data-pagefind-filter). Pagefind's program comes inside its npm package (@pagefind/<platform>): indexing works
// offline.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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

/** One file of the index: where it goes, and its bytes, read when asked (a site of 10,000 pages has 10,000). */
export interface IndexFile {
  file: string;
  read(): Promise<Uint8Array>;
}

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
 * Index the HTML pages in `webDir`, and hand `use` the files of the index (not in the site yet), each with its place in
 * `<webDir>/pagefind/`. Pagefind writes them to a temporary folder, deleted once `use` is done: taken from Pagefind in
 * memory instead, the index of 10,000 pages (19 MB) came over its pipe as base64 JSON and raised the build's memory
 * by 157 MB. Throws when Pagefind cannot run or reports an error (say `searchIndexProblem()` then).
 */
export async function indexSite<T>(webDir: string, use: (files: IndexFile[]) => Promise<T>): Promise<T> {
  const pagefind = await import('pagefind');
  const made = await mkdtemp(path.join(os.tmpdir(), 'leaflet-search-'));
  try {
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
      // A service that failed is stopped, so that the next index starts a new one.
      await pagefind.close();
      throw error;
    }
    const names = (await readdir(made, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(made, path.join(entry.parentPath, entry.name)))
      .filter((name) => !UNUSED_BUNDLES.has(name.split(path.sep).join('/')));
    const files = names
      .map((name) => ({
        file: path.join(webDir, SEARCH_FOLDER, name),
        read: (): Promise<Uint8Array> => readFile(path.join(made, name)),
      }))
      .sort((x, y) => x.file.localeCompare(y.file));
    return await use(files);
  } finally {
    await rm(made, { recursive: true, force: true });
  }
}

/** Whether `file` is a file of the site's search index. */
export function isIndexFile(webDir: string, file: string): boolean {
  const relative = path.relative(path.join(webDir, SEARCH_FOLDER), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
