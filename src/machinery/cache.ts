// The incremental cache: what each PDF in out/ was printed from, so that a rebuild prints only the leaflets that
// changed, and launches no browser when none did; and the quality-check findings of each article, so that an unchanged
// article is not checked again; and what each email and the web site were written from, so that they are not
// rendered again when nothing they are made from changed.
//
// Two checks, cheapest first:
//   1. inputs: the article, config, templates and page set-up hash the same as last time, and every local file the
//      leaflet read (article, images, logo) has the same content: the leaflet is not even rendered;
//   2. output: otherwise the leaflet's HTML is rendered, and if it hashes the same as what the PDF was printed from
//      (a file was touched, or a change that does not show), the PDF is kept and only the record is updated.
//
// A file is known again by its content, not its modification time: CI caches, zip and tar round or reset the times,
// and a rebuild after them must still print nothing. The size and time are kept only to skip hashing a file that was
// not touched; paths are kept relative to the project, so a cache restored into another checkout still answers.
//
// The cache comes back from CI caches and artifacts, so it is untrusted input: it is checked against a schema when it
// is read, and every path it names must lie where such a path belongs (outputs inside the output folder, inputs inside
// the project, symlinks followed) before anything is read, kept or deleted by it. A cache that fails is not used.
import { createHash } from 'node:crypto';
import { realpathSync, type Stats, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Article, cacheableArticle } from '../articles/article.js';
import type { ArticleCheck } from '../check/check-article.js';
import type { Finding, ReadabilityStats } from '../check/findings.js';
import { RULES, type RuleId } from '../config/rules.js';
import { issueInWords } from '../config/schema.js';
import { TOOL_VERSION } from '../version.js';
import { writeJsonAtomic } from './writer.js';

/** The cache file's name, in the output folder unless `--cache-dir` says where. */
export const CACHE_FILE = '.leaflet-cache.json';

/** Bumped whenever the layout of the cache file changes: a cache of another layout is not read. */
const CACHE_LAYOUT = 2;

/** A file as it was: "size:mtimeMs:sha256" of its content ("missing" for an input that was gone). */
const stampSchema = z.string().regex(/^(?:\d+:[\d.e+-]+:[0-9a-f]{64}|missing)$/);
type Stamp = z.infer<typeof stampSchema>;

/** A path as the cache keeps it: relative, of a sane length, with no NUL. */
const pathSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\0]*$/);

/** Text the build may print again (a finding's message): no control characters that could drive a terminal. */
const printable = z
  .string()
  .max(100_000)
  .regex(/^[^\0-\x08\x0b-\x1f\x7f-\x9f]*$/);

const entrySchema = z.object({
  /** Hash of the HTML, footer, page set-up and metadata the PDF was printed from. */
  key: z.string(),
  /** Hash of what that HTML was rendered from (see `PrintCache.inputKey`). */
  inputKey: z.string(),
  /** Local files read to render it, by path relative to the project. */
  inputs: z.record(pathSchema, stampSchema),
  /** The PDF as written: a file changed or replaced since is printed again. */
  pdf: stampSchema,
  /** Requests blocked while it printed, reported again when the cached PDF is kept. */
  blocked: z.array(printable),
  /** Its pages, reported again when it is kept. */
  pages: z.number().int().positive().optional(),
  /** The article it was printed from, relative to the project. */
  article: pathSchema.optional(),
});
type Entry = z.infer<typeof entrySchema>;

/** What an email, or the whole web site, was last written from, and what was written. */
const outputsEntrySchema = z.object({
  key: z.string(),
  /** Local files read, by path relative to the project. */
  inputs: z.record(pathSchema, stampSchema),
  /** Files written, by path relative to the project: one changed or deleted since is written again. */
  outputs: z.record(pathSchema, stampSchema),
  /** The article they were written from, relative to the project (none for the site as a whole). */
  article: pathSchema.optional(),
});
type OutputsEntry = z.infer<typeof outputsEntrySchema>;

const findingSchema = z.object({
  rule: z.enum(Object.keys(RULES) as [RuleId, ...RuleId[]]),
  severity: z.enum(['error', 'warning']),
  message: printable,
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  suggestion: printable.optional(),
});

