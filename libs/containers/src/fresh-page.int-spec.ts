import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PreviewAgent } from './agent-client.js';
import type { PreviewInstance } from './preview-runtime.js';
import { ProcessRuntime } from './process/process.runtime.js';

/**
 * A page that is still loading when a batch of files lands, in a real browser, against the agent and Vite as the
 * image runs them; the race is made certain by holding one of the page's requests back.
 */
const PREVIEW_DIR = resolve('docker/preview');

const project = (headline: string) =>
  [
    ['index.html', '<!doctype html><html><head><title>t</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n'],
    ['src/main.tsx', "import { createRoot } from 'react-dom/client';\nimport App from './App';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n"],
    ['src/App.tsx', "import Headline from './Headline';\n\nexport default function App() {\n  return <Headline />;\n}\n"],
    // A component with a hook: React Refresh's transform makes its module call `$RefreshSig$()` first thing.
    ['src/Headline.tsx', `import { useState } from 'react';\n\nexport default function Headline() {\n  const [open] = useState(false);\n  return <h1 data-open={String(open)}>${headline}</h1>;\n}\n`],
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

  /**
   * A page between its HTML and its HMR socket hears no update (agent/fresh-page.mjs): the case that matters is a
   * person opening a preview whose warm instance still serves the stand-in page while the project's files land.
   * The page's Vite client is held until the batch has landed and every module of the old page was fetched.
   */
  it('is reloaded once its HMR socket is up, and shows the files that landed meanwhile', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route('**/@vite/client', async (route) => {
      await released;
      await route.continue();
    });
    const appFetched = page.waitForResponse((r) => r.url().includes('/src/Headline.tsx'));
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
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
