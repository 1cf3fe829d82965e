// The work a build does for each article on the CPU alone (its email, its quality checks), spread over worker threads
// so that a build of many articles uses every core: a pool of threads, each with its own render context, started when
// the first task comes (a rebuild with nothing changed starts none). A build of a few articles, or one run from the
// TypeScript sources (where the compiled worker is not there), does the same work on its own thread.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../articles/article.js';
import type { ArticleCheck } from '../check/check-article.js';
import { WORKERS_FROM_ARTICLES } from '../check/run-checks.js';
import { InterruptedError, LeafletError } from '../errors.js';
import type { RenderContext } from '../render/context.js';
import { type RenderedEmail, renderEmail } from '../render/email.js';
import { type RenderedPage, renderPage, type Site, type SiteEntry } from '../render/web.js';
import type { WorkerAnswer, WorkerError, WorkerInit, WorkerSite, WorkerTask } from './article-worker.js';

/** The per-article work of one build. */
export interface ArticleWork {
  /** Render an article's email (both parts). */
  email(article: Article): Promise<RenderedEmail>;
  /** Run an article's quality checks. */
  check(article: Article): Promise<ArticleCheck>;
  /** The site the next web pages are part of. */
  useSite(site: Site): void;
  /** Render an article's web page, in the site last given to `useSite`. */
  webPage(entry: SiteEntry): Promise<RenderedPage>;
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

/** The worker's compiled file, beside this one. */
const WORKER_FILE = fileURLToPath(new URL('./article-worker.js', import.meta.url));

export interface ArticleWorkOptions {
  /** The build's render context, for work done on this thread. */
  ctx: RenderContext;
  /** How many articles the build has: few are done on this thread. */
  articles: number;
  /** Most threads to start (`--jobs`); the number of cores by default. */
  threads?: number;
  /** What each thread is started with (its render context is made from it). */
  init: Omit<WorkerInit, 'slugs' | 'translations'>;
  /** The worker's compiled file (tests point elsewhere); where it is missing, the work is done on this thread. */
  workerFile?: string;
}

/** The per-article work of a build: this thread and, when there are many articles, worker threads beside it. */
export function articleWork(options: ArticleWorkOptions): ArticleWork {
  const file = options.workerFile ?? WORKER_FILE;
  const cores = os.availableParallelism();
  // This thread is one of the `threads`: it takes tasks too, between writing what the others hand back.
  const workers = Math.max(0, Math.min(options.threads ?? cores, cores) - 1);
  const useWorkers = options.articles >= WORKERS_FROM_ARTICLES && workers > 0 && existsSync(file);
  return new ArticlePool(
    options.ctx,
    useWorkers
      ? {
          file,
          size: workers,
          init: { ...options.init, slugs: [...options.ctx.slugsByFile], translations: [...options.ctx.translations] },
        }
      : undefined,
    options.init.today,
  );
}

/** The same work on this thread alone. */
export function localWork(ctx: RenderContext, today: string): ArticleWork {
  return new ArticlePool(ctx, undefined, today);
}

interface Pending {
  task: WorkerTask;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Another rendering of the same article, done right after this one on the same thread (they share its parse). */
  follow?: Pending;
}

/** The article a rendering is of, by its file. */
function renderedArticle(task: WorkerTask): string | undefined {
  return task.kind === 'email' ? task.article.file : task.kind === 'web' ? task.entry.article.file : undefined;
}

interface Thread {
  worker: Worker;
  /** Tasks given to it and not yet answered, by id. */
  busy: Map<number, Pending>;
}

/**
 * Tasks in two queues (emails and pages before checks: the web site waits for the emails, the report for the checks),
 * taken by worker threads as they finish the last and by this thread in between its own work, so that the work spreads
 * over the cores by itself. A rendering asked for while another of the same article still waits goes with it, to the
 * same thread right after it: the Markdown renderer there keeps the article's parse for the second.
 */
class ArticlePool implements ArticleWork {
  readonly #ctx: RenderContext;
  readonly #today: string;
  readonly #workers: { file: string; size: number; init: WorkerInit } | undefined;
  readonly #threads: Thread[] = [];
  readonly #renders: Pending[] = [];
  readonly #checks: Pending[] = [];
  /** Renderings still in `#renders`, by the article's file (the last asked for of each). */
  readonly #waitingRenders = new Map<string, Pending>();
  #site: { site: Site; message: WorkerSite } | undefined;
  #checker: ((article: Article, today: string) => ArticleCheck) | undefined;
  #nextId = 1;
  #closed = false;
  #started = 0;
  #localRunning = false;

