import { resolve } from 'node:path';
import { SOURCE_LOCATION_ATTRIBUTE } from '@studio/contracts';
import { PreviewAgent } from './agent-client.js';
import type { PreviewInstance } from './preview-runtime.js';
import { ProcessRuntime } from './process/process.runtime.js';
import { ProcessSiteBuilder } from './process/process.site-builder.js';

/**
 * Edits on the page need the dev server to mark elements with where they are written (and the page to carry
 * the edit bridge); an exported or published page must carry neither. The same agent as in the image, run by
 * the process drivers: the dev server (ProcessRuntime) and the static build both exports and publishing use
 * (ProcessSiteBuilder, agent/build.mjs).
 */
const PREVIEW_DIR = resolve('docker/preview');
const APP_ORIGIN = 'http://localhost:3000';

const PROJECT = new Map<string, Buffer>(
  Object.entries({
    'index.html': '<!doctype html><html><head><title>t</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
    'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport App from './App';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
    'src/Hero.tsx': 'export default function Hero({ title }: { title: string }) {\n  return (\n    <section>\n      <h1>{title}</h1>\n    </section>\n  );\n}\n',
    'src/App.tsx': 'import Hero from \'./Hero\';\n\nexport default function App() {\n  return <Hero title="Launch day" />;\n}\n',
  }).map(([path, text]) => [path, Buffer.from(text)]),
);

// Everything the dev-server side adds to a page: the attribute, the owners' registry, the wrapper, the bridge.
const MARKERS = [SOURCE_LOCATION_ATTRIBUTE, '__studioOwners', 'studio-jsx-dev-runtime', 'page-bridge', 'studio:page-edit', 'jsxDEV'];

describe('source locations in the dev server', () => {
  let runtime: ProcessRuntime;
  let instance: PreviewInstance;

  beforeAll(async () => {
    runtime = new ProcessRuntime({ previewDir: PREVIEW_DIR, allowedHosts: ['.preview.localhost'], appOrigin: APP_ORIGIN, log: { warn: () => undefined, error: (m) => console.error(m) } });
    await runtime.prepare();
    instance = await runtime.create({ sessionId: 'source-locations-spec', warm: false });
    await new PreviewAgent(instance).sync({ version: 1, replace: true, writes: [...PROJECT].map(([path, data]) => ({ path, data })) });
  }, 120_000);
  afterAll(() => runtime?.close());

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${instance.vitePort}${path}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('gives project modules the wrapped jsxDEV, which marks elements with their file, line and column', async () => {
    const app = await get('/src/Hero.tsx');
    const wrapperUrl = /from\s+"(\/@id\/__x00__studio-jsx-dev-runtime)"/.exec(app)?.[1];
    expect(wrapperUrl).toBeDefined();
    expect(app).toContain('lineNumber: 4');
    const wrapper = await get(wrapperUrl!);
    // It imports React's own (pre-bundled) runtime and knows the project's root.
    expect(wrapper).toMatch(/from\s+"[^"]*\/\.vite\/deps\/react_jsx-dev-runtime\.js\?v=/);
    expect(wrapper).toContain(SOURCE_LOCATION_ATTRIBUTE);
  }, 60_000);

  it('adds the edit bridge to the page, talking to the app origin only', async () => {
    const html = await get('/');
    expect(html).toContain('/@studio/page-bridge');
    const bridge = await get('/@studio/page-bridge');
    expect(bridge).toContain(`"appOrigin":"${APP_ORIGIN}"`);
  }, 60_000);
});

describe('the static build (exports and published sites)', () => {
  it('carries no source locations, no jsxDEV and no bridge', async () => {
    const builder = new ProcessSiteBuilder({ previewDir: PREVIEW_DIR, timeoutSeconds: 180 });
    const built = await builder.build(PROJECT, () => undefined);
    expect(built.ok).toBe(true);
    const files = built.ok ? [...built.files] : [];
    const js = files.filter(([p]) => p.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    // The page is in it (the build did compile the project's text) ...
    expect(js.map(([, b]) => b.toString('utf8')).join('\n')).toContain('Launch day');
    // ... and nothing of the dev server's is, in any file.
    for (const [path, content] of files) {
      const text = content.toString('utf8');
      for (const marker of MARKERS) expect({ path, marker, found: text.includes(marker) }).toEqual({ path, marker, found: false });
    }
  }, 200_000);
});
