// The local files an article points to (its images, other articles) must be inside the project: the web step
// publishes images for anyone to read, so an address like ../../etc/passwd, /etc/hostname or a symlink out of the
// project must never reach the site. Images must also be of a size a leaflet can carry, and an SVG must not hold a
// script or load anything from elsewhere.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Images larger than this are refused: they would make leaflets and emails slow to open, and clip in Gmail. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** A problem with one local file, in words for the writer; undefined when there is none. */
export type FileProblem = string | undefined;

/** Whether `file` (after following symlinks) is inside `root`. */
export function isInside(root: string, file: string): boolean {
  const real = (candidate: string): string => {
    try {
      return realpathSync(candidate);
    } catch {
      return path.resolve(candidate);
    }
  };
  const relative = path.relative(real(root), real(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** What is wrong with a linked article file `written` as `target`, if anything. */
export function articleLinkProblem(target: string, written: string, root: string): FileProblem {
  if (!existsSync(target))
    return (
      `links to "${written}", which does not exist. Check the file name (links are relative to ` +
      `the article's own folder).`
    );
  if (!isInside(root, target))
    return `links to "${written}", which is outside the project folder. Link only to articles inside the project.`;
  return undefined;
}

/** What is wrong with an image file `written` as `written` in the article, if anything. */
export function imageProblem(target: string, written: string, root: string): FileProblem {
  if (!existsSync(target)) return `image "${written}" not found. Image paths are relative to the article's own folder.`;
  if (!isInside(root, target)) {
    return (
      `image "${written}" is outside the project folder, and the web site would publish it for ` +
      `anyone to read. Copy the picture into the project, beside the article.`
    );
  }
  const stats = statSync(target);
  if (!stats.isFile()) return `image "${written}" is not a file.`;
  if (stats.size > MAX_IMAGE_BYTES) {
    return (
      `image "${written}" is ${(stats.size / 1024 / 1024).toFixed(1)} MB; images over ` +
      `${MAX_IMAGE_BYTES / 1024 / 1024} MB make leaflets and emails slow to open. Save it smaller (at most ` +
      `about 2,000 pixels wide).`
    );
  }
  if (path.extname(target).toLowerCase() === '.svg') return svgProblem(readFileSync(target, 'utf8'), written);
  return undefined;
}

/** An SVG may draw, and nothing more: no scripts, no event handlers, nothing loaded from elsewhere. */
function svgProblem(svg: string, written: string): FileProblem {
  const refused = [
    [/<script\b/i, 'a script'],
    [/\son[a-z]+\s*=/i, 'an event handler (on...=)'],
    [/<foreignObject\b/i, 'HTML inside the drawing (foreignObject)'],
    [/javascript\s*:/i, 'a javascript: address'],
    [/(?:href|src)\s*=\s*["']?\s*(?:https?:|\/\/|file:)/i, 'a link to a file elsewhere'],
    [/@import\b|url\(\s*["']?\s*(?:https?:|\/\/)/i, 'a style loaded from elsewhere'],
  ] as const;
  const found = refused.find(([pattern]) => pattern.test(svg));
  if (!found) return undefined;
  return (
    `image "${written}" holds ${found[1]}, which leaflet does not publish. Export the picture ` +
    `again as a plain SVG (or a PNG), without scripts or links.`
  );
}

/** `decodeURI`, or the address as written when it is not valid percent-encoding. */
export function decodeAddress(address: string): string {
  try {
    return decodeURI(address);
  } catch {
    return address;
  }
}
