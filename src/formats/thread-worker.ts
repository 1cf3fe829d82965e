// What a worker thread of the article pool runs: the formats' tasks (see thread-tasks.ts).
import { serveThreadTasks } from '../machinery/thread-worker.js';
import { THREAD_TABLE } from './thread-tasks.js';

serveThreadTasks(THREAD_TABLE);
