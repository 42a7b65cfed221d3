import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface PreviewPage {
  page: Page;
  /** What breaks the page for a person: uncaught exceptions, and requests of the preview's own origin that failed or answered an error. */
  errors: string[];
  /** console.error lines (React warnings and the like): reported, not counted as page errors. */
  consoleErrors: string[];
  /** Loads it took: more than one when the host's network changed under Chromium mid-load. */
  attempts: number;
  close(): Promise<void>;
}

const RENDERED = `(() => {
  const root = document.getElementById('root');
  return Boolean(document.querySelector('vite-error-overlay')) || Boolean(root && root.childElementCount > 0);
})()`;

// Two frames and a task after the first render: React has run the page's effects by then, so an effect that
// throws (and unmounts the page) has thrown.
const SETTLED = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))))`;

/**
 * Chromium aborts requests in flight when the machine's network changes, and on a host running previews it
 * does whenever Docker adds or removes a container's interface: such a load says nothing about the page.
 */
const NETWORK_CHANGED = 'ERR_NETWORK_CHANGED';
const MAX_ATTEMPTS = 3;

/**
 * Opens a preview the way a person does: the signed link from the preview's REST view signs this browser in
 * (a cookie on the preview's origin) and redirects to the page. A link opens the preview once, so each load
 * asks `nextLink` for its own. Resolves once the page has rendered something
 * into #root (or Vite shows its error overlay) and its effects have run, or after `timeoutMs` without either
 * (a blank page). Each load gets its own browser context: no cookies, storage or cache from another page. A
 * load cut by a network change of the host is made again, up to three times.
 */
export async function openPreviewPage(browser: Browser, nextLink: () => Promise<string>, timeoutMs = 30_000): Promise<PreviewPage> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadOnce(browser, await nextLink(), timeoutMs, attempt);
    if (attempt >= MAX_ATTEMPTS || !loaded.errors.some((e) => e.includes(NETWORK_CHANGED))) return loaded;
    await loaded.close();
  }
}

async function loadOnce(browser: Browser, signedUrl: string, timeoutMs: number, attempts: number): Promise<PreviewPage> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const origin = new URL(signedUrl).origin;
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  // A load the host's network change cut short is over at once: waiting for it to render would only time out.
  let cut: () => void = () => undefined;
  const networkChanged = new Promise<false>((resolve) => (cut = () => resolve(false)));
  page.on('requestfailed', (r) => {
    if (!r.url().startsWith(origin)) return;
    const why = r.failure()?.errorText ?? 'no answer';
    errors.push(`request failed: ${r.url()} (${why})`);
    if (why.includes(NETWORK_CHANGED)) cut();
  });
  page.on('response', (r) => r.url().startsWith(origin) && r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`));
  try {
    await Promise.race([page.goto(signedUrl, { waitUntil: 'load', timeout: timeoutMs }), networkChanged]);
    const rendered = await Promise.race([
      page.waitForFunction(RENDERED, undefined, { timeout: timeoutMs }).then(
        () => true,
        () => false,
      ),
      networkChanged,
    ]);
    if (rendered) await page.evaluate(SETTLED);
  } catch (err) {
    errors.push(`load: ${(err as Error).message.split('\n')[0]}`);
  }
  return { page, errors, consoleErrors, attempts, close: () => context.close() };
}

/** Whether the page's #root is empty (React rendered nothing, or unmounted after an error). */
export function rootIsEmpty(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`(() => { const root = document.getElementById('root'); return !root || root.childElementCount === 0; })()`);
}
