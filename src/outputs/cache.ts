// The incremental cache: what each PDF in out/ was printed from, so that a rebuild prints only the leaflets that
// changed, and launches no browser when none did; and the quality-check findings of each article, so that an unchanged
// article is not checked again; and what each email and the web site were written from, so that they are not
// rendered again when nothing they are made from changed.
//
// Two checks, cheapest first:
//   1. inputs: the article, config, templates and page set-up hash the same as last time, and every local file the
//      leaflet read (article, images, logo) has the same size and modification time: the leaflet is not even rendered;
//   2. output: otherwise the leaflet's HTML is rendered, and if it hashes the same as what the PDF was printed from
//      (a file was touched, or a change that does not show), the PDF is kept and only the record is updated.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../check/findings.js';
import type { LeafletDocument } from '../render/leaflet.js';
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from './writer.js';

/** The cache file, inside the output folder. */
export const CACHE_FILE = '.leaflet-cache.json';

interface Entry {
  /** Hash of the HTML, footer, page set-up and metadata the PDF was printed from. */
  key: string;
  /** Hash of what that HTML was rendered from (see `PrintCache.inputKey`). */
  inputKey: string;
  /** Local files read to render it, each as "size:mtime". */
  inputs: Record<string, string>;
  /** Size and modification time of the PDF as written: a file changed or replaced since is printed again. */
  size: number;
  mtimeMs: number;
  /** Requests blocked while it printed, reported again when the cached PDF is kept. */
  blocked: string[];
}

/** What an email, or the whole web site, was last written from, and what was written. */
interface OutputsEntry {
  key: string;
  /** Local files read, each as "size:mtime". */
  inputs: Record<string, string>;
  /** Files written, each as "size:mtime": one changed or deleted since is written again. */
  outputs: Record<string, string>;
}

interface CacheFile {
  version: string;
  entries: Record<string, Entry>;
  /** Emails (by "email/<slug>") and the web site ("web"). */
  outputs?: Record<string, OutputsEntry>;
  /** Quality-check findings per article file, with the hash of what they were found in. */
  checks?: Record<string, { key: string; findings: Finding[] }>;
}

/** A hash of any JSON-serialisable value. */
function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** "size:mtime" of a file, or undefined when it is gone. */
async function fileStamp(file: string): Promise<string | undefined> {
  const stats = await stat(file).catch(() => undefined);
  return stats ? `${stats.size}:${stats.mtimeMs}` : undefined;
}

export class PrintCache {
  readonly #file: string;
  readonly #outDir: string;
  readonly #entries: Map<string, Entry>;
  readonly #checks: Map<string, { key: string; findings: Finding[] }>;
  readonly #outputs: Map<string, OutputsEntry>;

  private constructor(
    outDir: string,
    entries: Map<string, Entry>,
    checks: Map<string, { key: string; findings: Finding[] }>,
    outputs: Map<string, OutputsEntry>,
  ) {
    this.#outDir = outDir;
    this.#file = path.join(outDir, CACHE_FILE);
    this.#entries = entries;
    this.#checks = checks;
    this.#outputs = outputs;
  }

  /** Read the cache of `outDir`; with `ignore` (`--force`), or when it is missing, unreadable or from another version, start empty. */
  static async open(outDir: string, { ignore = false }: { ignore?: boolean } = {}): Promise<PrintCache> {
    let entries = new Map<string, Entry>();
    let checks = new Map<string, { key: string; findings: Finding[] }>();
    let outputs = new Map<string, OutputsEntry>();
    if (!ignore) {
      try {
        const parsed = JSON.parse(await readFile(path.join(outDir, CACHE_FILE), 'utf8')) as CacheFile;
        if (parsed.version === TOOL_VERSION && parsed.entries && typeof parsed.entries === 'object') {
          entries = new Map(Object.entries(parsed.entries));
          checks = new Map(Object.entries(parsed.checks ?? {}));
          outputs = new Map(Object.entries(parsed.outputs ?? {}));
        }
      } catch {
        // No cache yet, or a damaged one: everything is printed.
      }
    }
    return new PrintCache(outDir, entries, checks, outputs);
  }

  /** What a leaflet is rendered from, besides local files: the parsed article, config, templates, other slugs, variant. */
  static inputKey(parts: object): string {
    return hash({ TOOL_VERSION, ...parts });
  }

  /** What a leaflet is printed from (the print dates in the metadata are set later, so they do not count). */
  static key(doc: LeafletDocument): string {
    const { html, footerHtml, size, margin, metadata, variant } = doc;
    return hash({ TOOL_VERSION, html, footerHtml, size, margin, metadata, variant });
  }