/** JSON whose every text is printable: the readability figures, whose fields the checks may add to. */
const printableJson: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.number(), z.boolean(), z.null(), printable, z.array(printableJson), z.record(z.string(), printableJson)]),
);

const checksEntrySchema = z.object({
  key: z.string(),
  findings: z.array(findingSchema),
  /** The article's readability figures, for `leaflet check`'s report (not kept by builds before they were shared). */
  stats: z.record(z.string(), printableJson).optional(),
});

const cacheFileSchema = z.object({
  layout: z.literal(CACHE_LAYOUT),
  version: z.string(),
  entries: z.record(pathSchema, entrySchema),
  /** Emails (by "email/<slug>") and the web site ("web"). */
  outputs: z.record(pathSchema, outputsEntrySchema).optional(),
  /** Quality-check findings per article file, with the hash of what they were found in. */
  checks: z.record(pathSchema, checksEntrySchema).optional(),
});
type CacheFile = z.infer<typeof cacheFileSchema>;

/**
 * A file's stats, or undefined when it cannot be read. Asked synchronously: a stat takes microseconds, where a trip
 * through libuv's thread pool and a promise cost several times that (a rebuild with nothing changed asks for
 * thousands).
 */
function statNow(file: string): Promise<Stats | undefined> {
  try {
    return Promise.resolve(statSync(file, { throwIfNoEntry: false }));
  } catch {
    return Promise.resolve(undefined);
  }
}

/**
 * Stamps of files, each file hashed at most once for a given size and time. A stamp whose size and time match is
 * trusted without reading the file (as git and make do); one whose time alone differs is read and hashed.
 */
class FileStamps {
  readonly #hashes = new Map<string, Promise<string | undefined>>();
  /**
   * The stats of input files (images, the logo), looked at once a build: a thousand articles share one logo, and a
   * profile of a rebuild with nothing changed found stat calls its largest part. The build never writes its inputs.
   */
  readonly #inputs = new Map<string, Promise<Stats | undefined>>();

  #stat(file: string, input: boolean): Promise<Stats | undefined> {
    if (!input) return statNow(file);
    let stats = this.#inputs.get(file);
    if (!stats) {
      stats = statNow(file);
      this.#inputs.set(file, stats);
    }
    return stats;
  }

  /** The stamp of `file` now, or undefined when it is gone; `input` for a file the build reads and never writes. */
  async of(file: string, input = false): Promise<Stamp | undefined> {
    const stats = await this.#stat(file, input);
    if (!stats?.isFile()) return undefined;
    const digest = await this.#hash(file, stats.size, stats.mtimeMs);
    return digest === undefined ? undefined : `${stats.size}:${stats.mtimeMs}:${digest}`;
  }

  /** The stamp of `file` now when its content is the one `recorded`; otherwise undefined. */
  async same(file: string, recorded: Stamp, input = false): Promise<Stamp | undefined> {
    const [size, mtimeMs, digest] = recorded.split(':');
    const stats = await this.#stat(file, input);
    if (!stats?.isFile() || String(stats.size) !== size) return undefined;
    if (String(stats.mtimeMs) === mtimeMs) return recorded;
    return (await this.#hash(file, stats.size, stats.mtimeMs)) === digest
      ? `${stats.size}:${stats.mtimeMs}:${digest}`
      : undefined;
  }

  /** Remember the content of `file`, just written, so that its stamp needs no reading back. */
  async wrote(file: string, content: string | Uint8Array): Promise<void> {
    const stats = await statNow(file);
    if (stats)
      this.#hashes.set(
        `${file}\0${stats.size}:${stats.mtimeMs}`,
        Promise.resolve(createHash('sha256').update(content).digest('hex')),
      );
  }

  #hash(file: string, size: number, mtimeMs: number): Promise<string | undefined> {
    const key = `${file}\0${size}:${mtimeMs}`;
    let digest = this.#hashes.get(key);
    if (!digest) {
      digest = readFile(file).then(
        (bytes) => createHash('sha256').update(bytes).digest('hex'),
        () => undefined,
      );
      this.#hashes.set(key, digest);
    }
    return digest;
  }
}

/**
 * A document about to be printed, as the cache knows it: a hash of everything it is printed from (`key`; the format
 * that renders it says what counts), and the local files it read.
 */
