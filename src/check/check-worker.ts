// A worker thread that runs the quality checks for `build`, so that they use another core while the main thread
// renders and prints. It receives the config, the articles and the date, and answers with each article's findings.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import { createArticleChecker } from './check-article.js';
import type { Finding } from './findings.js';

/** What the worker is started with. */
export interface CheckWorkerInput {
  config: ResolvedConfig;
  articles: Article[];
  today: string;
}

/** What it answers: the findings of each article, in the order given. */
export type CheckWorkerOutput = { ok: true; findings: Finding[][] } | { ok: false; message: string };

/**
 * Run at the lowest priority, where the system allows it: the checks are only counted, and the printing browser
 * should not wait for them. On Linux a thread has its own nice value, set through its thread id.
 */
function lowerPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid) setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the checks run at normal priority.
  }
}

const input = workerData as CheckWorkerInput;
lowerPriority();
try {
  const check = createArticleChecker(input.config);
  const answer: CheckWorkerOutput = { ok: true, findings: input.articles.map((article) => check(article, input.today).findings) };
  parentPort?.postMessage(answer);
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CheckWorkerOutput);
}
