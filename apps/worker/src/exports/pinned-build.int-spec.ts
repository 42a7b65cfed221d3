import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog } from '@studio/catalog';
import { PreviewAgent, type PreviewInstance, ProcessRuntime, ProcessSiteBuilder } from '@studio/containers';
import { MAX_NAME_BYTES } from '@studio/files';

/**
 * Issue 16: the static build (docker/preview/agent/build.mjs) and the preview's dev server (vite-server.mjs)
 * load no project-supplied build configuration, so files that got past the protected-file rule (written
 * straight into the store, or from before it) still run nothing. Each config below would write a marker file
 * if it ran. The same agent as in the image, run by the process drivers (ProcessSiteBuilder, ProcessRuntime).
 */
const PREVIEW_DIR = resolve('docker/preview');
let landing: Map<string, Buffer>;
const markers: string[] = [];

function marker(): string {
  const path = join(tmpdir(), `studio-pinned-${randomUUID()}`);
  markers.push(path);
  return path;
}

/** Project files that would run code at build time if the build loaded them, each writing its own marker. */
function hostileConfig() {
  const ran = { postcss: marker(), tailwindPlugin: marker(), tailwindConfig: marker() };
  const write = (path: string) => `require('node:fs').writeFileSync(${JSON.stringify(path)}, 'ran');`;
  const files = new Map<string, Buffer>([
    ['postcss.config.cjs', Buffer.from(`${write(ran.postcss)}\nmodule.exports = { plugins: [] };\n`)],
    ['.env', Buffer.from('VITE_LEAKED=from-the-project-env\n')],
    ['src/evil-plugin.cjs', Buffer.from(`${write(ran.tailwindPlugin)}\nmodule.exports = function () {};\n`)],
    ['src/evil-config.cjs', Buffer.from(`${write(ran.tailwindConfig)}\nmodule.exports = {};\n`)],
  ]);
  return { ran, files };
}

const withCss = (css: string) => `${landing.get('src/index.css')!.toString('utf8')}\n${css}\n`;

beforeAll(async () => {
  const catalog = await loadCatalog(resolve('templates'));
  landing = new Map(catalog.templates.get('landing')!.files.map((f) => [f.path, f.content]));
});

afterAll(() => {
  for (const path of markers) rmSync(path, { force: true });
});

describe('the static build loads no project configuration', () => {
  const builder = new ProcessSiteBuilder({ previewDir: PREVIEW_DIR, timeoutSeconds: 180 });

  it('ignores postcss.config.* and .env: the build succeeds and nothing of them ran', async () => {
    const { ran, files } = hostileConfig();
    const main = `${landing.get('src/main.tsx')!.toString('utf8')}\nconsole.log('leak:' + String(import.meta.env.VITE_LEAKED));\n`;
    const built = await builder.build(new Map([...landing, ...files, ['src/main.tsx', Buffer.from(main)]]), () => undefined);
    expect(built.ok).toBe(true);
    expect(existsSync(ran.postcss)).toBe(false);
    const js = built.ok
      ? [...built.files]
          .filter(([p]) => p.endsWith('.js'))
          .map(([, b]) => b.toString('utf8'))
          .join('\n')
      : '';
    expect(js).toContain('leak:');
    expect(js).not.toContain('from-the-project-env');
  }, 200_000);

  it.each([
    ['@plugin', 'tailwindPlugin', '@plugin "./evil-plugin.cjs";'],
    ['@config', 'tailwindConfig', '@config "./evil-config.cjs";'],
  ] as const)(
    'refuses Tailwind’s %s (it would load a project module in Node), running nothing',
    async (_directive, key, css) => {
      const { ran, files } = hostileConfig();
      const built = await builder.build(new Map([...landing, ...files, ['src/index.css', Buffer.from(withCss(css))]]), () => undefined);
      expect(built.ok).toBe(false);
      expect(built.ok ? '' : built.output).toMatch(/not supported in this project/);
      expect(existsSync(ran[key])).toBe(false);
    },
    200_000,
  );
});

describe('the preview dev server loads no project configuration', () => {
  let runtime: ProcessRuntime;
  let instance: PreviewInstance;
  let version = 0;

  beforeAll(async () => {
    runtime = new ProcessRuntime({ previewDir: PREVIEW_DIR, allowedHosts: ['.preview.localhost'], log: { warn: () => undefined, error: (m) => console.error(m) } });
    await runtime.prepare();
    instance = await runtime.create({ sessionId: 'pinned-build-spec', warm: false });
  }, 120_000);
  afterAll(() => runtime?.close());

  const serve = (files: Map<string, Buffer>) => new PreviewAgent(instance).sync({ version: ++version, replace: true, writes: [...files].map(([path, data]) => ({ path, data })) });
  const get = (path: string) => fetch(`http://127.0.0.1:${instance.vitePort}${path}`);

  it('serves the page while postcss.config.* and .env sit in the project, and runs neither', async () => {
    const { ran, files } = hostileConfig();
    const main = `${landing.get('src/main.tsx')!.toString('utf8')}\nconsole.log('leak:' + String(import.meta.env.VITE_LEAKED));\n`;
    await serve(new Map([...landing, ...files, ['src/main.tsx', Buffer.from(main)]]));
    const css = await get('/src/index.css');
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('--color-');
    expect(existsSync(ran.postcss)).toBe(false);
    const module = await get('/src/main.tsx');
    expect(module.status).toBe(200);
    const code = await module.text();
    expect(code).toContain('leak:');
    expect(code).not.toContain('from-the-project-env');
  }, 120_000);

  it('answers a stylesheet with Tailwind’s @plugin or @config with an error, running nothing', async () => {
    const { ran, files } = hostileConfig();
    await serve(new Map([...landing, ...files, ['src/index.css', Buffer.from(withCss('@plugin "./evil-plugin.cjs";\n@config "./evil-config.cjs";'))]]));
    const css = await get('/src/index.css');
    expect(css.status).toBe(500);
    expect(existsSync(ran.tailwindPlugin)).toBe(false);
    expect(existsSync(ran.tailwindConfig)).toBe(false);
  }, 120_000);

  it(`writes and serves a file whose name is the longest the path rule allows (${MAX_NAME_BYTES} bytes)`, async () => {
    const name = `${'n'.repeat(MAX_NAME_BYTES - 4)}.txt`;
    expect(Buffer.byteLength(name)).toBe(MAX_NAME_BYTES);
    // (Not under public/: with file watching off, Vite lists public/ once, at its start.)
    await serve(new Map([...landing, [`src/${name}`, Buffer.from('the longest name')]]));
    const res = await get(`/src/${name}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('the longest name');
  }, 120_000);
});