export interface PrintSource {
  readonly key: string;
  readonly inputs: readonly string[];
}

/** Where the cache is kept and what its paths are relative to. */
export interface CacheOptions {
  /**
   * Forget every output (`--force`): everything is printed and written again. The quality checks are still taken: a
   * check's key is everything its findings depend on (the article, the check settings, the day, the tool's version),
   * where an output also depends on what no key holds (the browser, the fonts, the file on disk).
   */
  ignore?: boolean;
  /** The cache file (in `--cache-dir`); default CACHE_FILE in the output folder. */
  file?: string;
  /** The project folder: the paths of inputs and outputs are kept relative to it. */
  root: string;
  /** Files the build reads from outside the project (the config's logo may be elsewhere): inputs the cache may name. */
  outsideInputs?: readonly string[];
}

export class PrintCache {
  readonly #file: string;
  readonly #outDir: string;
  readonly #root: string;
  readonly #stamps = new FileStamps();
  readonly #articleKeys = new WeakMap<Article, string>();
  readonly #entries: Map<string, Entry>;
  readonly #checks: Map<string, { key: string; findings: Finding[]; stats?: Record<string, unknown> }>;
  readonly #outputs: Map<string, OutputsEntry>;
  /**
   * Whether the cache holds anything its file does not: a rebuild with nothing changed leaves it as it was read, and
   * writing it again was a tenth of a second of such a rebuild of 1,000 articles (all of it turning the cache to JSON).
   */
  #changed: boolean;

  private constructor(outDir: string, file: string, root: string, parsed: Partial<CacheFile>, changed: boolean) {
    this.#outDir = outDir;
    this.#file = file;
    this.#root = root;
    this.#entries = new Map(Object.entries(parsed.entries ?? {}));
    this.#checks = new Map(Object.entries(parsed.checks ?? {}));
    this.#outputs = new Map(Object.entries(parsed.outputs ?? {}));
    this.#changed = changed;
  }

  /**
   * Read the cache of `outDir`; when it is missing or from another version, start empty; with `ignore` (`--force`),
   * keep only its quality checks. A cache that is damaged, not of the shape leaflet writes, or names a path outside
   * where it may is not used either, and `distrusted` says why (the build warns, then does the work again).
   */
  static async open(outDir: string, options: CacheOptions): Promise<PrintCache> {
    const file = options.file ?? path.join(outDir, CACHE_FILE);
    const { parsed, problem, read } = await readCacheFile(file, { outDir, ...options });
    const cache = options.ignore
      ? new PrintCache(outDir, file, options.root, { checks: parsed.checks }, true)
      : new PrintCache(outDir, file, options.root, parsed, !read);
    cache.distrusted = problem;
    return cache;
  }

  /** Why the cache on disk was not used, when it was there but could not be trusted. */
  distrusted: string | undefined;

  /**
   * What an output is rendered from, besides local files: the parsed article, config, templates, other slugs, variant.
   * Paths inside the project count relative to it, so that the same project in another folder has the same keys.
   */
  /**
   * The hash of an article as the keys of its outputs and checks count it (its formats left out: they choose what
   * is built, not what it looks like), worked out once an article: its email, page, leaflet, checks and the site each
   * asked for it again (a tenth of a no-change rebuild's own work).
   */
  articleKey(article: Article): string {
    let key = this.#articleKeys.get(article);
    if (key === undefined) {
      key = this.inputKey({ article: cacheableArticle(article) });
      this.#articleKeys.set(article, key);
    }
    return key;
  }

