import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeploymentView } from '@studio/contracts';
import { createDataSource, DeploymentsRepository } from '@studio/data';
import { S3ObjectStore } from '@studio/files';
import autocannon from 'autocannon';
import { say } from '../log.js';
import { freePort } from '../ports.js';
import { startNginx } from './b9-nginx.js';
import { BenchClient } from './bench-client.js';
import { type Row, type Stats, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);
// Publishing runs a build each time: a handful of samples say enough, and the load runs are what B9 is about.
const PUBLISHES = Math.min(N, 5);
const LOAD_RUNS = Math.min(N, 5);
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_B9_SECONDS ?? 10);
const PUBLISH_TIMEOUT_MS = 300_000;

/** One load run's figures. */
interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface B9Figure {
  path: string;
  encoding: string;
  ours: Load[];
  nginx: Load[];
}

export interface B9Result {
  rows: Row[];
  figures: B9Figure[];
  /** Our brotli answers beside them (nginx here has no brotli module): no reference, the figure alone. */
  brotli: { path: string; ours: Load[] }[];
  publish: { deploymentId: string; buildMs?: number; publishMs?: number }[];
}

/** Publishes the project's head and waits until the deployment is ready (throws on failed). */
async function publishOnce(client: BenchClient, projectId: string): Promise<DeploymentView> {
  const started = await client.call<DeploymentView>('POST', `/api/projects/${projectId}/deployments`, {});
  const deadline = Date.now() + PUBLISH_TIMEOUT_MS;
  for (;;) {
    const view = await client.call<DeploymentView>('GET', `/api/deployments/${started.id}`);
    if (view.status === 'ready') return view;
    if (view.status === 'failed') throw new Error(`B9: the deployment failed: ${JSON.stringify(view.error)}`);
    if (Date.now() > deadline) throw new Error(`B9: deployment still ${view.status} after ${PUBLISH_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The deployment's files as nginx serves them from disk: each file, and its `.gz` copy beside it. */
async function exportDeployment(deploymentId: string, root: string): Promise<{ html: string; asset: string }> {
  const db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 1, applicationName: 'bench-b9' });
  await db.initialize();
  const store = S3ObjectStore.fromEnvironment();
  try {
    const row = await new DeploymentsRepository(db).findById(deploymentId);
    if (!row?.manifest) throw new Error(`B9: deployment ${deploymentId} has no manifest`);
    const write = async (key: string, path: string) => {
      const body = await store.get(key);
      if (!body) throw new Error(`B9: object ${key} is missing`);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk));
      mkdirSync(dirname(join(root, path)), { recursive: true, mode: 0o755 });
      writeFileSync(join(root, path), Buffer.concat(chunks), { mode: 0o644 });
    };
    for (const [path, file] of Object.entries(row.manifest.files)) {
      await write(file.key, path);
      if (file.gz) await write(file.gz.key, `${path}.gz`);
    }
    const asset = Object.keys(row.manifest.files).find((p) => row.manifest?.files[p].immutable && p.endsWith('.js'));
    if (!asset) throw new Error('B9: the deployment has no hashed script');
    return { html: '/', asset: `/${asset}` };
  } finally {
    store.destroy();
    await db.destroy();
  }
}

async function load(port: number, host: string, path: string, encoding: string, seconds = SECONDS): Promise<Load> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: CONNECTIONS, duration: seconds, headers: { host, 'accept-encoding': encoding } });
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * B9: a published landing page under an HTTP load tool (autocannon: 50 connections, 10 s per run), its HTML
 * and a hashed script, through the site host; beside Debian's nginx serving the same deployment's files from
 * disk in the same run, with `Accept-Encoding: gzip` for both (each sends its precompressed `.gz`). Runs
 * alternate between the two so load on the machine falls on both alike. Also: publish (POST → ready) beside
 * the raw build inside it (the deployment's `buildMs`).
 */
export async function benchSites(apiUrl: string, sitesPort: number, sitesDomain: string, log: (line: string) => void): Promise<B9Result> {
  const client = new BenchClient(apiUrl);
  await client.signUp('b9');
  const projectId = await client.project('B9 landing');
  const slug = `b9-${randomInt(1e9)}`;
  await client.call('PUT', `/api/projects/${projectId}/site`, { slug });
  const published: DeploymentView[] = [];
  const wall = await timeIt(PUBLISHES, async () => published.push(await publishOnce(client, projectId)));
  const counted = published.slice(1);
  const live = published[published.length - 1];
  const buildMs = counted.flatMap((d) => (d.buildMs === undefined ? [] : [d.buildMs]));

  const dir = mkdtempSync(join(tmpdir(), 'b9-nginx-'));
  const root = join(dir, 'site');
  mkdirSync(root, { mode: 0o755 });
  chmodSync(root, 0o755);
  const nginxPort = await freePort();
  try {
    const paths = await exportDeployment(live.id, root);
    const nginx = await startNginx(root, dir, nginxPort, log);
    const host = `${slug}.${sitesDomain}:${sitesPort}`;
    try {
      const figures: B9Figure[] = [paths.html, paths.asset].map((path) => ({ path, encoding: 'gzip', ours: [], nginx: [] }));
      const brotli: B9Result['brotli'] = [paths.html, paths.asset].map((path) => ({ path, ours: [] }));
      // Warm-up, not counted: the site host's caches and both servers' first connections.
      for (const f of figures) {
        await load(sitesPort, host, f.path, 'gzip', 2);
        await load(nginxPort, `127.0.0.1:${nginxPort}`, f.path, 'gzip', 2);
      }
      for (let run = 0; run < LOAD_RUNS; run++) {
        for (const f of figures) {
          f.ours.push(await load(sitesPort, host, f.path, f.encoding));
          f.nginx.push(await load(nginxPort, `127.0.0.1:${nginxPort}`, f.path, f.encoding));
        }
        for (const b of brotli) b.ours.push(await load(sitesPort, host, b.path, 'br'));
        say(`B9: load run ${run + 1}/${LOAD_RUNS} done`);
      }
      return { rows: publishRows(wall, buildMs), figures, brotli, publish: published.map((d) => ({ deploymentId: d.id, buildMs: d.buildMs, publishMs: d.publishMs })) };
    } finally {
      await nginx.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function publishRows(wall: number[], buildMs: number[]): Row[] {
  const reference: Stats | undefined = buildMs.length ? stats(buildMs) : undefined;
  return [
    {
      figure: 'B9 publish, landing template (POST → ready)',
      stats: stats(wall),
      ...(reference ? { reference: { name: "the raw vite build inside it (the deployment's buildMs)", stats: reference } } : {}),
      bar: 'none: the difference is SEO, screenshot, compression, upload',
    },
  ];
}

/** The load table: median requests/s and p99 over the runs, ours beside nginx's, with the bars. */
export function printLoad(result: B9Result): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`\nB9 published site under load (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, n=${LOAD_RUNS} runs; median of runs)`);
  out(
    `${'path'.padEnd(44)} ${'enc'.padEnd(5)} ${'ours req/s'.padStart(11)} ${'nginx req/s'.padStart(12)} ${'ratio'.padStart(6)} ${'≥0.5'.padStart(5)} ${'ours p99'.padStart(9)} ${'nginx p99'.padStart(10)} ${'ratio'.padStart(6)} ${'≤2'.padStart(3)}`,
  );
  for (const f of result.figures) {
    const ours = median(f.ours.map((l) => l.requestsPerSecond));
    const theirs = median(f.nginx.map((l) => l.requestsPerSecond));
    const oursP99 = median(f.ours.map((l) => l.p99Ms));
    const theirsP99 = median(f.nginx.map((l) => l.p99Ms));
    const rate = ours / theirs;
    const tail = oursP99 / Math.max(theirsP99, 1);
    out(
      `${f.path.slice(0, 44).padEnd(44)} ${f.encoding.padEnd(5)} ${ours.toFixed(0).padStart(11)} ${theirs.toFixed(0).padStart(12)} ${rate.toFixed(2).padStart(6)} ${(rate >= 0.5 ? '✓' : '✗').padStart(5)} ${`${oursP99} ms`.padStart(9)} ${`${theirsP99} ms`.padStart(10)} ${tail.toFixed(2).padStart(6)} ${(tail <= 2 ? '✓' : '✗').padStart(3)}`,
    );
  }
  for (const b of result.brotli)
    out(
      `${b.path.slice(0, 44).padEnd(44)} ${'br'.padEnd(5)} ${median(b.ours.map((l) => l.requestsPerSecond))
        .toFixed(0)
        .padStart(11)} ${'-'.padStart(12)} ${''.padStart(12)} ${`${median(b.ours.map((l) => l.p99Ms))} ms`.padStart(9)}`,
    );
  const failures = [...result.figures.flatMap((f) => [...f.ours, ...f.nginx]), ...result.brotli.flatMap((b) => b.ours)].reduce((n, l) => n + l.errors + l.non2xx, 0);
  if (failures) out(`B9: ${failures} requests failed or answered other than 2xx during the load runs`);
}