  constructor(
    ctx: RenderContext,
    workers: { file: string; size: number; init: WorkerInit } | undefined,
    today: string,
  ) {
    this.#ctx = ctx;
    this.#workers = workers;
    this.#today = today;
  }

  get inWorkers(): boolean {
    return this.#workers !== undefined;
  }

  get started(): number {
    return this.#started;
  }

  email(article: Article): Promise<RenderedEmail> {
    return this.#submit(this.#renders, { id: this.#nextId++, kind: 'email', article }) as Promise<RenderedEmail>;
  }

  useSite(site: Site): void {
    // The threads get the site's articles without their bodies: a page shows only the others' titles and summaries.
    const entries = site.entries.map((entry) => ({ article: { ...entry.article, body: '' }, hasPdf: entry.hasPdf }));
    this.#site = { site, message: { kind: 'site', entries } };
    for (const thread of this.#threads) thread.worker.postMessage(this.#site.message);
  }

  webPage(entry: SiteEntry): Promise<RenderedPage> {
    return this.#submit(this.#renders, {
      id: this.#nextId++,
      kind: 'web',
      entry: { article: entry.article, hasPdf: entry.hasPdf },
    }) as Promise<RenderedPage>;
  }

  check(article: Article): Promise<ArticleCheck> {
    return this.#submit(this.#checks, { id: this.#nextId++, kind: 'check', article }) as Promise<ArticleCheck>;
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

  #submit(queue: Pending[], task: WorkerTask): Promise<unknown> {
    if (this.#closed) return Promise.reject(new InterruptedError());
    return new Promise((resolve, reject) => {
      const pending: Pending = { task, resolve, reject };
      const article = renderedArticle(task);
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
   * so that each thread's compiled code stays warm for its kind; a thread whose kind has run out takes the other.
   */
  #next(forWorker: boolean): Pending | undefined {
    if (forWorker) return this.#checks.shift() ?? this.#nextRender();
    // While leaflets print, this thread also drives the browser: the checks wait for the workers, which run below it.
    if (this.#workers?.init.lowPriority && this.#threads.length > 0) return this.#nextRender();
    return this.#nextRender() ?? this.#checks.shift();
  }

  #nextRender(): Pending | undefined {
    const next = this.#renders.shift();
    const article = next && renderedArticle(next.task);
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
      resolve(await this.#run(task));
    } catch (error) {
      reject(error);
    }
  }

  async #run(task: WorkerTask): Promise<unknown> {
    switch (task.kind) {
      case 'email':
        return renderEmail(task.article, this.#ctx);
      case 'web':
        if (!this.#site) throw new Error('a web page was asked for before its site');
        return renderPage(task.entry, this.#site.site, this.#ctx);
      case 'check':
        // Loaded when this thread first checks an article: with worker threads, it may never (66 ms of start-up).
        this.#checker ??= (await import('../check/check-article.js')).createArticleChecker(this.#ctx.config);
        return this.#checker(task.article, this.#today);
    }
  }

  /** An email from a worker, with this thread's own copy of each image it names (a PNG's bytes included). */
  #withOwnAssets(email: RenderedEmail): RenderedEmail {
    return {
      ...email,
      assets: email.assets.map((asset) => this.#ctx.images.published(asset.source, asset.name) ?? asset),
    };
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

  #start(workers: { file: string; init: WorkerInit }): Thread {
    const worker = new Worker(workers.file, { workerData: workers.init });
    const thread: Thread = { worker, busy: new Map() };
    if (this.#site) worker.postMessage(this.#site.message);
    this.#threads.push(thread);
    this.#started += 1;
    worker.on('message', (answer: WorkerAnswer) => {
      const pending = thread.busy.get(answer.id);
      if (!pending) return;
      thread.busy.delete(answer.id);
      if (answer.ok)
        pending.resolve(
          pending.task.kind === 'email' ? this.#withOwnAssets(answer.value as RenderedEmail) : answer.value,
        );
      else pending.reject(errorFrom(answer.error));
      this.#dispatch();
    });
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
