// The one owner of Chromium: launches the browser found (browsers.ts) once and only when a PDF is needed, lends
// pages from a bounded pool, relaunches after a crash, and closes it at the end.
import { createRequire } from 'node:module';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser, Page, PuppeteerNode } from 'puppeteer-core';
import { BrowserError, InterruptedError, messageOf } from '../errors.js';
import { type FoundBrowser, findBrowser } from './browsers.js';

export { type FoundBrowser, findBrowser } from './browsers.js';

const require = createRequire(import.meta.url);

/**
 * puppeteer-core, loaded on first use: it takes a moment to load, and a build with no leaflet to print never needs it.
 */
function puppeteer(): PuppeteerNode {
  return (require('puppeteer-core') as { default: PuppeteerNode }).default;
}

/**
 * Chromium flags for a quiet, offline, headless print run. Request interception keeps pages from loading anything, but
 * Chromium's own services (updates, sync, safe browsing, metrics, DNS prefetch, secure-DNS probes) would still reach
 * the network: they are switched off, and every host name but localhost resolves to nothing.
 */
export function launchArgs(): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--disable-breakpad',
    '--disable-crash-reporter',
    '--disable-field-trial-config',
    '--dns-prefetch-disable',
    '--no-pings',
    '--metrics-recording-only',
    '--safebrowsing-disable-auto-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--font-render-hinting=none',
    '--disable-features=DnsOverHttps,AsyncDns,NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,DialMediaRouteProvider,CertificateTransparencyComponentUpdater,AutofillServerCommunication',
    // No probe of IPv6 reachability (a UDP socket "connected" to Google's public DNS) either.
    '--enable-features=EnableIPv6ReachabilityOverride',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
  ];
  // Chromium refuses to start its sandbox as root (containers, CI runners).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export interface BrowserManagerOptions {
  /** Explicit executable (`--browser`). */
  executablePath?: string | undefined;
  /** How many pages may work at once. */
  jobs: number;
  /** The environment to read PUPPETEER_EXECUTABLE_PATH from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** What a build needs of the browser: pages lent from one Chromium, launched only when a page is first asked for. */
export interface BrowserPool {
  /** The browser that will be used; throws a BrowserError saying what to install when there is none. */
  find(): FoundBrowser;
  /** Start the browser now, so that launching overlaps other work. */
  warm(): void;
  /** Run `fn` with a page of the browser. */
  withPage<T>(fn: (page: Page) => Promise<T>): Promise<T>;
  /** How many times a browser was launched. */
  readonly launches: number;
  /** Close the browser; no page is lent after this. */
  dispose(): Promise<void>;
}

/** How long a page or the browser may take to close before its process is killed. */
const CLOSE_GRACE_MS = 5_000;

/** Whether `promise` settles (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lends pages of one lazily launched browser to at most `jobs` callers at a time. */
export class BrowserManager implements BrowserPool {
  readonly #options: BrowserManagerOptions;
  readonly #limit: LimitFunction;
  #browser: Promise<Browser> | undefined;
  #idle: Page[] = [];
  /** Pages being opened ahead of need by `warm`, one for each job. */
  #opening: Promise<Page | undefined>[] = [];
  /** Every `newPage` still in flight. Closing the browser under one leaves Puppeteer waiting 30 s for a target that
   * will never come, on a timer that keeps the process alive: `dispose` lets them finish first. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #launches = 0;
  /** Set by `dispose`: no browser is launched again (an interrupted build must not start a new one). */
  #disposed = false;
  /** Settles when `dispose` is called: whatever waits on the browser then stops waiting. */
  readonly #disposal: Promise<never>;
  #onDispose: () => void = () => undefined;

  constructor(options: BrowserManagerOptions) {
    this.#options = options;
    this.#disposal = new Promise<never>((_, reject) => (this.#onDispose = () => reject(new InterruptedError())));
    this.#disposal.catch(() => undefined);
    this.#limit = pLimit(Math.max(1, options.jobs));
  }

  /** How many times a browser was launched (0 when no PDF was needed). */
  get launches(): number {
    return this.#launches;
  }

