import type { Frame, Page } from 'playwright-core';

/**
 * The workspace (the web client) in headless Chromium: what its browser tests share. Chromium aborts loads in
 * flight (ERR_NETWORK_CHANGED) whenever Docker adds or removes a container's interface on the host, which says
 * nothing about the client; a project with no site yet answers GET …/site with 404, which the Publish panel
 * reads as "not published" (Chromium logs every 404 a script fetches).
 */
export const NETWORK_CHANGED = 'ERR_NETWORK_CHANGED';
export const NO_SITE_YET = /status of 404 .*\(http:\/\/[^)]+\/api\/projects\/[0-9a-f-]{36}\/site\)$/;

/** What the client itself got wrong: every error but the host's network changes and the answer that a project has no site yet. */
export const clientErrors = (errors: readonly string[]): string[] => errors.filter((e) => !e.includes(NETWORK_CHANGED) && !NO_SITE_YET.test(e));

/** Collects the page's uncaught errors and console errors into `errors`. */
export function collectErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} (${m.location().url})`));
}

/**
 * The preview iframe's frame once it shows the project's page (an h1). A load cut by a network change is made
 * again with the pane's Reload (a fresh signed link), as a person would, as often as the network keeps changing
 * within the time allowed; the iframe is looked up again each round, since Reload may replace it. On a timeout,
 * says what the person would see instead: the frame's text and the preview's status.
 */
export async function previewFrame(page: Page, errors: readonly string[], timeoutMs = 150_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  const cutsIn = () => errors.filter((e) => e.includes(NETWORK_CHANGED)).length;
  let cutsSeen = cutsIn();
  let reloadedAt = Date.now();
  for (;;) {
    const handle = await page.waitForSelector('iframe.preview-frame', { state: 'attached', timeout: Math.max(1, deadline - Date.now()) });
    const frame = await handle.contentFrame();
    if (frame && (await frame.$('h1').catch(() => null))) return frame;
    // A cut shortly after a reload is that reload's own load being cut: give it time to show before another.
    if (cutsIn() > cutsSeen && Date.now() - reloadedAt > 5_000) {
      cutsSeen = cutsIn();
      reloadedAt = Date.now();
      await page.getByRole('button', { name: 'Reload', exact: true }).click();
    }
    if (Date.now() > deadline) {
      const shows = frame ? await frame.evaluate('document.body ? document.body.innerText : ""').catch((e: Error) => `(unreadable: ${e.message})`) : '(no frame)';
      const status = await page
        .getByTestId('preview-status')
        .textContent()
        .catch(() => '?');
      throw new Error(
        `the preview never showed the page: the frame at ${frame?.url()} shows ${JSON.stringify(String(shows).slice(0, 400))}; the preview says ${status}; console: ${JSON.stringify(errors.slice(-5))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