  inputKey(parts: object): string {
    const inside = this.#root + path.sep;
    const relative = (_key: string, value: unknown): unknown =>
      typeof value === 'string' && (value === this.#root || value.startsWith(inside))
        ? `<project>/${this.#relative(value)}`
        : value;
    return createHash('sha256')
      .update(JSON.stringify({ TOOL_VERSION, ...parts }, relative))
      .digest('hex');
  }

  /** Check 1: the blocked requests of last time when `file` can be kept without rendering; otherwise undefined. */
  async freshFromInputs(
    file: string,
    inputKey: string,
  ): Promise<{ blocked: string[]; pages: number | undefined } | undefined> {
    const entry = this.#entries.get(this.#name(file));
    if (entry?.inputKey !== inputKey) return undefined;
    const pdf = await this.#stamps.same(file, entry.pdf);
    const inputs = pdf && (await this.#unchanged(entry.inputs, true));
    if (!pdf || !inputs) return undefined;
    if (pdf !== entry.pdf || !sameStamps(inputs, entry.inputs)) {
      this.#entries.set(this.#name(file), { ...entry, pdf, inputs });
      this.#changed = true;
    }
    return { blocked: entry.blocked, pages: entry.pages };
  }

  /** Whether `file` was last rendered from the same article, config and templates (its local files may differ). */
  sameInputKey(file: string, inputKey: string): boolean {
    return this.#entries.get(this.#name(file))?.inputKey === inputKey;
  }

  /**
   * Check 2: the blocked requests of last time when `file` was printed from `doc` as it renders now; otherwise
   * undefined.
   */
  async freshFromOutput(
    file: string,
    doc: PrintSource,
    inputKey: string,
  ): Promise<{ blocked: string[]; pages: number | undefined } | undefined> {
    const entry = this.#entries.get(this.#name(file));
    if (entry?.key !== doc.key) return undefined;
    const pdf = await this.#stamps.same(file, entry.pdf);
    if (!pdf) return undefined;
    // Same output from changed inputs: remember the new inputs, so that next time check 1 answers.
    this.#entries.set(this.#name(file), { ...entry, pdf, inputKey, inputs: await this.#stampAll(doc.inputs, true) });
    return { blocked: entry.blocked, pages: entry.pages };
  }

  /** Remember that `file` was just printed from `doc`, made of the article in `articleFile`. */
  async record(
    file: string,
    doc: PrintSource,
    inputKey: string,
    blocked: string[],
    articleFile: string,
    pages?: number,
  ): Promise<void> {
    const pdf = await this.#stamps.of(file);
    if (!pdf) return;
    const inputs = await this.#stampAll(doc.inputs, true);
    this.#changed = true;
    this.#entries.set(this.#name(file), {
      key: doc.key,
      inputKey,
      inputs,
      pdf,
      blocked,
      article: this.#relative(articleFile),
      ...(pages !== undefined ? { pages } : {}),
    });
  }

  /**
   * The quality checks of `articleFile` (its findings and readability figures) when they were made of what hashes to
   * `key`; otherwise undefined. `leaflet check` and `leaflet build` keep them here for each other.
   */
  checkResult(articleFile: string, key: string): ArticleCheck | undefined {
    const entry = this.#checks.get(this.#name(articleFile));
    return entry?.key === key && entry.stats
      ? { findings: entry.findings, stats: entry.stats as unknown as ReadabilityStats }
      : undefined;
  }

  /** Remember the quality checks of `articleFile`. */
  recordCheck(articleFile: string, key: string, result: ArticleCheck): void {
    this.#changed = true;
    this.#checks.set(this.#name(articleFile), { key, findings: result.findings, stats: { ...result.stats } });
  }

