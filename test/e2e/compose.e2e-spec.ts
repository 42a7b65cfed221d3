import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { LABEL } from '@studio/containers';
import type { Socket } from 'socket.io-client';
import { ensureCommand } from '../../tools/stack/src/debian-package.js';
import { ensureAppImages } from '../../tools/stack/src/images/app-images.js';
import { ensureStandIns } from '../../tools/stack/src/images/stand-ins.js';
import { scriptedModelEnv } from '../../tools/stack/src/model-server.js';
import { freePort } from '../../tools/stack/src/ports.js';
import { connectSocket, emitWithAck, eventually, type SignedUp, signUp } from './support/api.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog, LANDING_HERO_PROPS, MODEL_SERVER_URL, reply, script, send } from './support/turns.js';

/**
 * The acceptance smoke test of docker/compose.yaml (docs/DEPLOYMENT.md "Compose on one host"): the production
 * images and the stand-ins for Postgres 18, Redis and S3 (docker/stand-ins), brought up by Debian's
 * docker-compose beside the test stack (other ports, its own compose project, its own preview stack id), with
 * the test stack's scripted model. One person's path through the product: register, project, turn, preview
 * through the proxy, export. Image builds are cached by their inputs; a cold build is the bulk of the time.
 */
const run = promisify(execFile);
jest.setTimeout(180_000);

const composeProject = `studio-compose-${randomUUID().slice(0, 8)}`;
const stackId = composeProject;
let dir = '';
let composeEnvFile = '';
let apiUrl = '';
let started = false;

// Compose takes the shell's variables over the env file's: this process has the test stack's (its PORT, its
// WORKER_HEALTH_PORT...), so docker-compose gets only what it needs to find the engine.
const composeShell = Object.fromEntries(Object.entries(process.env).filter(([name]) => ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONFIG'].includes(name)));
const compose = (...args: string[]) =>
  run('docker-compose', ['-p', composeProject, '-f', 'docker/compose.yaml', '--env-file', composeEnvFile, ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 600_000, env: composeShell });
const envLines = (vars: Record<string, string>) =>
  `${Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;

async function composeUp(): Promise<void> {
  // Debian's docker-compose 1.29 is the Compose this file is tested with (docs/DEPLOYMENT.md "Compose on one host").
  ensureCommand('docker-compose', 'docker-compose');
  dir = mkdtempSync(join(tmpdir(), 'studio-compose-'));
  composeEnvFile = join(dir, 'compose.env');
  // The images' build output (hundreds of lines on a clean machine) goes to a file, not jest's output.
  const log = (line: string) => appendFileSync('test-artifacts/compose-images.log', `${line}\n`);
  const apps = await ensureAppImages(log);
  const standIns = await ensureStandIns(log);
  const [api, worker, postgres, redis, s3] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${api}`;
  // What docker/.env holds for an operator: the compose file's own variables, then the apps' (STUDIO_ENV_FILE).
  writeFileSync(
    join(dir, 'apps.env'),
    envLines({
      ...scriptedModelEnv(MODEL_SERVER_URL),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL: `http://localhost:${api}`,
      PREVIEW_RUNTIME: 'docker',
      PREVIEW_IMAGE: process.env.PREVIEW_IMAGE ?? 'studio-preview:latest',
      PREVIEW_STACK_ID: stackId,
      PREVIEW_WARM_POOL: '0',
      SITES_PORT: '0',
      // The page's render check in Chromium is the previews suite's concern; this test keeps to the path.
      RENDER_CHECK: 'false',
    }),
  );
  writeFileSync(
    composeEnvFile,
    envLines({
      STUDIO_ENV_FILE: join(dir, 'apps.env'),
      STUDIO_API_IMAGE: apps.api,
      STUDIO_WORKER_IMAGE: apps.worker,
      POSTGRES_IMAGE: standIns.postgres,
      REDIS_IMAGE: standIns.redis,
      S3_IMAGE: standIns.s3,
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      S3_SECRET_ACCESS_KEY: randomBytes(12).toString('hex'),
      DOCKER_GID: String(statSync('/var/run/docker.sock').gid),
      PORT: String(api),
      WORKER_HEALTH_PORT: String(worker),
      POSTGRES_PORT: String(postgres),
      REDIS_PORT: String(redis),
      S3_PORT: String(s3),
    }),
  );
  started = true;
  // `up -d` returns once migrate and bucket completed and api and worker were started after them.
  await compose('up', '-d');
  await eventually(async () => ((await fetch(`${apiUrl}/health/ready`).catch(() => null))?.ok ? true : undefined), 240_000, 'the API to be ready');
  await eventually(async () => ((await fetch(`http://127.0.0.1:${worker}/health/live`).catch(() => null))?.ok ? true : undefined), 60_000, 'the worker to be live');
}

async function composeDown(): Promise<void> {
  if (started) {
    // The services' logs, for a failure's story (the test stack's own are in test-artifacts/stack.log).
    const logs = await compose('logs', '--no-color').catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    writeFileSync('test-artifacts/compose.log', logs.stdout);
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${LABEL.stack}=${stackId}`]);
    const previews = stdout.split('\n').filter(Boolean);
    if (previews.length) await run('docker', ['rm', '-f', '-v', ...previews]);
    await compose('down', '-v', '--remove-orphans');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

describe('docker/compose.yaml on one host', () => {
  let owner: SignedUp;
  let socket: Socket | undefined;
  beforeAll(composeUp, 1_200_000);
  afterAll(async () => {
    socket?.close();
    await composeDown();
  }, 120_000);

  it('runs the product: register, project, turn, preview through the proxy, export', async () => {
    owner = await signUp('compose', apiUrl);
    const project = await owner.client.post('/api/projects', { name: 'Compose smoke' });
    expect(project.status).toBe(201);
    const projectId: string = project.body.id;
    socket = await connectSocket(owner.accessToken, apiUrl);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });

    const hero = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {\n  return <section className="hero"><h1>Shipped from compose</h1></section>;\n}`;
    const { marker } = await script({ reply: reply('New headline.', { 'src/components/Hero.tsx': hero }) });
    const turnId = await send(socket, projectId, `Change the headline ${marker}`);
    expect((await log.outcome(turnId)).name).toBe('turn:completed');

    // The preview container runs on the host's engine (the worker holds the socket); the API proxies to it.
    const url = await startPreview(owner.client, projectId, log, 90_000);
    expect(new URL(url).port).toBe(new URL(apiUrl).port);
    const { cookie, origin } = await signInToPreview(url);
    const page = await previewRequest(`${origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('/@vite/client');
    expect((await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie })).body).toContain('Shipped from compose');
    const containers = (await run('docker', ['ps', '-q', '--filter', `label=${LABEL.stack}=${stackId}`])).stdout.split('\n').filter(Boolean);
    expect(containers.length).toBeGreaterThan(0);

    const exported = await owner.client.post(`/api/projects/${projectId}/exports`, { kind: 'source' });
    expect(exported.status).toBe(202);
    const ready = await log.waitFor((e) => e.payload?.exportId === exported.body.id && ['export:ready', 'export:failed'].includes(e.name), 60_000, 'the export');
    expect(ready.name).toBe('export:ready');
    const download = await fetch(`${apiUrl}${ready.payload.downloadUrl}`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await download.arrayBuffer());
    // A zip's local file header, and the turn's file among its entries (names are stored as they are).
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.includes(Buffer.from('src/components/Hero.tsx'))).toBe(true);
  });
});
