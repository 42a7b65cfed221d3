import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Exactly the preview image's packages (installed on the host by `./studio test`), so a build here is a build there. */
const PREVIEW_MODULES = resolve('docker/preview/node_modules');
const TSC = resolve('node_modules/typescript/bin/tsc');

/**
 * A project's files on disk, the way a preview or an export sees them: written to a temporary folder whose
 * node_modules is the preview image's. Type-checked with the project's own tsconfig, built with its own
 * vite.config.ts, each in its own process (Vite's native bundler does not load inside jest's VM realm).
 */
export class PageProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'studio-page-'));

  constructor(files: { path: string; content: Buffer | string }[]) {
    for (const f of files) {
      mkdirSync(dirname(join(this.dir, f.path)), { recursive: true });
      writeFileSync(join(this.dir, f.path), f.content);
    }
    symlinkSync(PREVIEW_MODULES, join(this.dir, 'node_modules'), 'dir');
  }

  /** tsc's output when the project does not type-check; '' when it does. */
  async typeErrors(): Promise<string> {
    return run(process.execPath, [TSC, '-p', this.dir], { maxBuffer: 8 << 20 }).then(
      () => '',
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || 'tsc failed',
    );
  }

  /** `vite build`; resolves to dist/, rejects with Vite's error output. */
  async build(): Promise<string> {
    const vite = join(PREVIEW_MODULES, 'vite/bin/vite.js');
    await run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: this.dir, maxBuffer: 8 << 20 }).catch((err: { stderr?: string; stdout?: string }) => {
      throw new Error(`vite build failed:\n${err.stderr ?? ''}${err.stdout ?? ''}`);
    });
    return join(this.dir, 'dist');
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** A plain static file server over a build's output, like any host an exported site would go to. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent((req.url ?? '/').split('?')[0])));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = readFileSync(path.endsWith('/') ? join(path, 'index.html') : path);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}
