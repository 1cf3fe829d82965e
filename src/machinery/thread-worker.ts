// The loop of a worker thread of the article pool (see threads.ts): it runs the tasks of a table with a render context
// of its own, built from the config and the slugs the build sends when it starts the thread, and answers each task by
// its id. Errors go back in parts (code, message, file, line), since an Error loses its class on the way between
// threads. The file a worker runs (formats/thread-worker.ts) calls `serveThreadTasks` with the formats' table.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { LeafletError, messageOf } from '../errors.js';
import {
  LocalScope,
  type ThreadInit,
  type ThreadTable,
  threadContext,
  type WarmAhead,
  type WorkerAnswer,
  type WorkerError,
  type WorkerShare,
  type WorkerStart,
  type WorkerTask,
} from './threads.js';

/**
 * Answer the build's tasks from `table`, on this worker thread, until the build ends it. A thread started early (see
 * early-workers.ts) has no start values yet: its first message brings them, and meanwhile it loads what it was told
 * it will need. (Should that fail, the task that needs it fails as it would have.)
 */
export function serveThreadTasks(table: ThreadTable): void {
  const start = workerData as { init: ThreadInit } | { ahead: WarmAhead | undefined };
  if ('init' in start) {
    serveWith(table, start.init);
    return;
  }
  parentPort?.once('message', (message: WorkerStart) => serveWith(table, message.init));
  if (start.ahead) table.warm?.(start.ahead).catch(() => {});
}

function serveWith(table: ThreadTable, init: ThreadInit): void {
  if (init.lowPriority) lowerPriority();
  const shared = new Map<string, { value: unknown }>();
  // The render context is made for the first task that needs it (a check does not).
  const scope = new LocalScope(() => threadContext(init), init, shared);
  parentPort?.on('message', (message: WorkerTask | WorkerShare) => {
    if ('share' in message) {
      const value = table.shared[message.share]?.fromParent(message.message);
      shared.set(message.share, { value });
      return;
    }
    void answer(table, message, scope);
  });
}

async function answer(table: ThreadTable, { id, task, payload }: WorkerTask, scope: LocalScope): Promise<void> {
  try {
    const kind = table.tasks[task];
    if (!kind) throw new Error(`no task "${task}" in the thread table`);
    const value = await kind.run(payload, scope);
    parentPort?.postMessage({
      id,
      ok: true,
      value: kind.toParent ? kind.toParent(value) : value,
    } satisfies WorkerAnswer);
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: workerError(error) } satisfies WorkerAnswer);
  }
}

function workerError(error: unknown): WorkerError {
  if (error instanceof LeafletError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
    };
  }
  return { message: messageOf(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

/** On Linux a thread has its own nice value, set through its thread id; elsewhere, or when not allowed, nothing. */
function lowerPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid) setPriority(tid, 19);
  } catch {
    // The work runs at normal priority.
  }
}
