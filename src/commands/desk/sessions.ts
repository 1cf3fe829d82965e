// The desk's sessions, kept in memory only (a restart signs everyone out, and nothing is written): a random id in an
// HttpOnly cookie, the token every form of that session carries, and when it was last used. A session unused for the
// idle time is ended; a browser that has not signed in yet has a session too, so that the sign-in form has a token.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** One browser's session. */
export interface Session {
  readonly id: string;
  /** The token its forms carry (the CSRF token): a page on another site can neither read it nor guess it. */
  readonly token: string;
  readonly signedIn: boolean;
  lastSeen: number;
}

/** What a cookie's session id comes to: a session in use, one that ended for want of use, or none at all. */
export type Found = { state: 'active'; session: Session } | { state: 'ended' } | { state: 'none' };

/** At most this many sessions of browsers that have not signed in are kept: the oldest go first. */
const MAX_WAITING = 1_000;

/** At most this many sessions in all (on this computer alone, every browser is signed in on sight). */
const MAX_SESSIONS = 10_000;

/** A fresh random value for an id or a token. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `given` is `own`, compared in constant time (so its characters cannot be guessed one by one). */
export function sameToken(given: string | null | undefined, own: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(own);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The sessions of one desk server. `now` is the clock (Date.now, which a test may set). */
export class Sessions {
  readonly #byId = new Map<string, Session>();
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(idleMs: number, now: () => number = () => Date.now()) {
    this.#idleMs = idleMs;
    this.#now = now;
  }

  /** A new session, signed in or not. */
  open(signedIn: boolean): Session {
    this.#sweep();
    const session: Session = { id: randomToken(), token: randomToken(), signedIn, lastSeen: this.#now() };
    this.#byId.set(session.id, session);
    return session;
  }

  /** The session of `id`, marked as used now; one idle too long is ended and said so. */
  find(id: string | undefined): Found {
    const session = id ? this.#byId.get(id) : undefined;
    if (!session) return { state: 'none' };
    const now = this.#now();
    if (now - session.lastSeen > this.#idleMs) {
      this.#byId.delete(session.id);
      return { state: 'ended' };
    }
    session.lastSeen = now;
    return { state: 'active', session };
  }

  /** End a session (signing out, or signing in, which starts a new one so that an id given before is worth nothing). */
  end(session: Session): void {
    this.#byId.delete(session.id);
  }

  /** How many sessions are kept. */
  get size(): number {
    return this.#byId.size;
  }

  /** Forget sessions idle for twice the idle time, and the oldest of too many (those never signed in first). */
  #sweep(): void {
    const now = this.#now();
    const waiting: Session[] = [];
    for (const session of this.#byId.values()) {
      if (now - session.lastSeen > 2 * this.#idleMs) this.#byId.delete(session.id);
      else if (!session.signedIn) waiting.push(session);
    }
    for (const session of waiting.slice(0, Math.max(0, waiting.length - MAX_WAITING + 1)))
      this.#byId.delete(session.id);
    // The oldest first: a Map keeps the order sessions were opened in.
    for (const id of [...this.#byId.keys()].slice(0, Math.max(0, this.#byId.size - MAX_SESSIONS + 1)))
      this.#byId.delete(id);
  }
}