  /**
   * Whether the outputs recorded under `name` can be kept: made from what hashes to `key`, every local file they
   * were made from unchanged, and every file written then still as it was written.
   */
  async outputsFresh(name: string, key: string, inputs: readonly string[]): Promise<boolean> {
    const entry = this.#outputs.get(name);
    if (!entry || entry.key !== key) return false;
    const wanted = new Set(inputs.map((file) => this.#relative(file)));
    const recorded = Object.keys(entry.inputs);
    if (recorded.length !== wanted.size || recorded.some((file) => !wanted.has(file))) return false;
    const [now, written] = await Promise.all([this.#unchanged(entry.inputs, true), this.#unchanged(entry.outputs)]);
    if (!now || !written) return false;
    if (!sameStamps(now, entry.inputs) || !sameStamps(written, entry.outputs)) {
      this.#outputs.set(name, { ...entry, inputs: now, outputs: written });
      this.#changed = true;
    }
    return true;
  }

  /** The files recorded as written under `name`. */
  recordedOutputs(name: string): string[] {
    return Object.keys(this.#outputs.get(name)?.outputs ?? {}).map((file) => path.resolve(this.#root, file));
  }

  /**
   * Remember what the outputs under `name` were made from (the article in `articleFile`, if one) and which files were
   * written.
   */
  async recordOutputs(
    name: string,
    key: string,
    inputs: readonly string[],
    outputs: readonly string[],
    articleFile?: string,
  ): Promise<void> {
    const [inputStamps, outputStamps] = await Promise.all([this.#stampAll(inputs, true), this.#stampAll(outputs)]);
    this.#changed = true;
    this.#outputs.set(name, {
      key,
      inputs: inputStamps,
      outputs: outputStamps,
      ...(articleFile ? { article: this.#relative(articleFile) } : {}),
    });
  }

  /**
   * Forget the outputs of `format` made from articles not in `keep` (absolute paths of article files), and return
   * their files, for the build to delete: after a full build, out/ holds nothing of an article that is gone.
   */
  prune(format: string, keep: ReadonlySet<string>): string[] {
    const stale = (article: string | undefined): boolean =>
      article !== undefined && !keep.has(path.resolve(this.#root, article));
    const files: string[] = [];
    // Checked on load, and again now that they are about to be deleted: only files in the output folder ever are.
    const inside = placeChecker(this.#outDir, [this.#outDir]);
    for (const [name, entry] of this.#entries) {
      if (name.startsWith(`${format}/`) && stale(entry.article)) {
        files.push(path.join(this.#outDir, name));
        this.#entries.delete(name);
        this.#changed = true;
      }
    }
    for (const [name, entry] of this.#outputs) {
      if (name.startsWith(`${format}/`) && stale(entry.article)) {
        files.push(...Object.keys(entry.outputs).map((file) => path.resolve(this.#root, file)));
        this.#outputs.delete(name);
        this.#changed = true;
      }
    }
    return files.filter(inside);
  }

  /** Note what was just written to `file`: its stamp is then made without reading it back. */
  wrote(file: string, content: string | Uint8Array): Promise<void> {
    return this.#stamps.wrote(file, content);
  }

  /** Forget the outputs under `name` (they failed, or were only partly written). */
  forgetOutputs(name: string): void {
    if (this.#outputs.delete(name)) this.#changed = true;
  }

  /**
   * Write the cache back, when it holds anything its file does not; entries for leaflets and articles outside this
   * build are kept.
   */
  async save(): Promise<void> {
    if (!this.#changed) return;
    const sorted = <T>(map: Map<string, T>): Record<string, T> =>
      Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
    const data: CacheFile = {
      layout: CACHE_LAYOUT,
      version: TOOL_VERSION,
      entries: sorted(this.#entries),
      checks: sorted(this.#checks),
      outputs: sorted(this.#outputs),
    };
    await writeJsonAtomic(this.#file, data, 1);
    this.#changed = false;
  }

  /** The stamps of `files` now, by path relative to the project ("missing" for a file that is gone). */
  async #stampAll(files: readonly string[], input = false): Promise<Record<string, Stamp>> {
    const stamps = await Promise.all(files.map((file) => this.#stamps.of(file, input)));
    return Object.fromEntries(files.map((file, index) => [this.#relative(file), stamps[index] ?? 'missing']));
  }

  /** The stamps of the files `recorded` now when every one has the content recorded; otherwise undefined. */
  async #unchanged(recorded: Record<string, Stamp>, input = false): Promise<Record<string, Stamp> | undefined> {
    const files = Object.keys(recorded);
    const now = await Promise.all(
      files.map((file) => this.#stamps.same(path.resolve(this.#root, file), recorded[file] ?? '', input)),
    );
    return now.every((stamp) => stamp !== undefined)
      ? Object.fromEntries(files.map((file, index) => [file, now[index] as Stamp]))
      : undefined;
  }

  #relative(file: string): string {
    return path.relative(this.#root, file).split(path.sep).join('/');
  }

  #name(file: string): string {
    return path.relative(this.#outDir, file).split(path.sep).join('/');
  }
}

/** Whether two sets of stamps are the same, file by file. */
function sameStamps(a: Record<string, Stamp>, b: Record<string, Stamp>): boolean {
  const files = Object.keys(a);
  return files.length === Object.keys(b).length && files.every((file) => a[file] === b[file]);
}

/** What `readCacheFile` is told of where paths may lead. */
interface CachePlaces {
  outDir: string;
  root: string;
  outsideInputs?: readonly string[];
}

/**
 * The cache file's content when it can be trusted (`read`); otherwise nothing, and why (nothing when it is just absent
 * or old).
 */
async function readCacheFile(
  file: string,
  places: CachePlaces,
): Promise<{ parsed: Partial<CacheFile>; problem?: string; read?: true }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { parsed: {} }; // no cache yet: everything is built
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { parsed: {}, problem: 'it is not valid JSON' };
  }
  // A cache of another version or layout is simply not read: an upgrade builds everything once.
  const { layout, version } = (typeof data === 'object' && data !== null ? data : {}) as {
    layout?: unknown;
    version?: unknown;
  };
  if (layout !== undefined && version !== undefined && (layout !== CACHE_LAYOUT || version !== TOOL_VERSION))
    return { parsed: {} };
  const checked = cacheFileSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      parsed: {},
      problem:
        `it is not of the shape leaflet writes ` +
        `(${issue ? `at ${issue.path.map(String).join('.') || 'the top'}: ` + `${issueInWords(issue)}` : 'unknown'})`,
    };
  }
  const problem = misplacedPath(checked.data, places);
  return problem ? { parsed: {}, problem } : { parsed: checked.data, read: true };
}

/** The first path in `cache` that leads outside where it may, in words; undefined when every one is in its place. */
function misplacedPath(cache: CacheFile, { outDir, root, outsideInputs = [] }: CachePlaces): string | undefined {
  // Outputs are kept relative to the project, except a printed PDF's, which is relative to the output folder.
  const output = placeChecker(root, [outDir]);
  const pdf = placeChecker(outDir, [outDir]);
  const allowed = new Set(outsideInputs.map((file) => path.resolve(file)));
  const inputPlace = placeChecker(root, [root, outDir]);
  const input = (file: string): boolean => inputPlace(file) || allowed.has(path.resolve(root, file));
  const outside = (kind: 'output' | 'input', file: string): string =>
    `it names the ${kind} "${file}", which is outside the ${kind === 'output' ? 'output folder' : 'project'}`;
  for (const [name, entry] of Object.entries(cache.entries)) {
    if (!pdf(name)) return outside('output', name);
    const bad = Object.keys(entry.inputs).find((file) => !input(file));
    if (bad !== undefined) return outside('input', bad);
  }
  for (const entry of Object.values(cache.outputs ?? {})) {
    const out = Object.keys(entry.outputs).find((file) => !output(file));
    if (out !== undefined) return outside('output', out);
    const bad = Object.keys(entry.inputs).find((file) => !input(file));
    if (bad !== undefined) return outside('input', bad);
  }
  return undefined;
}

/**
 * A test of whether a path, as the cache writes it relative to `base` (or absolute), lies inside one of `dirs` with
 * symlinks followed: the folder that holds it is resolved (once for all the files in it; it need not exist yet), and
 * the file itself is not, as deleting a link touches only the link. A cache of a thousand articles names thousands of
 * files in a few folders.
 */
function placeChecker(base: string, dirs: readonly string[]): (file: string) => boolean {
  const tops = dirs.map((dir) => realFolder(path.resolve(dir)));
  const folders = new Map<string, boolean>();
  return (file) => {
    const cut = path.sep === '\\' ? Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) : file.lastIndexOf('/');
    const name = file.slice(cut + 1);
    if (name === '' || name === '.' || name === '..') return false;
    const folder = file.slice(0, cut + 1);
    let inside = folders.get(folder);
    if (inside === undefined) {
      const real = realFolder(path.resolve(base, folder));
      inside = tops.some((top) => real === top || isBelow(top, real));
      folders.set(folder, inside);
    }
    return inside;
  };
}

/** Whether `folder` is below `top` (both resolved). */
function isBelow(top: string, folder: string): boolean {
  const relative = path.relative(top, folder);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** `folder` with symlinks resolved; a folder not made yet is resolved as far as its parents exist. */
function realFolder(folder: string): string {
  try {
    return realpathSync.native(folder);
  } catch {
    const parent = path.dirname(folder);
    return parent === folder ? folder : path.join(realFolder(parent), path.basename(folder));
  }
}