  /** Check 1: the blocked requests of last time when `file` can be kept without rendering; otherwise undefined. */
  async freshFromInputs(file: string, inputKey: string): Promise<{ blocked: string[] } | undefined> {
    const entry = this.#entries.get(this.#name(file));
    if (entry?.inputKey !== inputKey || !(await this.#pdfIntact(file, entry))) return undefined;
    const stamps = await Promise.all(Object.keys(entry.inputs).map(fileStamp));
    return Object.values(entry.inputs).every((stamp, index) => stamps[index] === stamp) ? { blocked: entry.blocked } : undefined;
  }

  /** Whether `file` was last rendered from the same article, config and templates (its local files may differ). */
  sameInputKey(file: string, inputKey: string): boolean {
    return this.#entries.get(this.#name(file))?.inputKey === inputKey;
  }

  /** Check 2: the blocked requests of last time when `file` was printed from `doc` as it renders now; otherwise undefined. */
  async freshFromOutput(file: string, doc: LeafletDocument, inputKey: string): Promise<{ blocked: string[] } | undefined> {
    const entry = this.#entries.get(this.#name(file));
    if (entry?.key !== PrintCache.key(doc) || !(await this.#pdfIntact(file, entry))) return undefined;
    // Same output from changed inputs: remember the new inputs, so that next time check 1 answers.
    this.#entries.set(this.#name(file), { ...entry, inputKey, inputs: await this.#stamps(doc.inputs) });
    return { blocked: entry.blocked };
  }

  /** Remember that `file` was just printed from `doc`. */
  async record(file: string, doc: LeafletDocument, inputKey: string, blocked: string[]): Promise<void> {
    const stats = await stat(file);
    const inputs = await this.#stamps(doc.inputs);
    this.#entries.set(this.#name(file), { key: PrintCache.key(doc), inputKey, inputs, size: stats.size, mtimeMs: stats.mtimeMs, blocked });
  }

  /** The quality-check findings of `articleFile` when they were found in what hashes to `key`; otherwise undefined. */
  checkFindings(articleFile: string, key: string): Finding[] | undefined {
    const entry = this.#checks.get(this.#name(articleFile));
    return entry?.key === key ? entry.findings : undefined;
  }

  /** Remember the quality-check findings of `articleFile`. */
  recordCheck(articleFile: string, key: string, findings: Finding[]): void {
    this.#checks.set(this.#name(articleFile), { key, findings });
  }

  /**
   * Whether the outputs recorded under `name` can be kept: made from what hashes to `key`, every local file they
   * were made from unchanged, and every file written then still as it was written.
   */
  async outputsFresh(name: string, key: string, inputs: readonly string[]): Promise<boolean> {
    const entry = this.#outputs.get(name);
    if (!entry || entry.key !== key) return false;
    const recorded = Object.keys(entry.inputs);
    if (recorded.length !== inputs.length || inputs.some((file) => !(file in entry.inputs))) return false;
    const files = [...recorded, ...Object.keys(entry.outputs)];
    const expected = [...Object.values(entry.inputs), ...Object.values(entry.outputs)];
    const stamps = await Promise.all(files.map(fileStamp));
    return stamps.every((stamp, index) => stamp === expected[index]);
  }

  /** The files recorded as written under `name`. */
  outputFiles(name: string): string[] {
    return Object.keys(this.#outputs.get(name)?.outputs ?? {});
  }

  /** Remember what the outputs under `name` were made from and which files were written. */
  async recordOutputs(name: string, key: string, inputs: readonly string[], outputs: readonly string[]): Promise<void> {
    this.#outputs.set(name, { key, inputs: await this.#stamps([...inputs]), outputs: await this.#stamps([...outputs]) });
  }

  /** Forget the outputs under `name` (they failed, or were only partly written). */
  forgetOutputs(name: string): void {
    this.#outputs.delete(name);
  }

  /** Write the cache back; entries for leaflets and articles outside this build are kept. */
  async save(): Promise<void> {
    const sorted = <T>(map: Map<string, T>): Record<string, T> => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
    const data: CacheFile = { version: TOOL_VERSION, entries: sorted(this.#entries), checks: sorted(this.#checks), outputs: sorted(this.#outputs) };
    await writeFileAtomic(this.#file, `${JSON.stringify(data, null, 1)}\n`);
  }

  async #pdfIntact(file: string, entry: Entry): Promise<boolean> {
    return (await fileStamp(file)) === `${entry.size}:${entry.mtimeMs}`;
  }

  async #stamps(files: string[]): Promise<Record<string, string>> {
    const stamps = await Promise.all(files.map(fileStamp));
    return Object.fromEntries(files.map((file, index) => [file, stamps[index] ?? 'missing']));
  }

  #name(file: string): string {
    return path.relative(this.#outDir, file).split(path.sep).join('/');
  }
}