  find(): FoundBrowser {
    return findBrowser({ explicit: this.#options.executablePath, env: this.#options.env });
  }

  /** Run `fn` with a page; the page goes back to the pool afterwards, or is closed if `fn` failed. */
  withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    return this.#limit(async () => {
      const page = await this.#acquire();
      let healthy = false;
      try {
        const result = await fn(page);
        healthy = true;
        return result;
      } finally {
        if (healthy && !page.isClosed()) this.#idle.push(page);
        // A page that failed is never reused. One stuck in a script or crashed may not even close: then the whole
        // browser is killed, and the next page comes from a fresh one.
        else if (!(await settlesWithin(page.close(), CLOSE_GRACE_MS))) await this.#kill();
      }
    });
  }

  /** Start the browser now, ahead of the first page being asked for, so that launching overlaps other work. */
  warm(): void {
    if (this.#disposed || this.#browser) return;
    // Its pages too: opening one takes a good part of a leaflet's printing time.
    const launching = this.#ensureBrowser();
    this.#opening = Array.from({ length: Math.max(1, this.#options.jobs) }, () =>
      launching.then(
        (browser) => this.#newPage(browser).catch(() => undefined),
        () => undefined,
      ),
    );
    launching.catch(() => undefined);
  }

  /** Close the browser, if one was launched. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#onDispose();
    const browser = this.#browser;
    this.#browser = undefined;
    this.#idle = [];
    this.#opening = [];
    if (!browser) return;
    const launched = await browser.catch(() => undefined);
    if (!launched) return;
    await settlesWithin(Promise.allSettled(this.#inFlight), CLOSE_GRACE_MS);
    if (!(await settlesWithin(launched.close(), CLOSE_GRACE_MS))) launched.process()?.kill('SIGKILL');
  }

  /** A new page, counted in flight until it comes (or fails). */
  #newPage(browser: Browser): Promise<Page> {
    const opening = browser.newPage();
    this.#inFlight.add(opening);
    const done = (): void => void this.#inFlight.delete(opening);
    opening.then(done, done);
    return opening;
  }

  /** Kill the current browser outright (it stopped answering); the next page relaunches one. */
  async #kill(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    this.#idle = [];
    this.#opening = [];
    const launched = await browser?.catch(() => undefined);
    launched?.process()?.kill('SIGKILL');
  }

  async #acquire(): Promise<Page> {
    const browser = await this.#ensureBrowser();
    // The browser may have finished launching just as the build was stopped: ask it for nothing more.
    if (this.#disposed) throw new InterruptedError();
    while (this.#idle.length > 0) {
      const page = this.#idle.pop();
      if (page && !page.isClosed()) return page;
    }
    const ahead = this.#opening.shift();
    if (ahead) {
      const warmed = await Promise.race([ahead, this.#disposal]);
      if (warmed && !warmed.isClosed()) return warmed;
    }
    // A page asked for while the browser is being closed may never come (Puppeteer waits half a minute for it): the
    // build stopping is reason enough to stop waiting.
    const opening = this.#newPage(browser);
    opening.then(
      (page) => {
        if (this.#disposed) void page.close().catch(() => undefined);
      },
      () => undefined,
    );
    return Promise.race([opening, this.#disposal]);
  }

  #ensureBrowser(): Promise<Browser> {
    if (this.#disposed) return Promise.reject(new InterruptedError());
    if (!this.#browser) {
      const found = this.find();
      this.#launches += 1;
      const launching = puppeteer()
        .launch({
          executablePath: found.path,
          headless: true,
          args: launchArgs(),
          // Spoken to over a pipe, not a WebSocket: each leaflet's HTML (its images inlined) goes to the browser and
          // its PDF comes back, and without the WebSocket's framing and masking 100 leaflets took 10.2-10.5 core-s of
          // the machine instead of 11.1-11.5 (one warm browser, two pages, the same documents).
          pipe: true,
          protocolTimeout: 120_000,
          // The build handles Ctrl-C and SIGTERM itself (it stops, closes the browser and writes the report);
          // Puppeteer's own handlers would exit the process before that.
          handleSIGINT: false,
          handleSIGTERM: false,
        })
        .catch((error: unknown) => {
          this.#browser = undefined;
          throw new BrowserError(`could not start ${found.path}: ${messageOf(error)}`, { cause: error });
        });
      launching
        .then((browser) => {
          // A crashed browser is replaced on the next request for a page.
          browser.once('disconnected', () => {
            if (this.#browser === launching) {
              this.#browser = undefined;
              this.#idle = [];
            }
          });
        })
        .catch(() => undefined);
      this.#browser = launching;
    }
    return this.#browser;
  }
}
