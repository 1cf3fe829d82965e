// Watching a project while staff write: any saved change to an article, image, template or the config starts a
// rebuild (one at a time; changes made during a rebuild start another straight after). The incremental cache keeps
// each rebuild to what changed.
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { messageOf } from '../errors.js';

export interface WatchTarget {
  /** The project folder: everything in it is watched, except the output, dependencies and hidden files. */
  root: string;
  /** Folders to leave alone (the output folder above all, or every build would start another). */
  ignore: string[];
  /** More files or folders to watch outside `root` (a config or templates folder named from elsewhere). */
  extra?: string[];
}

export interface Watcher {
  /** Resolves once the initial scan is done and changes are being seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** How long to wait after a change for more (an editor saving several files, or writing one in steps). */
const SETTLE_MS = 150;

/** Call `rebuild` with the changed files after each burst of changes; never two rebuilds at once. */
export function watchProject(
  target: WatchTarget,
  rebuild: (changed: string[]) => Promise<void>,
  onError: (message: string) => void,
): Watcher {
  const ignored = target.ignore.map((dir) => path.resolve(dir));
  const isIgnored = (file: string): boolean => {
    const resolved = path.resolve(file);
    if (ignored.some((dir) => resolved === dir || resolved.startsWith(dir + path.sep))) return true;
    const relative = path.relative(target.root, resolved);
    if (relative.startsWith('..')) return false;
    // Dependencies, hidden files and folders (.git, editor swap files), and editors' backup files.
    return (
      relative.split(path.sep).some((part) => part === 'node_modules' || (part.startsWith('.') && part.length > 1)) ||
      resolved.endsWith('~')
    );
  };

  const watcher: FSWatcher = watch([target.root, ...(target.extra ?? [])], { ignoreInitial: true, ignored: isIgnored });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const run = async (): Promise<void> => {
    if (running || pending.size === 0) return;
    const changed = [...pending].sort();
    pending = new Set();
    running = rebuild(changed).catch((error: unknown) => onError(messageOf(error)));
    await running;
    running = undefined;
    void run(); // changes that arrived during the rebuild
  };

  watcher.on('all', (_event, file) => {
    pending.add(path.relative(target.root, file) || file);
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  });
  watcher.on('error', (error) => onError(`watching files failed: ${messageOf(error)}`));

  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
