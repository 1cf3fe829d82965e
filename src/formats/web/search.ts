// The site's search: Pagefind reads the written pages and makes a static index of them in web/pagefind/, one per
// language (from each page's <html lang>), which the search boxes of the index and article pages load in the reader's
// browser. Only the article pages are indexed (their <article> carries data-pagefind-body), filtered by type and tag
// (data-pagefind-filter). Pagefind's program comes inside its npm package (@pagefind/<platform>): indexing works
// offline.
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

/** One file of the index: where it goes, and its bytes. */
export interface IndexFile {
  file: string;
  content: Uint8Array;
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
 * Index the HTML pages in `webDir`: the files of the index (not written yet), each at its place in
 * `<webDir>/pagefind/`. Throws when Pagefind cannot run or reports an error (say `searchIndexProblem()` then).
 */
export async function indexSite(webDir: string): Promise<IndexFile[]> {
  const pagefind = await import('pagefind');
  // Pagefind runs its program as one service for the whole process, which does not keep the process alive: builds
  // side by side in one process (the tests, a preview) each make an index of their own in it, and delete it after.
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index || errors.length > 0) throw new Error(errors.join('; ') || 'no index');
    const added = await index.addDirectory({ path: webDir });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const made = await index.getFiles();
    if (made.errors.length > 0) throw new Error(made.errors.join('; '));
    await index.deleteIndex();
    return made.files
      .filter((file) => !UNUSED_BUNDLES.has(file.path))
      .map((file) => ({ file: path.join(webDir, SEARCH_FOLDER, ...file.path.split('/')), content: file.content }))
      .sort((a, b) => a.file.localeCompare(b.file));
  } catch (error) {
    // A service that failed is stopped, so that the next index starts a new one.
    await pagefind.close();
    throw error;
  }
}

/** Whether `file` is a file of the site's search index. */
export function isIndexFile(webDir: string, file: string): boolean {
  const relative = path.relative(path.join(webDir, SEARCH_FOLDER), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
