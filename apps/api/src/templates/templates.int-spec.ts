import { execFile, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Every template in templates/ type-checks, builds with `vite build`, and runs under Vite's dev server
 * (the way a preview serves it). Version 1 of a new project is exactly these files.
 */
const TEMPLATES = resolve('templates');
// Vite runs as its own process, as in a preview (its native bundler does not load inside jest's VM realm).
const VITE = resolve('node_modules/vite/bin/vite.js');
const run = promisify(execFile);

const freePort = () =>
  new Promise<number>((ok) => {
    const srv = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
const templateDirs = readdirSync(TEMPLATES).filter((d) => existsSync(join(TEMPLATES, d, 'template.json')));

describe.each(templateDirs)('template %s', (dir) => {
  // Vite writes caches next to the project it serves: work on a copy inside the repo (so packages resolve
  // from its node_modules), never in templates/ itself.
  let root: string;
  beforeAll(() => {
    mkdirSync('test-artifacts/templates', { recursive: true });
    root = mkdtempSync(resolve('test-artifacts/templates', `${dir}-`));
    cpSync(join(TEMPLATES, dir), root, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('has a valid manifest and the files a Vite + React + TypeScript project needs', () => {
    const manifest = JSON.parse(readFileSync(join(TEMPLATES, dir, 'template.json'), 'utf8'));
    expect(manifest).toEqual(expect.objectContaining({ id: dir, name: expect.any(String), description: expect.any(String) }));
    for (const file of ['package.json', 'index.html', 'vite.config.ts', 'tsconfig.json', 'src/main.tsx', 'src/App.tsx']) {
      expect(existsSync(join(root, file))).toBe(true);
    }
  });

  it('type-checks', async () => {
    await expect(run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')])).resolves.toBeDefined();
  }, 60_000);

  it('builds with vite build into an index.html whose assets all exist', async () => {
    const outDir = mkdtempSync(join(tmpdir(), `template-${dir}-`));
    try {
      await run(process.execPath, [VITE, 'build', root, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]);
      expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
      expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
      for (const asset of assets) expect(existsSync(join(outDir, asset))).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs under the Vite dev server: the page and its modules are served', async () => {
    const port = await freePort();
    const vite = spawn(process.execPath, [VITE, root, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Colours would split the URL Vite prints (picocolors turns them on whenever CI is set).
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    try {
      // Ready when Vite says so on stdout (never a fixed sleep).
      await new Promise<void>((ok, fail) => {
        let out = '';
        vite.stdout.on('data', (d) => {
          out += String(d).replace(/\x1b\[[0-9;]*m/g, '');
          if (out.includes(`127.0.0.1:${port}`)) ok();
        });
        vite.once('exit', (code) => fail(new Error(`vite exited with ${code}: ${out}`)));
      });
      const base = `http://127.0.0.1:${port}/`;
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      const app = await fetch(new URL('src/App.tsx', base));
      expect(app.status).toBe(200);
      expect(await app.text()).toMatch(/import .*Hero/);
    } finally {
      vite.kill('SIGTERM');
    }
  }, 60_000);
});
