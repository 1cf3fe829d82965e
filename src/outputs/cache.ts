// The incremental cache: what each PDF in out/ was printed from, so that a rebuild prints only the leaflets whose
// HTML, page set-up or metadata changed (and launches no browser when none did). Emails and web pages are cheap to
// write and are always rewritten.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LeafletDocument } from '../render/leaflet.js';
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from './writer.js';

/** The cache file, inside the output folder. */
export const CACHE_FILE = '.leaflet-cache.json';

interface Entry {
  /** Hash of what the PDF was printed from. */
  key: string;
  /** Size and modification time of the PDF as written: a file changed or replaced since is printed again. */
  size: number;
  mtimeMs: number;
  /** Requests blocked while it printed, reported again when the cached PDF is kept. */
  blocked: string[];
}

interface CacheFile {
  version: string;
  entries: Record<string, Entry>;
}

export class PrintCache {
  readonly #file: string;
  readonly #outDir: string;
  readonly #entries: Map<string, Entry>;

  private constructor(outDir: string, entries: Map<string, Entry>) {
    this.#outDir = outDir;
    this.#file = path.join(outDir, CACHE_FILE);
    this.#entries = entries;
  }

  /** Read the cache of `outDir`; with `ignore` (`--force`), or when it is missing, unreadable or from another version, start empty. */
  static async open(outDir: string, { ignore = false }: { ignore?: boolean } = {}): Promise<PrintCache> {
    let entries = new Map<string, Entry>();
    if (!ignore) {
      try {
        const parsed = JSON.parse(await readFile(path.join(outDir, CACHE_FILE), 'utf8')) as CacheFile;
        if (parsed.version === TOOL_VERSION && parsed.entries && typeof parsed.entries === 'object') entries = new Map(Object.entries(parsed.entries));
      } catch {
        // No cache yet, or a damaged one: everything is printed.
      }
    }
    return new PrintCache(outDir, entries);
  }

  /** What a leaflet is printed from, as one hash (the print dates in the metadata are set later, so they do not count). */
  static key(doc: LeafletDocument): string {
    const { html, footerHtml, size, margin, metadata, variant } = doc;
    return createHash('sha256').update(JSON.stringify({ TOOL_VERSION, html, footerHtml, size, margin, metadata, variant })).digest('hex');
  }

  /** The requests blocked last time, when `file` is still the PDF printed from `key`; otherwise undefined. */
  async fresh(file: string, key: string): Promise<{ blocked: string[] } | undefined> {
    const entry = this.#entries.get(this.#name(file));
    if (entry?.key !== key) return undefined;
    const stats = await stat(file).catch(() => undefined);
    if (!stats || stats.size !== entry.size || stats.mtimeMs !== entry.mtimeMs) return undefined;
    return { blocked: entry.blocked };
  }

  /** Remember that `file` was just written from `key`. */
  async record(file: string, key: string, blocked: string[]): Promise<void> {
    const stats = await stat(file);
    this.#entries.set(this.#name(file), { key, size: stats.size, mtimeMs: stats.mtimeMs, blocked });
  }

  /** Write the cache back; entries for leaflets outside this build are kept. */
  async save(): Promise<void> {
    const data: CacheFile = { version: TOOL_VERSION, entries: Object.fromEntries([...this.#entries].sort(([a], [b]) => a.localeCompare(b))) };
    await writeFileAtomic(this.#file, `${JSON.stringify(data, null, 1)}\n`);
  }

  #name(file: string): string {
    return path.relative(this.#outDir, file).split(path.sep).join('/');
  }
}
