import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { progressReader, SITE_DIR, type SiteBuilder, type SiteBuildResult, stripAnsi, tailOf } from '../site-builder.js';

function filesUnder(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'), readFileSync(join(entry.parentPath, entry.name)));
  }
  return out;
}

/**
 * For machines with no Docker engine: the same build script as a child process in a temporary folder.
 * NOT ISOLATED (the model's code is compiled, not run, but Vite plugins and config are code): the worker
 * says so when it picks this driver.
 */
export class ProcessSiteBuilder implements SiteBuilder {
  readonly kind = 'process' as const;

  constructor(private readonly opts: { previewDir: string; timeoutSeconds: number }) {}

  async build(files: Map<string, Buffer>, onProgress: (fraction: number) => void): Promise<SiteBuildResult> {
    const work = mkdtempSync(join(tmpdir(), 'studio-build-'));
    try {
      for (const [path, content] of files) {
        mkdirSync(dirname(join(work, SITE_DIR, path)), { recursive: true });
        writeFileSync(join(work, SITE_DIR, path), content);
      }
      const child = spawn(process.execPath, [resolve(this.opts.previewDir, 'agent', 'build.mjs')], {
        env: { PATH: process.env.PATH ?? '', WORK_DIR: work, PROJECT_DIR: join(work, SITE_DIR), NODE_ENV: 'production', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stdout.on('data', progressReader(onProgress));
      child.stderr.on('data', (chunk: Buffer) => (stderr = tailOf(stderr + chunk.toString(), 64_000)));
      const deadline = setTimeout(() => child.kill('SIGKILL'), this.opts.timeoutSeconds * 1000);
      const code = await new Promise<number>((ok) => child.once('exit', (c) => ok(c ?? 137)));
      clearTimeout(deadline);
      if (code !== 0) return { ok: false, output: tailOf(stripAnsi(stderr).trim() || `vite build exited with ${code}`) };
      return { ok: true, files: filesUnder(join(work, SITE_DIR, 'dist')) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
