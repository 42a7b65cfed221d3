import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadCatalog } from '@studio/catalog';
import { PreviewAgent, type PreviewInstance, ProcessRuntime } from '@studio/containers';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from './chromium-flags.js';
import { locate } from './locate.js';
import { processTree, treeCpuMs, treePssMb, treeRssMb } from './process-tree.js';
import { RenderChecker } from './render-checker.js';

/**
 * The render check against a real preview (the agent and Vite, as the process driver runs them) and a real
 * headless Chromium: one preview for the file, re-synced to the landing template with one defect per case.
 */
const SCREENSHOTS = resolve('test-artifacts/screenshots');
const FIGURES = resolve('test-artifacts/render-check-figures.json');

let runtime: ProcessRuntime;
let instance: PreviewInstance;
let checker: RenderChecker;
let landing: Map<string, string>;
let version = 0;
const figures: Record<string, number | null> = {};

beforeAll(async () => {
  const catalog = await loadCatalog(resolve('templates'));
  landing = new Map(catalog.templates.get('landing')!.files.map((f) => [f.path, f.content.toString('utf8')]));
  runtime = new ProcessRuntime({ previewDir: 'docker/preview', allowedHosts: ['.preview.localhost'], log: { warn: () => undefined, error: (m) => console.error(m) } });
  await runtime.prepare();
  instance = await runtime.create({ sessionId: 'render-check-spec', warm: false });
  // A generous budget: the verdicts are under test here, and the test machine may be busy with other work.
  checker = new RenderChecker({ timeoutMs: 45_000 });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await checker?.close();
  // Removes the instance and the driver's folder of work directories.
  await runtime?.close();
  writeFileSync(FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
});

const target = () => ({ host: instance.host, port: instance.vitePort });

/** Replaces `anchor` (which must be there) in one file of the landing page. */
function edit(text: string, anchor: string, replacement: string): string {
  if (!text.includes(anchor)) throw new Error(`the template changed: "${anchor}" is gone`);
  return text.replace(anchor, replacement);
}

/** Makes the preview serve the landing page with `changes` applied (path → new text). */
async function serve(changes: Record<string, string> = {}) {
  const files = new Map(landing);
  for (const [path, text] of Object.entries(changes)) files.set(path, text);
  await new PreviewAgent(instance).sync({ version: ++version, replace: true, writes: [...files].map(([path, text]) => ({ path, data: Buffer.from(text) })) });
}

/** The 1-based line of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('render check', () => {
  it('answers unavailable, with the reason, for a preview where nothing listens (its host, not its code)', async () => {
    const silent: Server = createServer();
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const { port } = silent.address() as AddressInfo;
    await new Promise((ok) => silent.close(ok));
    // The first check: it launches the browser, so the landing page's figures below are the page's alone.
    const result = await checker.check({ host: '127.0.0.1', port });
    figures.launchAndRefusedMs = result.ms;
    expect(result.status).toBe('unavailable');
    expect(result.error).toMatchObject({ kind: 'load' });
    expect(result.error?.message).toContain('ERR_CONNECTION_REFUSED');
  }, 120_000);

  it('passes the clean landing page, cold and warm, and shows it rendered', async () => {
    await serve();
    // The agent answers /health with its pid: the preview's Vite runs in that process.
    const previewPid = (await new PreviewAgent(instance).health()).pid!;
    const shot = join(SCREENSHOTS, 'render-check-landing.png');
    const cold = await checker.check(target(), { screenshotPath: shot });
    expect(cold).toEqual({ status: 'passed', ms: expect.any(Number) });
    expect(existsSync(shot)).toBe(true);
    // CPU time as well as wall time: the machine running the tests may be busy with other work.
    const cpuBefore = { browser: treeCpuMs(checker.stats().browserPid!), preview: treeCpuMs(previewPid) };
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Checks come a turn apart, not back to back: time for the next check's context to be opened ahead.
      await new Promise((r) => setTimeout(r, 500));
      const again = await checker.check(target());
      expect(again).toEqual({ status: 'passed', ms: expect.any(Number) });
      warm.push(again.ms);
    }
    // Memory while a page is open (the browser plus one renderer), sampled during one more check.
    let peak = { rss: 0, pss: 0 };
    const sampled = checker.check(target());
    for (let done = false; !done; ) {
      const pid = checker.stats().browserPid;
      if (pid) peak = { rss: Math.max(peak.rss, treeRssMb(pid)), pss: Math.max(peak.pss, treePssMb(pid)) };
      done = await Promise.race([sampled.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 25))]);
    }
    expect(await sampled).toEqual({ status: 'passed', ms: expect.any(Number) });
    const stats = checker.stats();
    expect(stats.browserLaunches).toBe(1);
    expect(stats.browserRssMb).toBeGreaterThan(0);
    expect(stats.p50Ms).toBeGreaterThan(0);
    Object.assign(figures, {
      coldMs: cold.ms,
      warmMs: [...warm].sort((a, b) => a - b)[2],
      warmMinMs: Math.min(...warm),
      warmBrowserCpuMs: Math.round((treeCpuMs(stats.browserPid!) - cpuBefore.browser) / warm.length),
      warmPreviewCpuMs: Math.round((treeCpuMs(previewPid) - cpuBefore.preview) / warm.length),
      browserRssMb: stats.browserRssMb,
      browserPssMb: treePssMb(stats.browserPid!),
      browserPeakRssMb: peak.rss,
      browserPeakPssMb: peak.pss,
      previewRssMb: treeRssMb(previewPid),
      previewPssMb: treePssMb(previewPid),
    });
  }, 120_000);

  it('reports an import of an export the package does not have as module-link, at the import in the source', async () => {
    const footer = edit(
      edit(
        landing.get('src/components/Footer.tsx')!,
        "import type { LucideIcon } from 'lucide-react';\n",
        "import type { LucideIcon } from 'lucide-react';\nimport { Twitter } from 'lucide-react';\n",
      ),
      '              {brand}\n',
      '              {brand}\n              <Twitter aria-hidden="true" className="size-4" />\n',
    );
    expect(lineOf(footer, 'import { Twitter }')).toBe(3);
    await serve({ 'src/components/Footer.tsx': footer });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'module-link', file: 'src/components/Footer.tsx', line: 3 });
    expect(result.error?.message).toMatch(/The requested module 'lucide-react' does not provide an export named 'Twitter'/);
  }, 120_000);

  it('reports a helper called but never defined in a render as uncaught, at its line in the source (not the served one)', async () => {
    // The interface and the long parameter list above it are gone or reformatted in the served code, so
    // an unmapped line would be far off.
    const hero = edit(landing.get('src/components/Hero.tsx')!, '}: HeroCenteredProps) {\n', '}: HeroCenteredProps) {\n  const price = formatPrice(49);\n');
    const line = lineOf(hero, 'formatPrice(49)');
    expect(line).toBeGreaterThan(20);
    await serve({ 'src/components/Hero.tsx': hero.replace('{note}</p>', '{note} {price}</p>') });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'uncaught', file: 'src/components/Hero.tsx', line, message: 'ReferenceError: formatPrice is not defined' });
  }, 120_000);

  it('reports an App that renders nothing as empty-root', async () => {
    await serve({ 'src/App.tsx': 'export default function App() {\n  return <></>;\n}\n' });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'empty-root' });
    expect(result.error?.file).toBeUndefined();
  }, 120_000);

  it('reports an error thrown in an effect right after mount as uncaught, at the throw', async () => {
    const app = edit(
      `import { useEffect } from 'react';\n${landing.get('src/App.tsx')!}`,
      'export default function App() {\n',
      "export default function App() {\n  useEffect(() => {\n    throw new Error('analytics failed to start');\n  }, []);\n",
    );
    await serve({ 'src/App.tsx': app });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'uncaught', file: 'src/App.tsx', line: lineOf(app, 'analytics failed'), message: 'Error: analytics failed to start' });
  }, 120_000);

  it('reports a syntax error as build, at its line', async () => {
    const hero = edit(landing.get('src/components/Hero.tsx')!, '}: HeroCenteredProps) {\n', '}: HeroCenteredProps) {\n  const broken = = 1;\n');
    await serve({ 'src/components/Hero.tsx': hero });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'build', file: 'src/components/Hero.tsx', line: lineOf(hero, 'const broken') });
    // In the project's terms: no path of the preview's working copy.
    expect(result.error?.message).not.toMatch(/studio-previews|\/project\//);
    // Had Vite's message over the socket been missed (it only goes to pages already connected), the
    // module's 500 page tells the same.
    const origin = `http://${instance.host}:${instance.vitePort}`;
    const fromPage = await locate(
      { kind: 'build', message: 'src/components/Hero.tsx could not be compiled (500).', where: { file: 'src/components/Hero.tsx' }, refetch: `${origin}/src/components/Hero.tsx` },
      origin,
    );
    expect(fromPage).toMatchObject({ kind: 'build', file: 'src/components/Hero.tsx', line: lineOf(hero, 'const broken'), message: expect.stringContaining('Unexpected token') });
    // Vite's Oxc draws its diagnostics with terminal colours: none reach the person or the model.
    expect(fromPage?.message).not.toContain('\u001b[');
  }, 120_000);

  it('does not report an error that was fixed before the check (Vite hands its last one to the next page)', async () => {
    const origin = `http://${instance.host}:${instance.vitePort}`;
    await serve({ 'src/components/Hero.tsx': edit(landing.get('src/components/Hero.tsx')!, '}: HeroCenteredProps) {\n', '}: HeroCenteredProps) {\n  const broken = = 1;\n') });
    // Transformed with no page connected: Vite keeps the error for the next page that connects.
    expect((await fetch(`${origin}/src/components/Hero.tsx`)).status).toBe(500);
    await serve();
    expect(await checker.check(target())).toEqual({ status: 'passed', ms: expect.any(Number) });
  }, 120_000);

  it('reports an import of a project file that does not exist as module-link, at the import', async () => {
    const app = `import Banner from './components/Banner';\n${landing.get('src/App.tsx')!.replace('<main id="main">', '<main id="main">\n        <Banner />')}`;
    await serve({ 'src/App.tsx': app });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'module-link', file: 'src/App.tsx', line: 1 });
    expect(result.error?.message).toContain('./components/Banner');
  }, 120_000);

  it("reports React's invalid element type as uncaught", async () => {
    const app = edit(landing.get('src/App.tsx')!, 'export default function App() {\n', 'const Badge = undefined as unknown as () => null;\n\nexport default function App() {\n').replace(
      '<Logos title',
      '<Badge />\n        <Logos title',
    );
    await serve({ 'src/App.tsx': app });
    const result = await checker.check(target());
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'uncaught' });
    expect(result.error?.message).toMatch(/Element type is invalid/);
  }, 120_000);

  it('passes again after a failed check once the page is fixed: the same browser, nothing carried over', async () => {
    await serve();
    const result = await checker.check(target());
    expect(result).toEqual({ status: 'passed', ms: expect.any(Number) });
    expect(checker.stats().browserLaunches).toBe(1);
  }, 120_000);

  it('gives each check a fresh context: what one page stored, the next one does not see', async () => {
    const main = `if (localStorage.getItem('seen') || document.cookie.includes('seen=1')) throw new Error('state leaked from an earlier check');\nlocalStorage.setItem('seen', '1');\ndocument.cookie = 'seen=1; max-age=3600';\n${landing.get('src/main.tsx')!}`;
    await serve({ 'src/main.tsx': main });
    expect(await checker.check(target())).toEqual({ status: 'passed', ms: expect.any(Number) });
    expect(await checker.check(target())).toEqual({ status: 'passed', ms: expect.any(Number) });
  }, 120_000);

  it('runs checks side by side up to its limit and queues the rest, each with its own verdict', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => checker.check(target())));
    expect(results).toEqual([1, 2, 3, 4].map(() => ({ status: 'passed', ms: expect.any(Number) })));
  }, 120_000);

  it('keeps the page off every other host: a request to another local server never arrives', async () => {
    let hits = 0;
    const bystander: Server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((ok) => bystander.listen(0, '127.0.0.1', ok));
    const { port } = bystander.address() as AddressInfo;
    try {
      const main = `${landing.get('src/main.tsx')!}\nawait fetch('http://127.0.0.1:${port}/').then(() => { throw new Error('reached the bystander'); }, () => undefined);\n`;
      await serve({ 'src/main.tsx': main });
      const result = await checker.check(target());
      expect(result).toEqual({ status: 'passed', ms: expect.any(Number) });
      expect(hits).toBe(0);
    } finally {
      await new Promise((ok) => bystander.close(ok));
    }
  }, 120_000);

  it('launches Chromium again after it crashed', async () => {
    await serve();
    await checker.check(target());
    const { browserPid } = checker.stats();
    expect(browserPid).not.toBeNull();
    // Debian's launcher script and Chromium below it, all started by this test's checker.
    for (const pid of processTree(browserPid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone with its parent.
      }
    }
    for (let waited = 0; checker.stats().browserPid !== null && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const result = await checker.check(target());
    expect(result).toEqual({ status: 'passed', ms: expect.any(Number) });
    expect(checker.stats().browserLaunches).toBe(2);
  }, 120_000);

  it('closes an idle browser, and launches one again for the next check', async () => {
    const idle = new RenderChecker({ idleMs: 300, timeoutMs: 45_000 });
    try {
      expect(await idle.check(target())).toEqual({ status: 'passed', ms: expect.any(Number) });
      const { browserPid } = idle.stats();
      expect(browserPid).not.toBeNull();
      for (let waited = 0; idle.stats().browserPid !== null && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(idle.stats().browserPid).toBeNull();
      // Its process is gone, not only disconnected.
      for (let waited = 0; existsSync(`/proc/${browserPid}`) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(`/proc/${browserPid}`)).toBe(false);
      expect(await idle.check(target())).toEqual({ status: 'passed', ms: expect.any(Number) });
      expect(idle.stats().browserLaunches).toBe(2);
    } finally {
      await idle.close();
    }
  }, 90_000);

  it("opens nothing but the page in a check's window (no omnibox popups of the full browser's UI)", async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    try {
      const context = await browser.newContext();
      await context.newPage();
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
      expect(targetInfos.map((t) => `${t.type} ${t.url}`)).toEqual(['page about:blank']);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('answers unavailable, without throwing, when Chromium cannot be launched', async () => {
    const broken = new RenderChecker({ chromiumPath: '/nonexistent/chromium' });
    try {
      const result = await broken.check(target());
      expect(result).toEqual({ status: 'unavailable', ms: expect.any(Number) });
      expect(broken.stats()).toMatchObject({ checks: 0, unavailable: 1, browserPid: null });
    } finally {
      await broken.close();
    }
  }, 120_000);
});
