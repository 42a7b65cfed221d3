import type { Page } from 'playwright-core';
import type { PageRecorder } from './page-signals.js';

/** What the page's #root held once loading settled. */
export interface RootProbe {
  found: boolean;
  elements: number;
  textLength: number;
  /** Some element in #root takes space (a page of images or shapes has no text). */
  sized: boolean;
}

export type LoadOutcome = { state: 'unreachable'; reason: string } | { state: 'timeout'; during: 'load' | 'settle'; ms: number } | { state: 'settled'; root: RootProbe };

/** Two frames and a task: React's first commit and the passive effects after it (useEffect) have run. */
const NEXT_FRAMES = `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))`;

/** Resolves true as soon as #root gets an element (a MutationObserver, not polling), false after `ms`. */
const contentWithin = (ms: number) => `new Promise((done) => {
  const has = () => { const root = document.getElementById('root'); return !!root && root.childElementCount > 0; };
  if (has()) return done(true);
  const observer = new MutationObserver(() => { if (has()) { observer.disconnect(); done(true); } });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(() => { observer.disconnect(); done(false); }, ${Math.max(0, Math.round(ms))});
})`;

const PROBE_ROOT = `(() => {
  const root = document.getElementById('root');
  if (!root) return { found: false, elements: 0, textLength: 0, sized: false };
  const elements = root.querySelectorAll('*');
  let sized = false;
  for (const el of elements) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) { sized = true; break; }
  }
  return { found: true, elements: elements.length, textLength: (root.innerText || '').trim().length, sized };
})()`;

const TIMED_OUT = Symbol('timed out');

/** `work`, or TIMED_OUT once the deadline passes (the work itself is left to the context's close). */
function until<T>(deadline: number, work: Promise<T>): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()))));
  work.catch(() => undefined);
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

export const hasContent = (root: RootProbe) => root.found && root.elements > 0 && (root.textLength > 0 || root.sized);

export interface LoadOptions {
  /** Absolute time (Date.now()) by which the check must be done. */
  deadline: number;
  /** After an error-free load left #root empty, how long to wait for content to appear (late data, timers). */
  emptyGraceMs: number;
}

/**
 * Loads the page once and waits, on events, until it has settled: the document is parsed and its module
 * scripts ran (DOMContentLoaded; images and third-party files are not waited for), no request to the
 * preview is in flight (lazy imports), and two frames plus a task have passed with none starting (the
 * first render and its effects).
 */
export async function loadPage(page: Page, recorder: PageRecorder, url: string, opts: LoadOptions): Promise<LoadOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1, opts.deadline - Date.now()) });
  } catch (err) {
    const message = String((err as Error).message ?? err);
    if ((err as Error).name === 'TimeoutError') return { state: 'timeout', during: 'load', ms: elapsed() };
    return { state: 'unreachable', reason: /net::ERR_[A-Z_]+/.exec(message)?.[0] ?? message.split('\n')[0] };
  }
  if (!(await settle(page, recorder, opts.deadline))) return { state: 'timeout', during: 'settle', ms: elapsed() };
  let root = await until(opts.deadline, page.evaluate<RootProbe>(PROBE_ROOT));
  if (root === TIMED_OUT) return { state: 'timeout', during: 'settle', ms: elapsed() };
  const failed = () => recorder.signals.errors.length + recorder.signals.pageErrors.length + recorder.signals.modules.length > 0;
  if (hasContent(root) && !failed()) {
    // A page that rendered can still throw from its effects a moment later (an observer given a missing element
    // unmounts the whole root): on a busy machine React's passive effects may run after the frames waited for.
    // One more settle, and the root looked at again, before it is called working.
    if (!(await settle(page, recorder, opts.deadline))) return { state: 'timeout', during: 'settle', ms: elapsed() };
    root = await until(opts.deadline, page.evaluate<RootProbe>(PROBE_ROOT));
    if (root === TIMED_OUT) return { state: 'timeout', during: 'settle', ms: elapsed() };
  }
  if (!hasContent(root) && !failed()) {
    const grace = Math.min(opts.emptyGraceMs, opts.deadline - Date.now());
    const appeared =
      grace > 0 &&
      (await until(
        opts.deadline,
        page.evaluate<boolean>(contentWithin(grace)).catch(() => false),
      )) === true;
    if (appeared) {
      if (!(await settle(page, recorder, opts.deadline))) return { state: 'timeout', during: 'settle', ms: elapsed() };
      root = await until(opts.deadline, page.evaluate<RootProbe>(PROBE_ROOT));
      if (root === TIMED_OUT) return { state: 'timeout', during: 'settle', ms: elapsed() };
    }
  }
  return { state: 'settled', root };
}

/** False when the deadline came first (a request that never ends, a script stuck in a loop). */
async function settle(page: Page, recorder: PageRecorder, deadline: number): Promise<boolean> {
  for (let reloads = 0; ; ) {
    if ((await until(deadline, recorder.whenQuiet())) === TIMED_OUT) return false;
    const before = recorder.started;
    const frames = await until(
      deadline,
      page.evaluate(NEXT_FRAMES).then(
        () => true,
        () => false,
      ),
    );
    if (frames === TIMED_OUT) return false;
    // The page navigated under the evaluation (Vite reloaded it): settle the new document, a few times at most.
    if (!frames && ++reloads > 3) throw new Error('the page kept reloading while it was checked');
    if (frames && recorder.started === before && recorder.inFlight === 0) return true;
  }
}
