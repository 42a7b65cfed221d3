import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from './chromium-flags.js';
import { childrenOf, cmdlineOf } from './process-tree.js';

interface Fresh {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

async function open(browser: Browser, options: BrowserContextOptions): Promise<Fresh> {
  const context = await browser.newContext(options);
  try {
    return { browser, context, page: await context.newPage() };
  } catch (err) {
    await context.close().catch(() => undefined);
    throw err;
  }
}

export interface SharedBrowserOptions {
  executablePath: string;
  /** Closed after this long without a check, so an idle worker does not hold Chromium's memory. */
  idleMs: number;
  /** After a failed launch, checks answer `unavailable` at once for this long instead of trying again. */
  relaunchBackoffMs: number;
  log: { log(message: string): void; warn(message: string): void };
}

/** Chromium could not be launched (not installed, or it died on start): the check cannot be made. */
export class BrowserUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserUnavailableError';
  }
}

/**
 * One headless Chromium for the worker process, launched on first use and shared by every check; each
 * check gets its own browser context (no cookies, storage or cache shared between checks). A browser that
 * crashed or was disconnected is launched again on the next use; an idle one is closed.
 *
 * Why one class of ~170 lines: the launch, the idle timer, the back-off after a failed launch and the crash
 * handling all guard the same one browser handle and must see each other's state at once (a check that
 * starts while the idle close runs, a crash during a launch); apart, each would need the others' locks.
 */
export class SharedBrowser {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  /** The process Playwright spawned (Debian's wrapper script; Chromium is below it): for memory figures. */
  private rootPid: number | null = null;
  private failure: { at: number; message: string } | null = null;
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private launched = 0;
  /** A context and page opened ahead for the next check (see prepareSpare), keyed by their options. */
  private spare: { key: string; fresh: Promise<Fresh | null> } | null = null;

  constructor(private readonly opts: SharedBrowserOptions) {}

  /** Successful launches so far: more than one means Chromium crashed, was closed when idle, or was discarded. */
  get launches(): number {
    return this.launched;
  }

  /** The browser's process, while one runs. */
  get pid(): number | null {
    return this.browser?.isConnected() ? this.rootPid : null;
  }

  /** Resolves once a browser runs (launching one if needed); rejects with BrowserUnavailableError. */
  async ready(): Promise<void> {
    await this.acquire();
  }

  /**
   * Runs `work` with a page in a new context of the shared browser (a context no other check has used)
   * and closes the context after, whatever happens.
   */
  async withPage<T>(options: BrowserContextOptions, work: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
    this.users++;
    this.clearIdle();
    try {
      const { context, page } = await this.fresh(options);
      try {
        return await work(context, page);
      } finally {
        // A renderer stuck in a loop must not keep the slot: closing the context kills it.
        await context.close().catch(() => undefined);
      }
    } finally {
      this.users--;
      this.prepareSpare(options);
      if (this.users === 0) this.scheduleIdle();
    }
  }

  /** The spare when it was opened for the same options (the same preview) and is intact, else a new one. */
  private async fresh(options: BrowserContextOptions): Promise<Fresh> {
    const spare = this.spare;
    this.spare = null;
    if (spare) {
      const ready = await spare.fresh;
      if (ready && spare.key === JSON.stringify(options) && ready.browser === this.browser && ready.browser.isConnected() && !ready.page.isClosed()) return ready;
      void ready?.context.close().catch(() => undefined);
    }
    try {
      return await open(await this.acquire(), options);
    } catch (err) {
      // Died between the check for a connection and now: one more launch, then give up.
      if (this.browser?.isConnected()) throw err;
      return open(await this.acquire(), options);
    }
  }

  /**
   * Opening a context and its page costs ~0.3 s (the full browser builds a window for it), most of a
   * check's fixed cost. So once a check is done, the next one's context and page are opened ahead, for
   * the same preview (a turn's check and its repair's, or the next turn's, are of the same preview).
   */
  private prepareSpare(options: BrowserContextOptions) {
    const previous = this.spare;
    const browser = this.browser;
    this.spare = null;
    if (previous) void previous.fresh.then((f) => f?.context.close()).catch(() => undefined);
    if (this.closed || !browser?.isConnected()) return;
    this.spare = { key: JSON.stringify(options), fresh: open(browser, options).catch(() => null) };
  }

  private acquire(): Promise<Browser> {
    if (this.closed) return Promise.reject(new BrowserUnavailableError('the render checker was shut down'));
    if (this.browser?.isConnected()) return Promise.resolve(this.browser);
    if (this.launching) return this.launching;
    if (this.failure && Date.now() - this.failure.at < this.opts.relaunchBackoffMs) {
      return Promise.reject(new BrowserUnavailableError(this.failure.message));
    }
    this.launching = this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const before = new Set(childrenOf(process.pid));
    const started = Date.now();
    let browser: Browser;
    try {
      // Loaded on first use: playwright-core takes ~1 s to import, which every worker start would pay.
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: this.opts.executablePath, args: CHROMIUM_FLAGS, timeout: 30_000 });
    } catch (err) {
      const message = `Chromium could not be launched from ${this.opts.executablePath}: ${String((err as Error).message ?? err).split('\n')[0]}`;
      this.failure = { at: Date.now(), message };
      this.opts.log.warn(message);
      throw new BrowserUnavailableError(message);
    }
    this.failure = null;
    this.launched++;
    if (this.closed) {
      await browser.close();
      throw new BrowserUnavailableError('the render checker was shut down');
    }
    // Playwright launches Chromium as a child of this process, with --remote-debugging-pipe.
    this.rootPid = childrenOf(process.pid).find((pid) => !before.has(pid) && cmdlineOf(pid).includes('--remote-debugging-pipe')) ?? null;
    browser.on('disconnected', () => {
      if (this.browser !== browser) return;
      this.browser = null;
      this.rootPid = null;
      if (!this.closed) this.opts.log.warn('render check: Chromium went away; the next check launches it again');
    });
    this.browser = browser;
    this.opts.log.log(`render check: Chromium launched in ${Date.now() - started} ms`);
    return browser;
  }

  private scheduleIdle() {
    this.clearIdle();
    this.idleTimer = setTimeout(() => void this.closeBrowser('idle'), this.opts.idleMs);
    // An idle timer alone must not keep the worker (or a test run) alive.
    this.idleTimer.unref();
  }

  private clearIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async closeBrowser(why: string) {
    const browser = this.browser;
    if (!browser || this.users > 0) return;
    this.browser = null;
    this.rootPid = null;
    this.spare = null;
    await browser.close().catch(() => undefined);
    this.opts.log.log(`render check: Chromium closed (${why})`);
  }

  /** Kills the browser whoever uses it (it stopped answering); the next use launches a new one. */
  async discard(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    this.rootPid = null;
    this.spare = null;
    await browser?.close().catch(() => undefined);
  }

  /** For good: later checks answer `unavailable`. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearIdle();
    const browser = this.browser ?? (await this.launching?.catch(() => null)) ?? null;
    this.browser = null;
    this.rootPid = null;
    this.spare = null;
    await browser?.close().catch(() => undefined);
  }
}
