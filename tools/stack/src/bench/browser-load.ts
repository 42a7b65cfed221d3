import { chromium } from 'playwright-core';
import { ensureCommand } from '../debian-package.js';
import { wallNow } from './bench-client.js';

/** Two frames and a task after the content: what the render check waits for once the page has drawn (page-load.ts). */
const NEXT_FRAMES = 'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))';

/**
 * B1's limit: Chromium alone loading a preview page in a fresh context, from navigation until `#root` has an
 * element and two frames have passed, with nothing of ours around it. A turn whose reply touched the page ends
 * only after the render check has loaded it this way (docs/ARCHITECTURE.md "Validation before anything is
 * applied"), so no turn can end sooner than this after the model's last byte: B1 is judged by what it adds on top.
 */
export async function browserLoads(url: string, n: number): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? ensureCommand('chromium', 'chromium'), args: ['--no-sandbox', '--headless'] });
  const samples: number[] = [];
  try {
    for (let i = 0; i <= n; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        const t0 = wallNow();
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        await page.waitForSelector('#root > *', { state: 'attached' });
        await page.evaluate(NEXT_FRAMES);
        if (i > 0) samples.push(wallNow() - t0); // the first load warms Vite's transforms, as the turn before B1's first sample did
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return samples;
}
