// Packs asked for by several therapists at once share the desk's browser: at most `pages` print at a time, up to
// `queue` more wait their turn, and any one that would wait or take longer than `timeout` is given up with a page
// saying to try again. Beyond the queue a pack is refused at once: a therapist hears "busy" rather than waiting long.
// Twice as many packs as there are pages are under way at once, so that the next ones are read and rendered (in Node)
// while others print (in Chromium). On two cores, busy with other work, the slowest of ten packs asked for at once
// came back after 2.8-3.2 s this way, and 3.2-4.2 s with one pack under way for each page.
import pLimit, { type LimitFunction } from 'p-limit';

/** How a pack fared in the queue: made, refused because the queue was full, or out of time. */
export type Queued<T> = { ok: true; value: T } | { ok: false; reason: 'busy' | 'late' };

export interface PackQueueOptions {
  /** Packs printed at once. */
  pages: number;
  /** Packs that may wait beyond those. */
  queue: number;
  /** Milliseconds a pack may take, from asking to its PDF. */
  timeout: number;
}

/** The queue of one desk server. */
export class PackQueue {
  readonly #limit: LimitFunction;
  readonly #options: PackQueueOptions;

  constructor(options: PackQueueOptions) {
    this.#options = options;
    this.#limit = pLimit(Math.min(options.pages * 2, options.pages + options.queue));
  }

  /** Packs printing and waiting now. */
  get size(): number {
    return this.#limit.activeCount + this.#limit.pendingCount;
  }

  /**
   * Run `make` when a page is free; `busy` at once when the queue is full, `late` when it takes too long (a pack still
   * waiting then is never started; one printing finishes, and its PDF is thrown away).
   */
  async run<T>(make: () => Promise<T>): Promise<Queued<T>> {
    if (this.size >= this.#options.pages + this.#options.queue) return { ok: false, reason: 'busy' };
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const outOfTime = new Promise<Queued<T>>((resolve) => {
      timer = setTimeout(() => {
        late = true;
        resolve({ ok: false, reason: 'late' });
      }, this.#options.timeout);
    });
    const made = this.#limit(async (): Promise<Queued<T>> => {
      if (late) return { ok: false, reason: 'late' };
      return { ok: true, value: await make() };
    });
    try {
      return await Promise.race([made, outOfTime]);
    } finally {
      clearTimeout(timer);
      // A pack given up still settles: its failure, if any, is nobody's to hear.
      made.catch(() => undefined);
    }
  }
}
