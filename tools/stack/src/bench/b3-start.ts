import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { PreviewAgent } from '@studio/containers';
import pg from 'pg';
import { BenchClient, wallNow } from './bench-client.js';
import { defaultTemplateFiles } from './default-template.js';
import { containerCpuMs, containerIp, directPage, docker, previewGet, signIn, untilProjectPage } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/**
 * Raw reference: the same job with nothing of the product around it. `docker run` of the image (its agent starts
 * Vite over the stand-in page at once, as a preview's does), one PUT of the default template's files to the
 * agent, then Vite answers 200 with the project's page.
 */
export async function rawDockerRun(image: string, network: string, n = N, ociRuntime = 'runc'): Promise<number[]> {
  const writes = Object.entries(await defaultTemplateFiles()).map(([path, data]) => ({ path, data }));
  const samples: number[] = [];
  for (let i = 0; i <= n; i++) {
    const token = randomBytes(16).toString('hex');
    const t0 = wallNow();
    const id = await docker('run', '-d', `--runtime=${ociRuntime}`, '--network', network, '-e', `AGENT_TOKEN=${token}`, '-e', 'PREVIEW_WARM=1', image);
    const ip = await containerIp(id);
    const agent = new PreviewAgent({ host: ip, agentPort: 7070, token });
    await agent.waitUntilUp(30_000);
    await agent.sync({ version: 1, replace: true, writes });
    const at = await untilProjectPage(() => directPage(`http://${ip}:5173/`));
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

/** POST /preview → the preview URL answers 200 with the project's page (not the warm stand-in's) through the proxy. */
async function timedStart(apiUrl: string, tag: string): Promise<{ ms: number; started: Started }> {
  const client = new BenchClient(apiUrl);
  await client.signUp(tag);
  const projectId = await client.project(tag);
  const t0 = wallNow();
  const view = await client.call<{ url: string }>('POST', `/api/projects/${projectId}/preview`);
  const { origin, cookie } = await signIn(view.url);
  const at = await untilProjectPage(() => previewGet(`${origin}/`, cookie));
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
 * marked paused); then a visit through the proxy → 200. Its limit, measured on the same container just before:
 * the engine's own unpause through its API (as the worker's driver asks it) and Vite's answer, nothing else.
 */
export async function measureResumes(started: Started[], databaseUrl: string): Promise<{ samples: number[]; reference: number[] }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const samples: number[] = [];
  const reference: number[] = [];
  try {
    for (const s of started) {
      const row = (await db.query('SELECT id, instance_id FROM preview_sessions WHERE project_id = $1', [s.projectId])).rows[0];
      const ip = await containerIp(row.instance_id);
      await untilIdle(row.instance_id);
      await pauseContainer(row.instance_id);
      const r0 = wallNow();
      await engineUnpause(row.instance_id);
      const page = await directPage(`http://${ip}:5173/`);
      if (page.status !== 200) throw new Error(`Vite answered ${page.status} after the engine's unpause`);
      reference.push(wallNow() - r0);

      // A GET makes Vite transform the page's modules in the background: paused before that work ends, the next
      // thaw would pay for it. The reaper pauses previews idle for minutes; so is this one first.
      await untilIdle(row.instance_id);
      await pauseContainer(row.instance_id);
      await db.query(`UPDATE preview_sessions SET status = 'paused' WHERE id = $1`, [row.id]);
      const t0 = wallNow();
      const res = await previewGet(`${s.origin}/`, s.cookie);
      if (res.status !== 200) throw new Error(`resume answered ${res.status}`);
      samples.push(wallNow() - t0);
    }
  } finally {
    await db.end();
  }
  return { samples: samples.slice(1), reference: reference.slice(1) };
}

/**
 * Waits until the container uses (almost) no CPU: under 2 ms of it in 300 ms, 10 s at most. Without cgroup v1's
 * accounting to read (another engine setup), a fixed 2 s instead.
 */
async function untilIdle(id: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let before: number;
  try {
    before = containerCpuMs(id);
  } catch {
    return new Promise((r) => setTimeout(r, 2000));
  }
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    const now = containerCpuMs(id);
    if (now - before < 2) return;
    before = now;
  }
}

/** The engine's unpause through its API on the default socket, as dockerode sends it (no CLI process in the way). */
function engineUnpause(id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: '/var/run/docker.sock', method: 'POST', path: `/containers/${id}/unpause` }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`the engine's unpause answered ${res.statusCode}`))));
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * `docker pause`, tried again while the engine cannot freeze the container yet: on cgroup v1 the freezer gives up
 * on a process busy in the kernel ("unable to freeze"), as a preview still compiling its first page can be.
 * The idle reaper only pauses previews idle for minutes; a benchmark pauses one seconds after its start.
 */
async function pauseContainer(id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await docker('pause', id);
      return;
    } catch (err) {
      if (attempt >= 10 || !String((err as Error).message).includes('unable to freeze')) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const b3Rows = (raw: number[], cold: number[], warm: number[] | null, resume: { samples: number[]; reference: number[] }): Row[] => {
  const reference = { name: "raw `docker run` of the image + one PUT of the files → the project's page", stats: stats(raw) };
  return [
    { figure: "B3 POST /preview → the project's page through the proxy, cold (no warm pool)", stats: stats(cold), reference, bar: '≤ 1.2× raw' },
    ...(warm ? [{ figure: "B3 POST /preview → the project's page, from the warm pool", stats: stats(warm), reference, bar: '≤ 150 ms' }] : []),
    {
      figure: 'B3 visit of a paused preview → 200 (resume)',
      stats: stats(resume.samples),
      reference: { name: "the engine's unpause (its API) + Vite's answer, same containers", stats: stats(resume.reference) },
      bar: '≤ 100 ms',
    },
  ];
};
