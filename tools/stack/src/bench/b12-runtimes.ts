import pg from 'pg';
import { HERO, hero, type OurPreview, ourPreview } from './b2-hmr.js';
import { measureColdStarts, rawDockerRun } from './b3-start.js';
import { wallNow } from './bench-client.js';
import { containerWorkingSetMb, docker } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/** The runtimes B12 compares (BENCH_RUNTIMES); the first is the reference each other one is shown beside. */
export const benchRuntimes = () => (process.env.BENCH_RUNTIMES ?? 'runc,runsc').split(',').filter(Boolean);

export interface RuntimeFigures {
  runtime: string;
  /** `docker run` of the image under the runtime → Vite answers 200. */
  raw: number[];
  /** POST /preview → 200 through the proxy, no warm pool. */
  cold: number[];
  /** Working set of each idle preview, MB (not ms: the table's columns read as MB for this row). */
  idleMb: number[];
  /** A file batch sent to the preview's agent (as the worker syncs one) → HMR update at a client through the proxy. */
  hmr: number[];
}

/**
 * B12, one runtime: the caller has restarted the stack's apps with PREVIEW_OCI_RUNTIME=<runtime> and no warm
 * pool. The same measurements as B3 (start), B4 (idle memory) and B2 (HMR), so each reads beside theirs.
 */
export async function measureRuntime(apiUrl: string, databaseUrl: string, image: string, network: string, stackId: string, runtime: string, n = N): Promise<RuntimeFigures> {
  const raw = await rawDockerRun(image, network, n, runtime);
  const cold = (await measureColdStarts(apiUrl, n)).samples;
  const probe = await ourPreview(apiUrl, `b12-${runtime}`);
  const hmr = await measureSyncHmr(probe, databaseUrl, n);
  probe.hmr.close();
  probe.socket.close();
  await new Promise((r) => setTimeout(r, 5000)); // let start-up and HMR work settle before "idle" is measured
  // This phase's previews: a container the previous phase's worker was still starting as it stopped is left out.
  const all = (await docker('ps', '-q', '--no-trunc', '--filter', 'label=studio.preview=1', '--filter', `label=studio.stack=${stackId}`)).split('\n').filter(Boolean);
  const ids: string[] = [];
  for (const id of all) if ((await docker('inspect', '-f', '{{.HostConfig.Runtime}}', id)) === runtime) ids.push(id);
  if (!ids.length) throw new Error(`B12: no preview runs under ${runtime}`);
  return { runtime, raw, cold, idleMb: ids.map(containerWorkingSetMb), hmr };
}

/**
 * The runtime's share of B2: the worker's sync (PUT /files to the agent, the file as a turn's `</code>` sends
 * it) → Vite's HMR update at a websocket client through the proxy. No turn: the model and the parser cost the
 * same under every runtime.
 */
async function measureSyncHmr(p: OurPreview, databaseUrl: string, n: number): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { instance_id: id, host } = (await db.query('SELECT instance_id, host FROM preview_sessions WHERE project_id = $1', [p.projectId])).rows[0];
  await db.end();
  const env: string[] = JSON.parse(await docker('inspect', '-f', '{{json .Config.Env}}', id));
  const agentToken = env.find((e) => e.startsWith('AGENT_TOKEN='))!.slice('AGENT_TOKEN='.length);
  const samples: number[] = [];
  for (let i = 0; i <= n; i++) {
    const update = p.hmr.nextUpdate(`/${HERO}`);
    const t0 = wallNow();
    const res = await fetch(`http://${host}:7070/files`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: null, writes: [{ path: HERO, data: Buffer.from(hero(2000 + i)).toString('base64') }] }),
    });
    if (!res.ok) throw new Error(`B12: the agent answered ${res.status}`);
    const at = await Promise.race([update, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('B12: no HMR update within 10 s')), 10_000))]);
    if (i > 0) samples.push(at - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

/** Each runtime's figures beside the reference runtime's (the first measured), as docs/BENCHMARKS.md asks. */
export function b12Rows([reference, ...others]: RuntimeFigures[]): Row[] {
  const ref = (name: string, samples: number[]) => ({ name: `${reference.runtime}: ${name}`, stats: stats(samples) });
  return others.flatMap((f) => [
    { figure: `B12 ${f.runtime}: raw \`docker run\` → Vite 200`, stats: stats(f.raw), reference: ref('the same', reference.raw) },
    { figure: `B12 ${f.runtime}: POST /preview → 200, cold`, stats: stats(f.cold), reference: ref('the same', reference.cold) },
    { figure: `B12 ${f.runtime}: idle preview working set (MB)`, stats: stats(f.idleMb), reference: ref('the same (MB)', reference.idleMb) },
    { figure: `B12 ${f.runtime}: sync to the agent → HMR update at a client`, stats: stats(f.hmr), reference: ref('the same', reference.hmr) },
  ]);
}
