// The work a build does for each article on the CPU alone (its email, its web page, its quality checks), spread over
// worker threads so that a build of many articles uses every core: a pool of threads, each with its own render context,
// started when the first task comes (a rebuild with nothing changed starts none). A build of a few articles, or one run
// from the TypeScript sources (where the compiled worker is not there), does the same work on its own thread.
//
// The pool knows no format: the tasks are named in a table that the formats (and the checks) fill, and that the worker
// file imports too (see formats/thread-tasks.ts).
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Translation } from '../articles/translations.js';
import { WORKERS_FROM_ARTICLES } from '../check/run-checks.js';
import type { ResolvedConfig } from '../config/schema.js';
import { InterruptedError, LeafletError } from '../errors.js';
import { createRenderContext, type RenderContext } from '../render/context.js';
import { type EarlyWorkers, startWorker, workerCount } from './early-workers.js';

/** What a thread is started with: what every task shares. */
export interface ThreadInit {
  config: ResolvedConfig;
  /** Every article of the build by file, with its slug (for links between articles). */
  slugs: [string, string][];
  /** Each article's versions in other languages, by slug. */
  translations: [string, readonly Translation[]][];
  cwd: string;
  strictTemplates: boolean;
  /** The date review dates are checked against. */
  today: string;
  /** Run at the lowest priority: set while leaflets print, so that the browser is not kept waiting. */
  lowPriority: boolean;
}

/** What a task is run with, on whichever thread: the thread's render context, its start values, what is shared. */
export interface ThreadScope {
  readonly ctx: RenderContext;
  readonly init: Pick<ThreadInit, 'config' | 'today'>;
  /** A value shared with every thread (`ArticleWork.share`); throws when it was not shared yet. */
  shared<V>(name: string): V;
  /** A value made once a thread (a checker, say) and kept for its next tasks. */
  once<V>(name: string, make: () => V): V;
}

/** One kind of task, as a format (or the checks) defines it. */
export interface ThreadTask<P = unknown, R = unknown> {
  /** Renderings go first (the site waits for them), then checks. */
  readonly queue: 'render' | 'check';
  /** The article a rendering is of: two renderings of one article go to one thread, one after the other. */
  articleOf?(payload: P): string;
  run(payload: P, scope: ThreadScope): R | Promise<R>;
  /** What a worker sends back instead of `value` (something lighter to copy between threads). */
  toParent?(value: R): R;
  /** What this thread makes of a worker's answer (its own copies of what the worker left out). */
  fromWorker?(value: R, ctx: RenderContext): R;
}

/** A value every thread's tasks read (the web site), and how it travels to the worker threads. */
export interface SharedValue<V = unknown, M = unknown> {
  toWorker(value: V): M;
  fromParent(message: M): V;
}

/** The tasks a pool can run and the values it shares, by name. */
export interface ThreadTable {
  // biome-ignore lint/suspicious/noExplicitAny: each task has payloads and answers of its own types
  readonly tasks: Readonly<Record<string, ThreadTask<any, any>>>;
  // biome-ignore lint/suspicious/noExplicitAny: each shared value has types of its own
  readonly shared: Readonly<Record<string, SharedValue<any, any>>>;
  /** What a thread started early does while it waits for its start values: load what its tasks will surely need. */
  warm?(ahead: WarmAhead): Promise<void>;
}

/** What a thread started early may load while it waits (see early-workers.ts). */
export interface WarmAhead {
  /** The quality checks will run on it: their modules. */
  checks: boolean;
  /** The spelling will be checked in this language (the config's default): its dictionary. */
  spelling?: string;
}

/** One piece of work, as it goes to a worker. */
export interface WorkerTask {
  id: number;
  task: string;
  payload: unknown;
}

/** The start values of a thread started early, its first message. */
export interface WorkerStart {
  init: ThreadInit;
}

/** A shared value, as it goes to every worker. */
export interface WorkerShare {
  share: string;
  message: unknown;
}

/** An error as it crosses between threads. */
export interface WorkerError {
  code?: LeafletError['code'];
  message: string;
  file?: string;
  line?: number;
  stack?: string;
}

/** The answer to one task. */
export type WorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerError };

