import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { connectSocket, emitWithAck, eventually, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { docker, PREVIEW_RUNTIME, previewRequest, signInToPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(180_000);

/**
 * Workers restarted under running previews. Own API and worker processes (own queue prefix and preview
 * stack label, so their containers and sessions are theirs alone), with the stack's Postgres, Redis and S3.
 */
(PREVIEW_RUNTIME === 'docker' ? describe : describe.skip)('preview containers across a worker restart', () => {
  const prefix = `prv-${randomUUID().slice(0, 8)}`;
  const stack = `restart-${randomUUID().slice(0, 8)}`;
  const env = { QUEUE_PREFIX: prefix, PREVIEW_STACK_ID: stack, PREVIEW_WARM_POOL: '0' };
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  let api: AppProcess;
  let url: string;
  const workers: AppProcess[] = [];
  const sockets: Socket[] = [];
  const startWorker = (failpoints = '') => {
    const w = new AppProcess('worker', { ...env, WORKER_METRICS_PORT: '0', STUDIO_FAILPOINTS: failpoints });
    workers.push(w);
    return w;
  };
  const containers = async () => (await docker('ps', '-aq', '--no-trunc', '--filter', `label=studio.stack=${stack}`)).split('\n').filter(Boolean);
  // Ordered: an UPDATE moves a row in the heap, so an unordered SELECT may list the same rows in another order.
  const sessionInstances = async () => (await db.query('SELECT instance_id FROM preview_sessions WHERE stack_id = $1 ORDER BY project_id', [stack])).rows.map((r) => r.instance_id as string | null);

  beforeAll(async () => {
    await db.connect();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { ...env, PORT: String(port) });
    await waitForHealth(url);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all([...workers.map((w) => w.stop()), api?.stop()]);
    const left = await containers();
    if (left.length) await docker('rm', '-f', '-v', ...left);
    await db.end();
  });

  async function project(user: SignedUp) {
    const created = await user.client.post('/api/projects', { name: 'Restart' });
    const socket = await connectSocket(user.accessToken, url);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: created.body.id });
    return { projectId: created.body.id as string, log };
  }

  it('a worker killed between creating a container and recording it leaves no orphan: the next one removes it and starts the preview', async () => {
    const user = await signUp('orphan', url);
    const { projectId, log } = await project(user);
    const first = startWorker('preview.created');
    await first.waitForLine(/Worker started/);
    const started = await user.client.post(`/api/projects/${projectId}/preview`);
    expect(started.status).toBe(202);
    await first.waitForLine(/FAILPOINT preview.created reached/, 60_000);
    const [orphan] = await containers();
    expect(orphan).toBeDefined();
    expect(await sessionInstances()).toEqual([null]);
    await first.kill();

    const second = startWorker();
    await log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'ready', 90_000, 'the preview to be ready after the restart');
    await eventually(async () => ((await containers()).includes(orphan) ? undefined : true), 30_000, 'the orphaned container to be removed');
    const live = await containers();
    expect(live).toHaveLength(1);
    expect(await sessionInstances()).toEqual(live);
    const link = (await user.client.get(`/api/projects/${projectId}/preview`)).body.url;
    const { cookie, origin } = await signInToPreview(link.replace(/:\d+\//, `:${new URL(url).port}/`));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
    await second.stop();
  });

  it('a running preview survives a worker restart: the same container serves on, and none is left unowned', async () => {
    const user = await signUp('survivor', url);
    const { projectId, log } = await project(user);
    const first = startWorker();
    await first.waitForLine(/Worker started/);
    expect((await user.client.post(`/api/projects/${projectId}/preview`)).status).toBe(202);
    await log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'ready', 60_000, 'the preview to be ready');
    const before = await sessionInstances();
    await first.kill();

    const second = startWorker();
    await second.waitForLine(/Worker started/);
    const link = (await user.client.get(`/api/projects/${projectId}/preview`)).body.url;
    const { cookie, origin } = await signInToPreview(link.replace(/:\d+\//, `:${new URL(url).port}/`));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
    // Housekeeping has run under the new worker (it does so at start), and kept what it owns.
    await second.waitForLine(/previews: runtime \S+, network/);
    expect(await sessionInstances()).toEqual(before);
    const live = await containers();
    expect(live.sort()).toEqual([...(before as string[])].sort());
    await second.stop();
  });
});
