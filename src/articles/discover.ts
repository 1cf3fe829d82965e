// Find the article files to build: the paths, folders and globs given, or the config's default glob.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { convertPathToPattern, glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';

/** Absolute paths of the Markdown files named by `patterns` (files, folders or globs), sorted. */
export async function discoverArticles(cwd: string, patterns: string[]): Promise<string[]> {
  const globs: string[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    // A file or folder that is there is the one named, even with "[", "(", "*" or "{" in its name: its path is escaped
    // for the glob. Anything else may be a glob.
    if (!existsSync(absolute)) {
      if (isDynamicPattern(pattern)) {
        globs.push(pattern);
        continue;
      }
      throw new UsageError(`no such file or folder: ${pattern}. Give the path of an article or a folder of articles.`);
    }
    if (statSync(absolute).isDirectory()) {
      globs.push(`${convertPathToPattern(path.relative(cwd, absolute) || '.')}/**/*.md`);
    } else if (!/\.(md|markdown)$/i.test(absolute)) {
      throw new UsageError(`${pattern} is not a Markdown file: articles end in .md.`);
    } else {
      globs.push(convertPathToPattern(path.relative(cwd, absolute)));
    }
  }
  const files = await glob(globs, {
    cwd,
    absolute: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
    expandDirectories: false,
    // A symlink could lead out of the project, or round in a loop: articles are the project's own files.
    followSymbolicLinks: false,
  });
  return [...new Set(files.map((file) => path.normalize(file)))].sort();
}
