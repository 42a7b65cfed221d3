import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PreviewAgent } from './agent-client.js';
import type { PreviewInstance } from './preview-runtime.js';
import { ProcessRuntime } from './process/process.runtime.js';

/**
 * A page that is still loading when a batch of files lands has no HMR socket yet, so Vite's update never reaches
 * it (docker/preview/agent/fresh-page.mjs). The case that matters: a person opens a preview whose warm instance
 * still serves the stand-in page, and the project's files arrive while that page loads its modules. Here the
 * page's Vite client is held back until the batch has landed and every module of the old page was fetched,
 * which is that race made certain; the page must end up showing the new files, in a real browser.
 */
const PREVIEW_DIR = resolve('docker/preview');

const project = (headline: string) =>
  [
    ['index.html', '<!doctype html><html><head><title>t</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n'],
    ['src/main.tsx', "import { createRoot } from 'react-dom/client';\nimport App from './App';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n"],
    ['src/App.tsx', `export default function App() {\n  return <h1>${headline}</h1>;\n}\n`],
  ].map(([path, text]) => ({ path, data: Buffer.from(text) }));

// The page's own text, read in the browser (the expression runs there).
const showsHeadline = (page: Page, text: string) => page.waitForFunction(`document.querySelector('h1')?.textContent === ${JSON.stringify(text)}`, undefined, { timeout: 30_000 });

describe('a page that loaded before the files changed', () => {
  let runtime: ProcessRuntime;
  let instance: PreviewInstance;
  let agent: PreviewAgent;
  let browser: Browser;

  beforeAll(async () => {
    runtime = new ProcessRuntime({ previewDir: PREVIEW_DIR, allowedHosts: [], log: { warn: () => undefined, error: (m) => console.error(m) } });
    await runtime.prepare();
    instance = await runtime.create({ sessionId: 'fresh-page-spec', warm: false });
    agent = new PreviewAgent(instance);
    await agent.sync({ version: 1, replace: true, writes: project('First version') });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
  });

  it('is reloaded once its HMR socket is up, and shows the files that landed meanwhile', async () => {
    const page = await browser.newPage();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route('**/@vite/client', async (route) => {
      await released;
      await route.continue();
    });
    const appFetched = page.waitForResponse((r) => r.url().includes('/src/App.tsx'));
    await page.goto(`http://127.0.0.1:${instance.vitePort}/`, { waitUntil: 'commit' });
    // The old page's HTML and modules are in the browser, its Vite client is not: no socket is open.
    expect(await (await appFetched).text()).toContain('First version');
    await agent.sync({ version: 2, replace: true, writes: project('Second version') });
    release();

    await showsHeadline(page, 'Second version');
    // A page served after the batch is current: it stays as it is (no reload loop).
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.unroute('**/@vite/client');
    await page.reload();
    await showsHeadline(page, 'Second version');
    await agent.sync({ version: 3, replace: true, writes: project('Third version') });
    await showsHeadline(page, 'Third version');
    expect(navigations).toHaveLength(1);
    await page.close();
  }, 120_000);
});