/** The per-article work of one build. */
export interface ArticleWork {
  /** Run the task named `task` of the pool's table for `payload`, here or on a worker thread. */
  run<R>(task: string, payload: unknown): Promise<R>;
  /** Give every thread a value its tasks read by `name` (the site the next web pages are part of). */
  share(name: string, value: unknown): void;
  /** Whether the work is done by worker threads (rather than on this thread). */
  readonly inWorkers: boolean;
  /** Worker threads started so far. */
  readonly started: number;
  /** Stop the threads; tasks still waiting fail as interrupted. */
  close(): Promise<void>;
}

/**
 * Tasks a thread is given at once, so that it never waits for the next. Its next tasks come only when this thread
 * reads its answers, between renderings of its own of 5-10 ms, while a check takes a worker 2-3 ms: with 4 at a time,
 * a profile of 1,000 emails and pages found the worker idle a third of the time while it ran the checks. With 12 it is
 * not, and four alternating runs each took 0.1-0.7 s less (7.21-7.68 s against 7.31-8.27 s, written to a RAM disk).
 */
const TASKS_PER_WORKER = 12;

export interface ArticleWorkOptions {
  /** The build's render context, for work done on this thread. */
  ctx: RenderContext;
  /** How many articles the build has: few are done on this thread. */
  articles: number;
  /** Most threads to start (`--jobs`); the number of cores by default. */
  threads?: number;
  /** What each thread is started with (its render context is made from it). */
  init: Omit<ThreadInit, 'slugs' | 'translations'>;
  /** The tasks the pool runs. */
  table: ThreadTable;
  /** The compiled worker that serves `table`; where it is missing, the work is done on this thread. */
  workerFile: string;
  /** Threads of `workerFile` already started, taken before new ones are. */
  early?: EarlyWorkers | undefined;
  /**
   * Whether this thread takes checks too when there are workers: yes for `leaflet check` and `leaflet report`, which
   * have nothing else for it to do; no for a build, whose thread renders, writes and drives the browser (and then
   * never loads the dictionaries, 50 MB a thread).
   */
  checksHere?: boolean;
}

/** The per-article work of a build: this thread and, when there are many articles, worker threads beside it. */
export function articleWork(options: ArticleWorkOptions): ArticleWork {
  const file = options.workerFile;
  const workers = workerCount(options.threads);
  const useWorkers = options.articles >= WORKERS_FROM_ARTICLES && workers > 0 && existsSync(file);
  return new ArticlePool(
    options.ctx,
    options.table,
    useWorkers
      ? {
          file,
          size: workers,
          init: { ...options.init, slugs: [...options.ctx.slugsByFile], translations: [...options.ctx.translations] },
          early: options.early?.file === file ? options.early : undefined,
        }
      : undefined,
    options.init.today,
    options.checksHere ?? false,
  );
}

/** The same work on this thread alone. */
export function localWork(ctx: RenderContext, table: ThreadTable, today: string): ArticleWork {
  return new ArticlePool(ctx, table, undefined, today, true);
}

interface Pending {
  task: WorkerTask;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Another rendering of the same article, done right after this one on the same thread (they share its parse). */
  follow?: Pending;
}

interface Thread {
  worker: Worker;
  /** Tasks given to it and not yet answered, by id. */
  busy: Map<number, Pending>;
}

/** The workers of a pool: their file, how many, and what each is started with. */
interface Workers {
  file: string;
  size: number;
  init: ThreadInit;
  early: EarlyWorkers | undefined;
}

/**
 * Tasks in two queues (renderings before checks: the web site waits for the emails, the report for the checks),
 * taken by worker threads as they finish the last and by this thread in between its own work, so that the work spreads
 * over the cores by itself. A rendering asked for while another of the same article still waits goes with it, to the
 * same thread right after it: the Markdown renderer there keeps the article's parse for the second.
 */
class ArticlePool implements ArticleWork {
  readonly #table: ThreadTable;
  readonly #workers: Workers | undefined;
  readonly #scope: LocalScope;
  readonly #threads: Thread[] = [];
  readonly #renders: Pending[] = [];
  readonly #checks: Pending[] = [];
  /** Renderings still in `#renders`, by the article's file (the last asked for of each). */
  readonly #waitingRenders = new Map<string, Pending>();
  /** What was shared, as this thread reads it and as it goes to the workers. */
  readonly #shared = new Map<string, { value: unknown; message: WorkerShare }>();
  #nextId = 1;
  #closed = false;
  #started = 0;
  #localRunning = false;
  readonly #checksHere: boolean;

