import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { BenchClient } from './bench-client.js';
import { writeDefaultTemplate } from './default-template.js';
import { rawViteInImage } from './preview-bench.js';
import { type Row, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/** Export outcomes as the project's socket reports them, waited on by export id (the event may come first). */
class Outcomes {
  private readonly done = new Map<string, string | null>();
  private readonly waiters = new Map<string, () => void>();

  constructor(socket: Socket) {
    socket.on('export:ready', (e: { exportId: string }) => this.settle(e.exportId, null));
    socket.on('export:failed', (e: { exportId: string; error: unknown }) => this.settle(e.exportId, JSON.stringify(e.error)));
  }

  private settle(id: string, error: string | null) {
    this.done.set(id, error);
    this.waiters.get(id)?.();
  }

  async wait(id: string): Promise<void> {
    if (!this.done.has(id)) await new Promise<void>((resolve) => this.waiters.set(id, resolve));
    const error = this.done.get(id);
    if (error) throw new Error(`B6: the export failed: ${error}`);
  }
}

/**
 * B6, static part: our static export of the default template, beside a raw `vite build` of the same files
 * in the same image (its CLI, the project's own vite.config.ts, files through a bind mount, no network),
 * both timed from the request to a finished build, measured in the same run.
 */
export async function benchStaticExport(apiUrl: string, image: string): Promise<Row[]> {
  const client = new BenchClient(apiUrl);
  await client.signUp('b6');
  const projectId = await client.project('b6 static');
  const socket = await client.socket();
  const outcomes = new Outcomes(socket);
  await socket.timeout(5000).emitWithAck('project:join', { projectId });

  const dir = mkdtempSync(join(tmpdir(), 'b6-raw-'));
  try {
    // POST a static export → `export:ready`: the whole job (files, container, build, zip, upload).
    const ours = await timeIt(N, async () => outcomes.wait((await client.call<{ id: string }>('POST', `/api/projects/${projectId}/exports`, { kind: 'static' })).id));
    await writeDefaultTemplate(dir);
    const raw = await timeIt(N, () => rawViteInImage(image, dir, ['--rm', '--network', 'none'], ['build', '/work/project', '--logLevel', 'error']));
    return [
      {
        figure: 'B6 static export of the landing template (POST → export:ready)',
        stats: stats(ours),
        reference: { name: 'raw vite build in the same image (docker run)', stats: stats(raw) },
        bar: '≤ 1.3× raw build',
      },
    ];
  } finally {
    socket.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
