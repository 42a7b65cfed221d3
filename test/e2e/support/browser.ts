import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../../apps/worker/src/previews/render-check/chromium-flags.js';

/** Where end-to-end tests keep their screenshots for a person to look at. */
export const SCREENSHOTS = resolve('test-artifacts/screenshots');

/**
 * Headless Chromium as the tests open pages, with the render check's own flags: no GPU, no first-run or background traffic of its own (so every
 * request it makes is one the page made). It resolves *.localhost to this machine itself, so a preview's
 * own origin works without a hosts entry.
 */
export const CHROMIUM_ARGS = CHROMIUM_FLAGS;

/** Debian's Chromium (or CHROMIUM_PATH): the only browser on the machine; nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
