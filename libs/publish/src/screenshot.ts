import type { Browser } from 'playwright-core';
import { oneLine } from './html-escape.js';
import { shareImage } from './share-image.js';
import { serveFiles } from './static-server.js';

/** What the rendered page showed (after its scripts ran), read while its screenshot was taken. */
export interface RenderedFacts {
  title?: string;
  description?: string;
  h1?: string;
  firstParagraph?: string;
  lang?: string;
}

export interface ScreenshotOptions {
  chromiumPath: string;
  /** Open Graph's recommended 1200x630. */
  width?: number;
  height?: number;
  /** The whole budget: launch, load, fonts, settle, capture. */
  timeoutMs: number;
  /** Chromium's flags; the worker passes its render check's. Default: headless on a machine without a sandbox or GPU. */
  args?: string[];
}

const DEFAULT_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'];

/**
 * After `load` (images included): web fonts ready, two frames (React's commit and its effects) and a short
 * pause for what a page does just after (a hero image decoding, a counter starting). Reveal animations are
 * off anyway: the context asks for reduced motion, which the templates honour.
 */
const SETTLED = `document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 250)))))`;

const FACTS = `(() => {
  const firstText = (selector) => {
    for (const el of document.querySelectorAll(selector)) { const t = (el.innerText || el.textContent || '').trim(); if (t) return t; }
    return '';
  };
  return {
    title: document.title,
    description: document.querySelector('meta[name="description" i]')?.getAttribute('content') || '',
    h1: firstText('h1'),
    firstParagraph: firstText('p'),
    lang: document.documentElement.getAttribute('lang') || '',
  };
})()`;

/** Only non-empty strings, one line each: `page.evaluate` returns whatever the page's own code left there. */
function factsFrom(value: unknown): RenderedFacts {
  const facts: RenderedFacts = {};
  if (typeof value !== 'object' || value === null) return facts;
  for (const key of ['title', 'description', 'h1', 'firstParagraph', 'lang'] as const) {
    const raw: unknown = Reflect.get(value, key);
    const text = typeof raw === 'string' ? oneLine(raw).slice(0, 1000) : '';
    if (text) facts[key] = text;
  }
  return facts;
}

class ScreenshotTimeout extends Error {
  constructor(ms: number) {
    super(`the screenshot took longer than ${ms} ms`);
    this.name = 'ScreenshotTimeout';
  }
}

/**
 * A picture of the built site's home page for its Open Graph image, with what the rendered page says about
 * itself. The files are served from memory on 127.0.0.1 (only those, 404 otherwise) to a headless Chromium
 * in which every other request is refused, so a page cannot phone out at publish. Browser and server are
 * closed whatever happens; throws when Chromium cannot start, the page does not load, or time runs out.
 */
export async function screenshotSite(files: Map<string, Buffer>, opts: ScreenshotOptions): Promise<{ png: Buffer; facts: RenderedFacts }> {
  const width = opts.width ?? 1200;
  const height = opts.height ?? 630;
  const deadline = Date.now() + opts.timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const server = await serveFiles(files);
  // Held in an object: the browser is launched inside `work` and closed in `finally`, whichever ends first.
  const held: { browser?: Browser; over: boolean } = { over: false };
  let timer: NodeJS.Timeout | undefined;
  const work = async () => {
    // Loaded on first use: playwright-core takes ~1 s to import.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: opts.chromiumPath, args: opts.args ?? DEFAULT_ARGS, timeout: left() });
    held.browser = browser;
    // Launched after the deadline had already closed everything: close this one too.
    if (held.over) await browser.close();
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'reduce', serviceWorkers: 'block' });
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === server.origin ? route.continue() : route.abort('blockedbyclient')));
    await context.routeWebSocket(/.*/, (ws) => ws.close());
    const page = await context.newPage();
    await page.goto(`${server.origin}/`, { waitUntil: 'load', timeout: left() });
    await page.evaluate(SETTLED);
    const facts = factsFrom(await page.evaluate<unknown>(FACTS));
    const shot = await page.screenshot({ type: 'png', timeout: left() });
    return { png: await shareImage(shot, width, height), facts };
  };
  const expiry = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ScreenshotTimeout(opts.timeoutMs)), opts.timeoutMs)));
  const running = work();
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expiry]);
  } finally {
    clearTimeout(timer);
    held.over = true;
    // Closing the browser ends whatever `work` still waits on (its promise is left to reject unobserved).
    await held.browser?.close().catch(() => undefined);
    await server.close();
  }
}