  constructor(
    ctx: RenderContext,
    table: ThreadTable,
    workers: Workers | undefined,
    today: string,
    checksHere: boolean,
  ) {
    this.#table = table;
    this.#workers = workers;
    this.#checksHere = checksHere;
    this.#scope = new LocalScope(ctx, { config: ctx.config, today }, this.#shared);
  }

  get inWorkers(): boolean {
    return this.#workers !== undefined;
  }

  get started(): number {
    return this.#started;
  }

  run<R>(task: string, payload: unknown): Promise<R> {
    const kind = this.#task(task);
    const queue = kind.queue === 'render' ? this.#renders : this.#checks;
    return this.#submit(queue, { id: this.#nextId++, task, payload }) as Promise<R>;
  }

  share(name: string, value: unknown): void {
    const shared = this.#table.shared[name];
    if (!shared) throw new Error(`no shared value "${name}" in the thread table`);
    const entry = { value, message: { share: name, message: shared.toWorker(value) } };
    this.#shared.set(name, entry);
    for (const thread of this.#threads) thread.worker.postMessage(entry.message);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#waitingRenders.clear();
    for (const waiting of [...this.#renders.splice(0), ...this.#checks.splice(0)]) {
      for (let pending: Pending | undefined = waiting; pending; pending = pending.follow)
        pending.reject(new InterruptedError());
    }
    await Promise.all(this.#threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  #task(name: string): ThreadTask {
    const task = this.#table.tasks[name];
    if (!task) throw new Error(`no task "${name}" in the thread table`);
    return task;
  }

  /** The article a task renders, by its file, when it is a rendering of one. */
  #articleOf(task: WorkerTask): string | undefined {
    return this.#task(task.task).articleOf?.(task.payload);
  }

  #submit(queue: Pending[], task: WorkerTask): Promise<unknown> {
    if (this.#closed) return Promise.reject(new InterruptedError());
    return new Promise((resolve, reject) => {
      const pending: Pending = { task, resolve, reject };
      const article = this.#articleOf(task);
      const waiting = article === undefined ? undefined : this.#waitingRenders.get(article);
      if (waiting && !waiting.follow) {
        waiting.follow = pending;
      } else {
        queue.push(pending);
        if (article !== undefined) this.#waitingRenders.set(article, pending);
      }
      this.#dispatch();
      if (!this.#localRunning) void this.#runLocal();
    });
  }

  /**
   * The next task for a thread. Each kind has its thread: checks go to the workers first and renders to this thread,
   * so that each thread's compiled code stays warm for its kind; a worker whose checks have run out takes renders.
   */
  #next(forWorker: boolean): Pending | undefined {
    if (forWorker) return this.#checks.shift() ?? this.#nextRender();
    // In a build with workers, the checks are theirs: this thread then never loads the dictionaries and the readability
    // models (a copy each thread, 50 MB), and while leaflets print it drives the browser, which checks would keep waiting.
    if (this.#workers && !this.#checksHere) return this.#nextRender();
    return this.#nextRender() ?? this.#checks.shift();
  }

  #nextRender(): Pending | undefined {
    const next = this.#renders.shift();
    const article = next && this.#articleOf(next.task);
    if (article !== undefined && this.#waitingRenders.get(article) === next) this.#waitingRenders.delete(article);
    return next;
  }

  /** Give waiting tasks to threads with room, starting threads while there are fewer than the pool's size. */
  #dispatch(): void {
    for (let thread = this.#roomyThread(); thread; thread = this.#roomyThread()) {
      const next = this.#next(true);
      if (!next) return;
      for (let pending: Pending | undefined = next; pending; pending = pending.follow) {
        thread.busy.set(pending.task.id, pending);
        thread.worker.postMessage(pending.task);
      }
    }
  }

  /** This thread's share: one task at a time, letting the event loop run between them (answers, writes, printing). */
  async #runLocal(): Promise<void> {
    this.#localRunning = true;
    try {
      for (let next = this.#next(false); next && !this.#closed; next = this.#next(false)) {
        await this.#runHere(next);
        if (next.follow) await this.#runHere(next.follow);
        await new Promise((resolve) => setImmediate(resolve));
        this.#dispatch();
      }
    } finally {
      this.#localRunning = false;
    }
  }

  async #runHere({ task, resolve, reject }: Pending): Promise<void> {
    try {
      resolve(await this.#task(task.task).run(task.payload, this.#scope));
    } catch (error) {
      reject(error);
    }
  }

  #roomyThread(): Thread | undefined {
    if (!this.#workers || this.#renders.length + this.#checks.length === 0) return undefined;
    const idle = this.#threads.find((thread) => thread.busy.size === 0);
    if (idle) return idle;
    if (this.#threads.length < this.#workers.size) return this.#start(this.#workers);
    const least = this.#threads.reduce<Thread | undefined>(
      (best, thread) => (!best || thread.busy.size < best.busy.size ? thread : best),
      undefined,
    );
    return least && least.busy.size < TASKS_PER_WORKER ? least : undefined;
  }

  #start(workers: Workers): Thread {
    const early = workers.early?.take();
    const worker = early ?? startWorker(workers.file, { init: workers.init });
    if (early) early.postMessage({ init: workers.init } satisfies WorkerStart);
    const thread: Thread = { worker, busy: new Map() };
    for (const { message } of this.#shared.values()) worker.postMessage(message);
    this.#threads.push(thread);
    this.#started += 1;
    worker.on('message', (answer: WorkerAnswer) => this.#answered(thread, answer));
    // A thread that dies fails the tasks it had; the next tasks go to a new one.
    const died = (error: Error): void => {
      const index = this.#threads.indexOf(thread);
      if (index >= 0) this.#threads.splice(index, 1);
      for (const pending of thread.busy.values()) pending.reject(this.#closed ? new InterruptedError() : error);
      thread.busy.clear();
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`a worker thread stopped (exit code ${code})`)));
    return thread;
  }

  #answered(thread: Thread, answer: WorkerAnswer): void {
    const pending = thread.busy.get(answer.id);
    if (!pending) return;
    thread.busy.delete(answer.id);
    if (answer.ok) {
      const { fromWorker } = this.#task(pending.task.task);
      pending.resolve(fromWorker ? fromWorker(answer.value, this.#scope.ctx) : answer.value);
    } else {
      pending.reject(errorFrom(answer.error));
    }
    this.#dispatch();
  }
}

/** A thread's scope: its render context, what its tasks were started with, the values shared with it. */
export class LocalScope implements ThreadScope {
  readonly #made = new Map<string, unknown>();
  readonly #ctx: RenderContext | (() => RenderContext);
  readonly #shared: ReadonlyMap<string, { value: unknown }>;
  readonly init: Pick<ThreadInit, 'config' | 'today'>;

  constructor(
    ctx: RenderContext | (() => RenderContext),
    init: Pick<ThreadInit, 'config' | 'today'>,
    shared: ReadonlyMap<string, { value: unknown }>,
  ) {
    this.#ctx = ctx;
    this.init = init;
    this.#shared = shared;
  }

  get ctx(): RenderContext {
    return typeof this.#ctx === 'function' ? this.once('ctx', this.#ctx) : this.#ctx;
  }

  shared<V>(name: string): V {
    const entry = this.#shared.get(name);
    if (!entry) throw new Error(`"${name}" was asked for before it was shared`);
    return entry.value as V;
  }

  once<V>(name: string, make: () => V): V {
    if (!this.#made.has(name)) this.#made.set(name, make());
    return this.#made.get(name) as V;
  }
}

/** The render context of a worker thread, made from what it was started with (the slugs stand in for the articles). */
export function threadContext(init: ThreadInit): RenderContext {
  return createRenderContext(init.config, [], {
    cwd: init.cwd,
    strictTemplates: init.strictTemplates,
    slugs: new Map(init.slugs),
    translations: new Map(init.translations),
  });
}

/** An error from a thread, as this thread's kind of error again. */
function errorFrom(error: WorkerError): Error {
  if (error.code)
    return new LeafletError(error.code, error.message, {
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
    });
  const rebuilt = new Error(error.message);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
