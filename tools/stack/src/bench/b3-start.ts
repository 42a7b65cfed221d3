import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BenchClient, wallNow } from './bench-client.js';
import { containerIp, directGet, docker, previewGet, signIn, until200 } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/** Raw reference: `docker run` of the same image (its agent starts Vite at once) → Vite answers 200. */
export async function rawDockerRun(image: string, network: string, n = N, ociRuntime = 'runc'): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t0 = wallNow();
    const id = await docker('run', '-d', `--runtime=${ociRuntime}`, '--network', network, '-e', `AGENT_TOKEN=${randomBytes(16).toString('hex')}`, '-e', 'PREVIEW_WARM=1', image);
    const ip = await containerIp(id);
    const at = await until200(() => directGet(`http://${ip}:5173/`));
    if (i > 0) samples.push(at - t0);
    await docker('rm', '-f', '-v', id);
  }
  return samples;
}

interface Started {
  client: BenchClient;
  projectId: string;
  origin: string;
  cookie: string;
}

/** POST /preview → the preview URL answers 200 with the project's page through the proxy. */
async function timedStart(apiUrl: string, tag: string): Promise<{ ms: number; started: Started }> {
  const client = new BenchClient(apiUrl);
  await client.signUp(tag);
  const projectId = await client.project(tag);
  const t0 = wallNow();
  const view = await client.call<{ url: string }>('POST', `/api/projects/${projectId}/preview`);
  const { origin, cookie } = await signIn(view.url);
  const at = await until200(async () => (await previewGet(`${origin}/`, cookie)).status);
  return { ms: at - t0, started: { client, projectId, origin, cookie } };
}

export async function measureColdStarts(apiUrl: string, n = N): Promise<{ samples: number[]; started: Started[] }> {
  const samples: number[] = [];
  const started: Started[] = [];
  for (let i = 0; i <= n; i++) {
    const r = await timedStart(apiUrl, `b3-cold-${i}`);
    if (i > 0) samples.push(r.ms);
    started.push(r.started);
  }
  return { samples, started };
}

/** With the warm pool kept full, each start claims a started instance; waits for the pool to refill between. */
export async function measureWarmStarts(apiUrl: string, databaseUrl: string, pool: number, n = N): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const samples: number[] = [];
  try {
    for (let i = 0; i <= n; i++) {
      const deadline = Date.now() + 120_000;
      while (Number((await db.query(`SELECT count(*) FROM preview_sessions WHERE status = 'warm' AND instance_id IS NOT NULL`)).rows[0].count) < pool) {
        if (Date.now() > deadline) throw new Error('the warm pool did not refill');
        await new Promise((r) => setTimeout(r, 100));
      }
      const r = await timedStart(apiUrl, `b3-warm-${i}`);
      if (i > 0) samples.push(r.ms);
      await r.started.client.call('DELETE', `/api/projects/${r.started.projectId}/preview`);
    }
  } finally {
    await db.end();
  }
  return samples;
}

/**
 * Resume: the preview is paused exactly as the idle reaper pauses it (the container frozen, the session
 * marked paused); then a visit through the proxy → 200.
 */
export async function measureResumes(started: Started[], databaseUrl: string): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const samples: number[] = [];
  try {
    for (const s of started) {
      const row = (await db.query('SELECT id, instance_id FROM preview_sessions WHERE project_id = $1', [s.projectId])).rows[0];
      await docker('pause', row.instance_id);
      await db.query(`UPDATE preview_sessions SET status = 'paused' WHERE id = $1`, [row.id]);
      const t0 = wallNow();
      const res = await previewGet(`${s.origin}/`, s.cookie);
      if (res.status !== 200) throw new Error(`resume answered ${res.status}`);
      samples.push(wallNow() - t0);
    }
  } finally {
    await db.end();
  }
  return samples.slice(1);
}

export const b3Rows = (raw: number[], cold: number[], warm: number[] | null, resume: number[]): Row[] => {
  const reference = { name: 'raw `docker run` of the image → Vite answers 200', stats: stats(raw) };
  return [
    { figure: 'B3 POST /preview → 200 through the proxy, cold (no warm pool)', stats: stats(cold), reference, bar: '≤ 1.2× raw' },
    ...(warm ? [{ figure: 'B3 POST /preview → 200, from the warm pool', stats: stats(warm), reference, bar: '≤ 150 ms' }] : []),
    { figure: 'B3 visit of a paused preview → 200 (resume)', stats: stats(resume), reference, bar: '≤ 100 ms' },
  ];
};
