// Worker threads of the article pool started before a build (or a check) knows it needs them, and how every worker
// thread is started. A module of its own, with nothing of the formats: \`leaflet check\` starts its workers from here as
// soon as it has counted the articles, before it has loaded the formats' modules (which the workers load meanwhile).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/schema.js';
import type { ThreadInit, WarmAhead } from './threads.js';

/**
 * The young generation of a worker thread's heap, in MB (V8 lets it grow to 48 MB by default). A worker that renders
 * and checks makes short-lived garbage fast, and each MB of room for it is a MB of the process's memory. Nine cold
 * builds of 1,000 emails and pages, alternating: peaks of 407-416 MB by default, 362-384 MB at 16 MB and 345-378 MB at
 * 8 MB, in the same times within the noise (22.5-26.3 s, 21.9-26.1 s and 22.4-27.7 s).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/**
 * How a worker thread is started: with its start values, or (started early) with what it may load while it waits for
 * them, which come as its first message.
 */
export function startWorker(file: string, start: { init: ThreadInit } | { ahead: WarmAhead | undefined }): Worker {
  return new Worker(file, {
    workerData: start,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
}

/** How many worker threads a pool of `threads` (`--jobs`; every core by default) has beside this thread. */
export function workerCount(threads?: number): number {
  const cores = os.availableParallelism();
  // This thread is one of the `threads`: it takes tasks too, between writing what the others hand back.
  return Math.max(0, Math.min(threads ?? cores, cores) - 1);
}

/**
 * Worker threads started before a build knows what it will give them: each loads its modules (two seconds of a
 * core, for the formats and the checks) while the build reads its articles, and waits for its start values. The pool
 * takes them before it starts new ones; `close` ends those it did not take. `ahead` says what else each may load
 * meanwhile (the checks' modules and a dictionary, which a thread otherwise loads at its first check).
 */
export class EarlyWorkers {
  readonly file: string;
  readonly #waiting = new Set<Worker>();

  constructor(file: string, count: number, ahead?: WarmAhead) {
    this.file = file;
    for (let index = 0; index < count && existsSync(file); index += 1) {
      const worker = startWorker(file, { ahead });
      // One that fails or stops before it is taken is not given out.
      const gone = (): void => void this.#waiting.delete(worker);
      worker.once('error', gone).once('exit', gone);
      this.#waiting.add(worker);
    }
  }

  /** A waiting thread, which the caller now owns (and sends its start values), or undefined. */
  take(): Worker | undefined {
    const [worker] = this.#waiting;
    if (!worker) return undefined;
    this.#waiting.delete(worker);
    worker.removeAllListeners('error').removeAllListeners('exit');
    return worker;
  }

  /** End the threads not taken; answers their exit codes once each has exited. */
  close(): Promise<number[]> {
    const left = [...this.#waiting];
    this.#waiting.clear();
    return Promise.all(left.map((worker) => worker.terminate()));
  }
}

/**
 * What early workers that will check articles may load ahead: the checks, and the dictionary of the config's default
 * language when the spelling is checked.
 */
export function checksAhead(config: Pick<ResolvedConfig, 'check' | 'defaults'>): WarmAhead {
  return { checks: true, ...(config.check.rules.spelling === 'off' ? {} : { spelling: config.defaults.lang }) };
}
