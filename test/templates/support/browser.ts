import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const SCREENSHOTS = resolve('test-artifacts/screenshots');
export const WIDTHS = { desktop: 1280, mobile: 390 } as const;

/** Debian's Chromium, headless (the only browser on the machine; nothing is downloaded). */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
}

export interface PageReport {
  /** Console errors, uncaught exceptions and failed requests, in order. */
  errors: string[];
  /** How far the page is wider than the window (0 when nothing sticks out). */
  overflowPx: number;
  landmarks: { header: number; main: number; footer: number; section: number };
  headings: { h1: number; h2: number };
  /** Images without alt, and links or buttons with no accessible name. */
  unlabelled: string[];
  /** Visible text, to check the page is not blank. */
  textLength: number;
}

const PAGE_CHECKS = `(() => {
  const count = (selector) => document.querySelectorAll(selector).length;
  const nameOf = (el) => (el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText || '').trim();
  const unlabelled = [
    ...[...document.querySelectorAll('img:not([alt])')].map((el) => 'img ' + el.getAttribute('src')),
    ...[...document.querySelectorAll('a, button')].filter((el) => !nameOf(el) && !el.querySelector('[aria-label], .sr-only')).map((el) => el.outerHTML.slice(0, 120)),
  ];
  return {
    overflowPx: document.documentElement.scrollWidth - window.innerWidth,
    landmarks: { header: count('header'), main: count('main'), footer: count('footer'), section: count('section') },
    headings: { h1: count('h1'), h2: count('h2') },
    unlabelled,
    textLength: document.body.innerText.trim().length,
  };
})()`;

/** Loads a page at one width, screenshots it (full page and first screen) and reports what a reviewer would check first. */
export async function inspectPage(browser: Browser, url: string, width: number, screenshot: string): Promise<PageReport> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`));
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    // A string, so this file needs no DOM typings (they would clash with Node's in the rest of the tests).
    const report = await page.evaluate<Omit<PageReport, 'errors'>>(PAGE_CHECKS);
    await page.screenshot({ path: screenshot, fullPage: true });
    // The first screen alone too: the full page at phone width is too tall to look at in one go.
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-first-screen.png') });
    return { errors, ...report };
  } finally {
    await page.close();
  }
}
