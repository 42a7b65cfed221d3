import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runMigrations } from '@studio/data';
import { S3ObjectStore } from '@studio/files';
import { freePort } from '../ports.js';
import { removeStackContainers } from '../preview-image.js';
import { startRedis } from '../redis.js';
import type { Running } from '../service.js';
import { startBalancer } from './balancer.js';
import { Cluster } from './cluster.js';

export interface ScaleStack {
  /** The balancer's address: every client goes through it. */
  url: string;
  cluster: Cluster;
  /** The environment the cluster runs with (its own DATABASE_URL, REDIS_URL, S3_BUCKET, PREVIEW_STACK_ID). */
  env: Record<string, string>;
  /** Stops Redis (which writes its append-only file) and starts it again on the same port. */
  restartRedis(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * K APIs and K workers behind nginx, isolated from whatever else runs on the same services: a database of its
 * own (created on `base.DATABASE_URL`'s server, migrated), a Redis of its own with an append-only file (so a
 * restart keeps BullMQ's queues), a bucket and a preview stack label of its own. The scripted model and the
 * object store's server are shared. `base` is the environment the apps would otherwise get (./studio test's).
 */
export async function startScaleStack(opts: { k: number; base: Record<string, string | undefined>; tag: string; log: (line: string) => void; extraEnv?: Record<string, string> }): Promise<ScaleStack> {
  const { base, log } = opts;
  if (!base.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const id = `${opts.tag}-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `studio-${id}-`));
  const started: Running[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch((err) => log(`stopping ${s.name}: ${err}`));
    await removeStackContainers(id);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const database = id.replaceAll('-', '_');
    const admin = createDataSource(base.DATABASE_URL, { poolSize: 1, applicationName: 'studio-scale' });
    await admin.initialize();
    await admin.query(`CREATE DATABASE ${database}`).finally(() => admin.destroy());
    const dbUrl = new URL(base.DATABASE_URL);
    dbUrl.pathname = `/${database}`;
    await runMigrations(dbUrl.toString());

    const redisDir = join(dir, 'redis');
    let redis = await startRedis({ dir: redisDir, persistent: true, log });
    const redisPort = Number(new URL(redis.url).port);
    started.push({ name: 'redis', stop: () => redis.stop() });

    const bucket = id;
    const store = S3ObjectStore.fromEnvironment({ ...base, S3_BUCKET: bucket });
    await store.ensureBucket();
    store.destroy();

    const lbPort = await freePort();
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined)),
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redis.url,
      S3_BUCKET: bucket,
      PREVIEW_STACK_ID: id,
      PUBLIC_URL: `http://localhost:${lbPort}`,
      PREVIEW_PUBLIC_PORT: String(lbPort),
      // nginx appends the client's address to X-Forwarded-For: one trusted hop.
      TRUST_PROXY_HOPS: '1',
      PREVIEW_WARM_POOL: '0',
      TURNS_PER_MINUTE: '100000',
      TURNS_MAX_WAITING: '100000',
      AUTH_RATE_LIMIT_PER_IP: '100000',
      LOG_LEVEL: 'log',
      ...opts.extraEnv,
    };
    const cluster = await Cluster.start(opts.k, env, log);
    started.push({ name: 'cluster', stop: () => cluster.stop() });
    const balancer = await startBalancer({ dir: join(dir, 'nginx'), port: lbPort, upstreams: cluster.apis.map((a) => a.port), log });
    started.push(balancer);
    return {
      url: balancer.url,
      cluster,
      env,
      async restartRedis() {
        await redis.stop();
        redis = await startRedis({ dir: redisDir, persistent: true, log, port: redisPort });
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
