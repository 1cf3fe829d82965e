// Where the compiled worker of the article pool is: a module of its own, which a command can import to start workers
// early without loading the formats (formats/thread-tasks.ts names their tasks).
import { fileURLToPath } from 'node:url';

/**
 * The compiled file a worker thread runs; run from the TypeScript sources, it is not there and the work stays on one
 * thread.
 */
export const THREAD_WORKER_FILE = fileURLToPath(new URL('./thread-worker.js', import.meta.url));
