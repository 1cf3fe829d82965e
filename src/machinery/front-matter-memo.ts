// Front matter already read, by its text: a rebuild reads every article's front matter again to know what changed, and
// the YAML parser (which keeps every node's place, for the lines of messages) took 0.8 of the 3.3 s a rebuild of 1,000
// unchanged articles spent on its own thread. The build keeps, beside its cache, the value each front matter text
// gave and the lines that were asked of it; the next build takes them for the same text, and parses the text again only
// for a line nobody asked before.
//
// The file comes back from out/, which is untrusted: one that does not read as a memo is ignored, and what a memo says
// goes through the front matter's schema like anything parsed. A memo can only say what a cache already could (that
// an article is what it was). A build with --force reads it too (the value of a text depends on nothing else), and
// `leaflet check` of every article writes it as well, for the build after it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FrontMatterMemo, RememberedMatter } from '../articles/read-article.js';
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from './writer.js';

/** The memo's file, beside the build's cache. */
export const FRONT_MATTER_MEMO_FILE = '.leaflet-front-matter.json';

const memoSchema = z.object({
  version: z.literal(TOOL_VERSION),
  entries: z.record(
    z.string().regex(/^[0-9a-f]{64}$/),
    z.object({ data: z.unknown(), lines: z.record(z.string(), z.number().int().positive().nullable()) }),
  ),
});

/** The memo read from a file at the start of a build, and written at its end with the entries this build used. */
export class FrontMatterMemoFile implements FrontMatterMemo {
  readonly #read: Map<string, RememberedMatter>;
  readonly #used = new Map<string, RememberedMatter>();
  #settled: string | undefined;

  private constructor(read: Map<string, RememberedMatter>) {
    this.#read = read;
  }

  /** The memo in `file`; an empty one when there is none, or it is not a memo of this version. */
  static async read(file: string | undefined): Promise<FrontMatterMemoFile> {
    if (file === undefined) return new FrontMatterMemoFile(new Map());
    try {
      const parsed = memoSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      return new FrontMatterMemoFile(new Map(parsed.success ? Object.entries(parsed.data.entries) : []));
    } catch {
      return new FrontMatterMemoFile(new Map());
    }
  }

  recall(matter: string): RememberedMatter | undefined {
    const key = hashOf(matter);
    const found = this.#read.get(key);
    if (found) this.#used.set(key, found);
    return found;
  }

  remember(matter: string, remembered: RememberedMatter): void {
    // Only what JSON gives back as it was: YAML's .inf and .nan would come back as null.
    if (plainJson(remembered.data)) this.#used.set(hashOf(matter), remembered);
  }

  /**
   * Put the entries this build recalled or remembered into the text to save, and let go of the rest: called once the
   * articles are read (their lines asked), so that a build of thousands keeps one string, not their values, to its end.
   */
  settle(): void {
    this.#settled ??= JSON.stringify({ version: TOOL_VERSION, entries: Object.fromEntries(this.#used) });
    this.#read.clear();
    this.#used.clear();
  }

  /** Write the entries this build recalled or remembered (an article gone takes its entry with it). */
  async save(file: string): Promise<void> {
    this.settle();
    await writeFileAtomic(file, `${this.#settled}\n`);
  }
}

function hashOf(matter: string): string {
  return createHash('sha256').update(matter).digest('hex');
}

/** Whether JSON writes `value` and reads back the same: text, finite numbers, booleans, null, lists and mappings. */
function plainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(plainJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(plainJson);
}
