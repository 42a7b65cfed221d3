import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Where end-to-end tests keep their screenshots for a person to look at. */
export const SCREENSHOTS = resolve('test-artifacts/screenshots');

/**
 * Headless Chromium as the tests open pages: no GPU, no first-run or background traffic of its own (so every
 * request it makes is one the page made). It resolves *.localhost to this machine itself, so a preview's
 * own origin works without a hosts entry.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (or CHROMIUM_PATH): the only browser on the machine; nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
