import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '@studio/data';
import { S3ObjectStore } from '@studio/files';
import { startChild } from './child.js';
import { StackError, say } from './log.js';
import { startPostgres } from './postgres.js';
import { startRedis } from './redis.js';
import { startS3 } from './s3.js';
import type { Services } from './service.js';

export interface StackOptions {
  /** Where embedded services keep their data (`.data` for `up`, a temp folder for tests). */
  dataRoot: string;
  /** Keep data across runs (`up`) or throw it away (`test`). */
  persistent: boolean;
  log: (line: string) => void;
}

/**
 * Brings up what the apps need: each service from its variable when set (DATABASE_URL, REDIS_URL,
 * S3_ENDPOINT), else an embedded one. Then runs migrations and makes sure the bucket exists. Returns the
 * environment for the API and the worker.
 */
export async function startServices(opts: StackOptions, services: Services): Promise<Record<string, string>> {
  mkdirSync(opts.dataRoot, { recursive: true });
  const env: Record<string, string> = {};

  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = process.env.DATABASE_URL;
    say('PostgreSQL: using DATABASE_URL');
  } else {
    say('PostgreSQL: starting embedded server...');
    env.DATABASE_URL = services.add(await startPostgres({ dataDir: join(opts.dataRoot, 'postgres'), persistent: opts.persistent, log: opts.log })).url;
  }

  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    say('Redis: using REDIS_URL');
  } else {
    say('Redis: starting redis-server...');
    env.REDIS_URL = services.add(await startRedis({ dir: join(opts.dataRoot, 'redis'), persistent: opts.persistent, log: opts.log })).url;
  }

  if (process.env.S3_ENDPOINT) {
    env.S3_ENDPOINT = process.env.S3_ENDPOINT;
    say('S3: using S3_ENDPOINT');
  } else {
    say('S3: starting embedded S3-compatible server...');
    const s3 = services.add(await startS3({ dir: join(opts.dataRoot, 's3'), bucket: process.env.S3_BUCKET ?? 'studio', log: opts.log }));
    Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_REGION: 'us-east-1' });
  }
  env.S3_BUCKET = process.env.S3_BUCKET ?? 'studio';
  env.JWT_SECRET = process.env.JWT_SECRET ?? jwtSecret(opts);

  const applied = await runMigrations(env.DATABASE_URL);
  say(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Migrations: up to date');

  const store = S3ObjectStore.fromEnvironment({ ...process.env, ...env });
  await store.ensureBucket();
  store.destroy();
  return env;
}

/** A development secret kept in the data folder, so sign-ins survive a restart; tests get a fresh one. */
function jwtSecret(opts: StackOptions): string {
  const file = join(opts.dataRoot, 'jwt-secret');
  if (opts.persistent && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  if (opts.persistent) writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The worker's CPU priority below the API's (nice 10; docker/compose.yaml gives it the same lower weight with
 * cpu_shares). On one host a burst of turns (the model's reply parsed, checked, committed, the page rendered)
 * can take every core, and the API's answers to people, a `chat:send` ack, a preview's request, then queued
 * behind it: B5's sends spread over 5 s had a p99 of 319 ms, 69 with the worker niced. A turn is background work
 * measured in seconds; it loses little when an ack goes first. Children (the render check's Chromium) inherit it.
 */
const WORKER_NICE = 10;

/**
 * Starts the built API and worker with the stack's environment and waits until /health says every
 * dependency is up. If either exits on its own, `onCrash` is told.
 */
export async function startApps(env: Record<string, string>, services: Services, opts: { port: number; log: (line: string) => void; onCrash: (name: string) => void }): Promise<string> {
  const childEnv = { ...process.env, ...env, PORT: String(opts.port) };
  for (const [name, entry] of [
    ['worker', 'apps/worker/dist/main.js'],
    ['api', 'apps/api/dist/main.js'],
  ] as const) {
    if (!existsSync(entry)) throw new StackError(`${entry} is missing: build first (./studio does this for you).`);
    const app = services.add(
      startChild(process.execPath, ['--enable-source-maps', entry], {
        label: name,
        env: childEnv,
        sink: opts.log,
        onUnexpectedExit: (code) => {
          opts.log(`${name} | exited with code ${code}`);
          opts.onCrash(name);
        },
      }),
    );
    if (name === 'worker' && app.process.pid) setPriority(app.process.pid, WORKER_NICE);
  }
  const url = `http://127.0.0.1:${opts.port}`;
  await waitForHealth(url, 90_000);
  return url;
}

/** Polls the API at `url` until /health answers 200; the scale-out cluster waits on each of its APIs the same way. */
export async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String((err as Error).cause ?? err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackError(`The API at ${url} did not report healthy within ${timeoutMs / 1000} s (last answer: ${last})`);
}
