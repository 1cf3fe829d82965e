// A full disk stops the build. Once one write fails because the disk (or the user's quota) is full, or the disk has
// turned read-only, every later write would fail the same way and be reported again, once a file: so the first such
// failure stops the build's work, and the build says once what happened, what it kept, and what to do.
import { WriteError } from '../errors.js';

/** What each failure that stops every write means, and what to do about it. */
const STOPPING: Readonly<Record<string, { what: string; todo: string }>> = {
  ENOSPC: { what: 'the disk is full', todo: 'Free some space' },
  EDQUOT: { what: 'the disk quota is used up', todo: 'Free some space' },
  EROFS: { what: 'the disk is read-only', todo: 'Check the disk, or choose another folder to write to' },
};

/** Whether `error` is a write that no later write can succeed after: a full disk, a used-up quota, a read-only disk. */
export function stopsEveryWrite(error: unknown): error is WriteError {
  return error instanceof WriteError && stoppingOf(error) !== undefined;
}

/**
 * The first write of a build that failed for want of space, and the signal that stops the build's work: it aborts
 * then, or when the caller's own signal does (Ctrl-C).
 */
export class WriteStop {
  /** Aborted by a full disk, or by the signal given. */
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  #error: WriteError | undefined;

  constructor(signal?: AbortSignal) {
    this.signal = signal ? AbortSignal.any([signal, this.#controller.signal]) : this.#controller.signal;
  }

  /** The write that stopped the build, when one did (its path as the user is shown it). */
  get error(): WriteError | undefined {
    return this.#error;
  }

  /** Take a failure: when it is a full disk, the build stops (the first is kept, to be said once) and this is true. */
  take(error: unknown): boolean {
    if (!stopsEveryWrite(error)) return false;
    if (!this.#error) {
      this.#error = error;
      this.#controller.abort();
    }
    return true;
  }

  /** The one line the build says about it: which write, why, what was kept, and what to do. */
  message(kept: number): string {
    const error = this.#error;
    const stopping = error && stoppingOf(error);
    if (!error || !stopping) return '';
    const { what, todo } = stopping;
    return (
      `could not write ${error.target}: ${what}, so the build stopped. ` +
      `${kept} output${kept === 1 ? ' was' : 's were'} written or kept, each complete; the rest were ` +
      `not built, and nothing half-written was left. ` +
      `${todo}, then build again.`
    );
  }
}

/**
 * A write that failed, said for the one file the user named (`leaflet pack -o`): its path as given, and for a full disk
 * what to do before `again`.
 */
export function writeErrorFor(error: WriteError, shown: string, again: string): WriteError {
  const stopping = stoppingOf(error);
  const reason = stopping ? `${stopping.what}: ${stopping.todo.toLowerCase()}, then ${again}` : error.reason;
  return new WriteError(shown, reason, { cause: error.cause });
}

function stoppingOf(error: WriteError): { what: string; todo: string } | undefined {
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code ? STOPPING[code] : undefined;
}
