import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import type { RenderCheckView } from '@studio/contracts';
import type { BrowserContextOptions } from 'playwright-core';
import { classify } from './classify.js';
import { locate } from './locate.js';
import { loadPage } from './page-load.js';
import { PageRecorder } from './page-signals.js';
import { treeRssMb } from './process-tree.js';
import { BrowserUnavailableError, SharedBrowser } from './shared-browser.js';
import { Slots } from './slots.js';

export interface RenderCheckOptions {
  /** Default: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
  chromiumPath?: string;
  /** Pages loaded at once; more checks wait their turn. Default 2 (a load is mostly renderer CPU). */
  concurrency?: number;
  /** Budget of one page load, from when its context is open. Default 15 s (a cold Vite transforms every module first). */
  timeoutMs?: number;
  /** The browser is closed after this long without a check. Default 5 minutes. */
  idleMs?: number;
  /** How long an error-free page that rendered nothing gets to render something. Default 500 ms. */
  emptyGraceMs?: number;
}

/** Nest injection key for RenderCheckOptions; without a provider the defaults apply. */
export const RENDER_CHECK_OPTIONS = 'RENDER_CHECK_OPTIONS';

export interface RenderCheckTarget {
  /** As PreviewInstance: the address the worker reaches Vite at, and its port. */
  host: string;
  port: number;
}

export interface RenderCheckStats {
  /** Checks that loaded a page (passed or failed) since the process started. */
  checks: number;
  /** Checks that could not be made (no browser). */
  unavailable: number;
  /** Median duration of the last checks that loaded a page; null before the first. */
  p50Ms: number | null;
  /** The browser's process while one runs, its resident memory (summed VmRSS of its processes), and launches so far. */
  browserPid: number | null;
  browserRssMb: number | null;
  browserLaunches: number;
}

/**
 * Requests to anything but the preview go to a port nothing listens on, so they fail at once: the page's
 * code (model-written) runs in the worker's network, and must not reach the worker's neighbours or the
 * internet from here. Chromium sends loopback direct unless told otherwise (`<-loopback>`).
 */
const NOWHERE_PROXY = 'http://127.0.0.1:1';
const RECENT = 200;
/**
 * Chromium aborts every request in flight (ERR_NETWORK_CHANGED) when an address in its network namespace
 * appears or goes; on a host where Docker starts and stops containers, that is every few seconds (with
 * several previews and builds starting at once, three loads in a row were cut). Each load stays within the
 * one budget, so more loads cost time only when the network keeps changing.
 */
const MAX_LOADS = 5;
/**
 * The page's own waits end at the budget; this bounds the browser calls around them (opening and closing a
 * context), which only hang when Chromium itself is wedged.
 */
const WEDGED_AFTER_MS = 15_000;

class BrowserWedgedError extends Error {}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new BrowserWedgedError(`no answer from Chromium within ${ms} ms`)), ms)));
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

@Injectable()
export class RenderChecker implements OnModuleDestroy {
  private readonly logger = new Logger(RenderChecker.name);
  private readonly browser: SharedBrowser;
  private readonly slots: Slots;
  private readonly timeoutMs: number;
  private readonly emptyGraceMs: number;
  private readonly recent: number[] = [];
  private checks = 0;
  private unavailable = 0;

  constructor(@Optional() @Inject(RENDER_CHECK_OPTIONS) options: RenderCheckOptions | null = null) {
    const opts = options ?? {};
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.emptyGraceMs = opts.emptyGraceMs ?? 500;
    this.slots = new Slots(opts.concurrency ?? 2);
    this.browser = new SharedBrowser({
      executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      idleMs: opts.idleMs ?? 5 * 60_000,
      relaunchBackoffMs: 30_000,
      log: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
    });
  }

  /**
   * Loads `http://host:port/` once in a fresh browser context and says whether the page works. Never
   * throws: a check that cannot be made answers `unavailable`. `ms` counts from when the check got a slot.
   * `screenshotPath` (tests, debugging) saves what the page showed when the verdict was made.
   */
  check(target: RenderCheckTarget, opts: { timeoutMs?: number; screenshotPath?: string } = {}): Promise<RenderCheckView> {
    return this.slots.use(async () => {
      const started = performance.now();
      const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
      // A launch has its own timeout; the bound below is for a browser that is up.
      const verdict = await this.browser
        .ready()
        .then(() => bounded(this.run(target, timeoutMs, opts.screenshotPath), timeoutMs + WEDGED_AFTER_MS))
        .catch((err: unknown) => {
          // A launch failure was logged where it happened; anything else (the browser died mid-check) is logged here.
          if (!(err instanceof BrowserUnavailableError)) this.logger.warn(`render check of ${target.host}:${target.port} could not be made: ${String((err as Error)?.message ?? err)}`);
          // Killed, so the next check starts a healthy one.
          if (err instanceof BrowserWedgedError) void this.browser.discard();
          return { status: 'unavailable' } as const;
        });
      const ms = Math.round(performance.now() - started);
      this.record(verdict.status, ms);
      return { ...verdict, ms };
    });
  }

  private async run(target: RenderCheckTarget, timeoutMs: number, screenshotPath?: string): Promise<Omit<RenderCheckView, 'ms'>> {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    const origin = `http://${host}:${target.port}`;
    const context: BrowserContextOptions = {
      proxy: { server: NOWHERE_PROXY, bypass: `<-loopback>, ${host}:${target.port}` },
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    };
    let deadline = 0;
    const load = () =>
      this.browser.withPage(context, async (ctx, page) => {
        // The budget is the page's: a browser launch before it (first check, after a crash) has its own.
        deadline ||= Date.now() + timeoutMs;
        const recorder = await PageRecorder.attach(ctx, origin);
        recorder.watch(page);
        const outcome = await loadPage(page, recorder, `${origin}/`, { deadline, emptyGraceMs: this.emptyGraceMs });
        if (screenshotPath && outcome.state !== 'unreachable') await page.screenshot({ path: screenshotPath, timeout: 5000 }).catch(() => undefined);
        return classify(recorder.signals, outcome, origin);
      });
    let finding = await load();
    // A request the machine's network dropped says nothing about the page: load again, within the same budget.
    for (let loads = 1; finding?.transient && loads < MAX_LOADS && Date.now() < deadline; loads++) {
      this.logger.log(`render check of ${origin}: ${finding.message} Loading again.`);
      finding = await load();
    }
    if (!finding) return { status: 'passed' };
    // Still the network, or only slowness: the check could not decide, and a page is never failed on a guess.
    if (finding.transient || finding.inconclusive) return { status: 'unavailable', error: { kind: finding.kind, message: finding.message } };
    return { status: 'failed', error: await locate(finding, origin) };
  }

  private record(status: RenderCheckView['status'], ms: number) {
    if (status === 'unavailable') {
      this.unavailable++;
      return;
    }
    this.checks++;
    this.recent.push(ms);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  stats(): RenderCheckStats {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const pid = this.browser.pid;
    return {
      checks: this.checks,
      unavailable: this.unavailable,
      p50Ms: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null,
      browserPid: pid,
      browserRssMb: pid === null ? null : treeRssMb(pid),
      browserLaunches: this.browser.launches,
    };
  }

  /** Closes the browser; later checks answer `unavailable`. */
  close(): Promise<void> {
    return this.browser.close();
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
