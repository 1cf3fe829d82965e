// The quality checks as a build runs them: findings kept from the last build when nothing they depend on changed,
// the rest checked in a worker thread beside the build (so that checking uses another core while this one renders),
// or on this thread when there are few, or when the worker's compiled file is not there (running from the TypeScript
// sources, or bundled).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import { InterruptedError } from '../errors.js';
import type { CheckWorkerInput, CheckWorkerOutput } from './check-worker.js';
import type { Finding } from './findings.js';

/** Where findings are kept between builds (the incremental cache), keyed by article file and a hash of its inputs. */
export interface FindingsStore {
  checkFindings(articleFile: string, key: string): Finding[] | undefined;
  recordCheck(articleFile: string, key: string, findings: Finding[]): void;
}

/** Each article's findings, and how they were found. */
export interface QualityChecks {
  findings: Map<Article, Finding[]>;
  checked: number;
  cached: number;
  thread: 'worker' | 'main' | 'none';
}

export interface QualityCheckOptions {
  store: FindingsStore;
  /** A hash of an article with everything its findings depend on besides the article (settings, the date). */
  keyOf(article: Article): string;
  today: string;
  signal?: AbortSignal | undefined;
  /** The worker's compiled file; where it is missing, the checks run on this thread. */
  workerFile?: string;
}

/** Below this many articles to check, a worker thread costs more to start than it saves. */
export const CHECKS_IN_WORKER_FROM = 12;

/** The worker's compiled file, beside this one. */
const WORKER_FILE = fileURLToPath(new URL('./check-worker.js', import.meta.url));

/** Find every article's findings, from the store where they are fresh, and check the rest. */
export async function runQualityChecks(articles: readonly Article[], config: ResolvedConfig, options: QualityCheckOptions): Promise<QualityChecks> {
  const found = new Map<Article, Finding[]>();
  const keys = new Map<Article, string>();
  for (const article of articles) {
    const key = options.keyOf(article);
    const findings = options.store.checkFindings(article.file, key);
    if (findings) found.set(article, findings);
    else keys.set(article, key);
  }
  const todo = [...keys.keys()];
  if (todo.length === 0) return { findings: found, checked: 0, cached: found.size, thread: 'none' };
  const workerFile = options.workerFile ?? WORKER_FILE;
  const inWorker = todo.length >= CHECKS_IN_WORKER_FROM && existsSync(workerFile);
  const results = inWorker ? await checkInWorker(workerFile, todo, config, options.today, options.signal) : await checkHere(todo, config, options.today);
  todo.forEach((article, index) => {
    const findings = results[index] ?? [];
    found.set(article, findings);
    options.store.recordCheck(article.file, keys.get(article) ?? '', findings);
  });
  return { findings: found, checked: todo.length, cached: articles.length - todo.length, thread: inWorker ? 'worker' : 'main' };
}

async function checkHere(articles: readonly Article[], config: ResolvedConfig, today: string): Promise<Finding[][]> {
  // Loaded only when an article needs checking: the English parser and Markdown tree cost time to load.
  const check = (await import('./check-article.js')).createArticleChecker(config);
  return articles.map((article) => check(article, today).findings);
}

function checkInWorker(file: string, articles: readonly Article[], config: ResolvedConfig, today: string, signal?: AbortSignal): Promise<Finding[][]> {
  return new Promise((resolve, reject) => {
    const input: CheckWorkerInput = { config, articles: [...articles], today };
    const worker = new Worker(file, { workerData: input });
    // Ctrl-C: the checks are only counted, so they stop at once.
    const stop = (): void => {
      void worker.terminate();
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (answer: CheckWorkerOutput) => {
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      if (answer.ok) resolve(answer.findings);
      else reject(new Error(`the quality checks failed: ${answer.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the quality checks stopped (exit code ${code})`)));
  });
}
