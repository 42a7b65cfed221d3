import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { docker, PREVIEW_RUNTIME } from './support/previews.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(300_000);

/**
 * One tenant cannot starve another: a user floods static exports and previews; another user's export and
 * preview still start at once, because jobs are ordered fairly across users and one user runs only so many
 * at a time (libs/platform fairness). Own API and worker processes (own queue prefix and preview stack), so
 * the flood left behind at the end goes with them and never slows the rest of the suite.
 *
 * Times are measured in this run and printed beside the same user's idle times; what is asserted is the
 * order (the other user's work is done while the flood is still queued), never a wall clock.
 */
(PREVIEW_RUNTIME === 'docker' ? describe : describe.skip)('fair scheduling across users', () => {
  const stack = `fair-${randomUUID().slice(0, 8)}`;
  const MAX_PENDING_EXPORTS = 12;
  const env = {
    QUEUE_PREFIX: stack,
    PREVIEW_STACK_ID: stack,
    PREVIEW_WARM_POOL: '0',
    WORKER_METRICS_PORT: '0',
    USER_MAX_PENDING_EXPORTS: String(MAX_PENDING_EXPORTS),
    USER_MAX_RUNNING_PREVIEWS: '6',
    USER_MAX_PROJECTS: '8',
    USER_FILE_WRITES_PER_MINUTE: '5',
  };
  let api: AppProcess;
  let worker: AppProcess;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { ...env, PORT: String(port) });
    worker = new AppProcess('worker', env);
    await waitForHealth(url);
    await worker.waitForLine(/Worker started/, 60_000);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all([worker?.stop(), api?.stop()]);
    const left = (await docker('ps', '-aq', '--filter', `label=studio.stack=${stack}`)).split('\n').filter(Boolean);
    if (left.length) await docker('rm', '-f', '-v', ...left);
  });

  async function workspace(user: SignedUp, name: string) {
    const created = await user.client.post('/api/projects', { name });
    expect(created.status).toBe(201);
    const socket = await connectSocket(user.accessToken, url);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
    return { projectId: created.body.id as string, log };
  }

  /** POST a static export; resolves with ms to its first progress (it started) and to ready. */
  async function timedExport(user: SignedUp, ws: { projectId: string; log: EventLog }) {
    const t0 = performance.now();
    const res = await user.client.post(`/api/projects/${ws.projectId}/exports`, { kind: 'static' });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    await ws.log.waitFor((e) => e.name === 'export:progress' && e.payload.exportId === id, 240_000, `export ${id} to start`);
    const startMs = performance.now() - t0;
    const outcome = await ws.log.waitFor((e) => ['export:ready', 'export:failed'].includes(e.name) && e.payload.exportId === id, 240_000, `export ${id} to finish`);
    expect(outcome.name).toBe('export:ready');
    return { startMs, readyMs: performance.now() - t0 };
  }

  async function timedPreview(user: SignedUp, ws: { projectId: string; log: EventLog }) {
    const t0 = performance.now();
    const res = await user.client.post(`/api/projects/${ws.projectId}/preview`);
    expect(res.status).toBe(202);
    // `starting` is published when a worker has picked the job up (the API answers 202 without one).
    await ws.log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'starting', 240_000, 'the preview to start');
    const startMs = performance.now() - t0;
    await ws.log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'ready', 240_000, 'the preview to be ready');
    return { startMs, readyMs: performance.now() - t0 };
  }

  it("one user's flood of exports and previews does not hold back another user's export and preview", async () => {
    const patient = await signUp('patient', url);
    const flooder = await signUp('flooder', url);

    // Idle: the patient user's export and preview with nothing else running.
    const idleWs = await workspace(patient, 'Idle');
    // Side by side, as they run during the flood below, so the two runs compare like with like.
    const [idleExport, idlePreview] = await Promise.all([timedExport(patient, idleWs), timedPreview(patient, idleWs)]);

    // The flood: exports past the per-user cap (refused with 429 and Retry-After), and previews of several projects.
    const floodWs = await workspace(flooder, 'Flood');
    const answers = [];
    for (let i = 0; i < MAX_PENDING_EXPORTS + 4; i++) answers.push(await flooder.client.post(`/api/projects/${floodWs.projectId}/exports`, { kind: 'static' }));
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.id as string);
    const refused = answers.filter((a) => a.status === 429);
    expect(accepted).toHaveLength(MAX_PENDING_EXPORTS);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: MAX_PENDING_EXPORTS } });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const floodPreviews = [];
    for (let i = 0; i < 5; i++) {
      const ws = i === 0 ? floodWs : await workspace(flooder, `Flood ${i}`);
      expect((await flooder.client.post(`/api/projects/${ws.projectId}/preview`)).status).toBe(202);
      floodPreviews.push(ws);
    }

    // The patient user's work now, in a fresh project, while the flood is queued.
    const ws = await workspace(patient, 'During the flood');
    const [during, duringPreview] = await Promise.all([timedExport(patient, ws), timedPreview(patient, ws)]);

    // Order, not time: the patient user's export was built while most of the flood still waited.
    const floodReady = floodWs.log.events.filter((e) => e.name === 'export:ready' && accepted.includes(e.payload.exportId)).length;
    expect(floodReady).toBeLessThan(MAX_PENDING_EXPORTS / 2);
    const floodPreviewsReady = floodPreviews.filter((f) => f.log.events.some((e) => e.name === 'preview:status' && e.payload.status === 'ready')).length;

    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    process.stdout.write(
      [
        'fairness (one user floods, another works):',
        `  export  start: idle ${idleExport.startMs.toFixed(0)} ms, during the flood ${during.startMs.toFixed(0)} ms (${ratio(during.startMs, idleExport.startMs)}x)`,
        `  export  ready: idle ${idleExport.readyMs.toFixed(0)} ms, during the flood ${during.readyMs.toFixed(0)} ms (${ratio(during.readyMs, idleExport.readyMs)}x)`,
        `  preview start: idle ${idlePreview.startMs.toFixed(0)} ms, during the flood ${duringPreview.startMs.toFixed(0)} ms (${ratio(duringPreview.startMs, idlePreview.startMs)}x)`,
        `  preview ready: idle ${idlePreview.readyMs.toFixed(0)} ms, during the flood ${duringPreview.readyMs.toFixed(0)} ms (${ratio(duringPreview.readyMs, idlePreview.readyMs)}x)`,
        `  the flood meanwhile: ${floodReady} of ${accepted.length} exports built, ${floodPreviewsReady} of ${floodPreviews.length} previews ready`,
        '',
      ].join('\n'),
    );
  });

  it('caps a real user never reaches: running previews per user (403 QUOTA_EXCEEDED with the limit)', async () => {
    const user = await signUp('many-previews', url);
    const running = await Promise.all(Array.from({ length: 6 }, (_, i) => workspace(user, `P${i}`)));
    // Sessions count once their start has been picked up; start them one by one so each is counted.
    for (const ws of running) {
      expect((await user.client.post(`/api/projects/${ws.projectId}/preview`)).status).toBe(202);
      await ws.log.waitFor((e) => e.name === 'preview:status' && ['starting', 'ready'].includes(e.payload.status), 120_000, 'the preview to start');
    }
    const seventh = await workspace(user, 'P7');
    const refused = await user.client.post(`/api/projects/${seventh.projectId}/preview`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { resource: 'running_previews', limit: 6 } });
    // Stopping one makes room.
    expect((await user.client.delete(`/api/projects/${running[0].projectId}/preview`)).status).toBeLessThan(300);
    await running[0].log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'stopped', 60_000, 'the preview to stop');
    expect((await user.client.post(`/api/projects/${seventh.projectId}/preview`)).status).toBe(202);
  });

  it('caps a real user never reaches: projects per user, and file writes per minute (a refused write spends nothing)', async () => {
    const user = await signUp('capped', url);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await user.client.post('/api/projects', { name: `N${i}` });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const ninth = await user.client.post('/api/projects', { name: 'one too many' });
    expect(ninth.status).toBe(403);
    expect(ninth.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { resource: 'projects', limit: 8 } });

    const write = (path: string, body = 'export const x = 1;\n') =>
      user.client.request('PUT', `/api/projects/${ids[0]}/files/raw?path=${encodeURIComponent(path)}`, body, { 'content-type': 'application/octet-stream' });
    // Refused writes (a path outside the rules) take no token from the bucket...
    for (let i = 0; i < 6; i++) expect((await write('../escape.ts')).status).toBe(400);
    // ...so all five of the minute's writes are still there, and the sixth waits.
    for (let i = 0; i < 5; i++) expect((await write(`src/n${i}.ts`)).status).toBe(200);
    const sixth = await write('src/n5.ts');
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('RATE_LIMITED');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
