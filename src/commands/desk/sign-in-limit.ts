// Sign-in attempts limited per address: after a few wrong passphrases in a minute, an address must wait. The
// passphrase is shared by the clinic, so guessing it is the one attack the desk must slow down.
/** How long the window of counted attempts is. */
const WINDOW_MS = 60_000;

/** Addresses remembered at most; beyond, the oldest are forgotten (an attacker with many addresses gains little). */
const MAX_ADDRESSES = 10_000;

/** Counts each address's failed sign-ins in the last minute. `now` is the clock (Date.now, which a test may set). */
export class SignInLimit {
  readonly #failures = new Map<string, number[]>();
  readonly #perMinute: number;
  readonly #now: () => number;

  constructor(perMinute: number, now: () => number = () => Date.now()) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /** Seconds `address` must wait before it may try again, or 0 when it may try now. */
  waitFor(address: string): number {
    const recent = this.#recent(address);
    if (recent.length < this.#perMinute) return 0;
    const oldest = recent[recent.length - this.#perMinute] ?? this.#now();
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - this.#now()) / 1000));
  }

  /** Count a wrong passphrase from `address`. */
  fail(address: string): void {
    const recent = this.#recent(address);
    recent.push(this.#now());
    this.#failures.delete(address);
    this.#failures.set(address, recent);
    while (this.#failures.size > MAX_ADDRESSES) {
      const first = this.#failures.keys().next().value;
      if (first === undefined) break;
      this.#failures.delete(first);
    }
  }

  /** Forget `address`'s failures (it signed in). */
  forget(address: string): void {
    this.#failures.delete(address);
  }

  /** The failures of `address` still inside the window. */
  #recent(address: string): number[] {
    const since = this.#now() - WINDOW_MS;
    const recent = (this.#failures.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(address);
    return recent;
  }
}
