import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { QUEUES } from '@studio/contracts';
import { API_URL, connectSocket, emitWithAck, eventually, type Json, signUp } from './support/api.js';
import { EventLog, reply, script, send } from './support/turns.js';

jest.setTimeout(60_000);

/**
 * Operations (docs/DEPLOYMENT.md "Health and logs"): liveness and readiness of the API and of the worker (its
 * WORKER_HEALTH_PORT, set by the test stack), and JSON logs in which one request id follows a request into the
 * job it enqueued and the project events that job published. The apps' output is in test-artifacts/stack.log,
 * one line each, prefixed `api | ` or `worker | ` by the stack.
 */
const WORKER_URL = `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT}`;
const APP_LINE = /^(api|worker) \| (.*)$/;
// What the apps' processes print that is not their logger's: Node's own warnings, the failpoints' marker for the
// crash tests (libs/platform failpoints.ts), ioredis' note of a lost connection, and the stack's exit notes.
const NOT_FROM_THE_LOGGER = [/^\(node:\d+\) /, /^\(Use `node --trace-/, /^FAILPOINT \S+ reached$/, /^\[ioredis\] /, /^exited with code /];

async function get(url: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** The stack log's lines from the apps, parsed; a line of theirs that is not JSON fails the test. */
function appLines(): { app: string; line: Record<string, Json> }[] {
  const out: { app: string; line: Record<string, Json> }[] = [];
  for (const raw of readFileSync('test-artifacts/stack.log', 'utf8').split('\n')) {
    const match = APP_LINE.exec(raw);
    if (!match || NOT_FROM_THE_LOGGER.some((known) => known.test(match[2]))) continue;
    let line: Record<string, Json>;
    try {
      line = JSON.parse(match[2]);
    } catch {
      throw new Error(`a line of the ${match[1]} is not JSON: ${match[2].slice(0, 300)}`);
    }
    out.push({ app: match[1], line });
  }
  return out;
}

describe('health', () => {
  it('the API: live touches nothing, ready reports Postgres, Redis and the object store', async () => {
    expect(await get(`${API_URL}/health/live`)).toMatchObject({ status: 200, body: { status: 'live' } });
    const ready = await get(`${API_URL}/health/ready`);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', draining: false } });
    expect(Object.keys(ready.body.dependencies).sort()).toEqual(['postgres', 'redis', 's3']);
  });

  it("the worker, on its own port without a token: ready when every queue's worker runs", async () => {
    expect(await get(`${WORKER_URL}/health/live`)).toMatchObject({ status: 200, body: { status: 'live' } });
    const ready = await get(`${WORKER_URL}/health/ready`);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', draining: false, dependencies: { postgres: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } } } });
    expect(ready.body.workers).toEqual(Object.fromEntries(QUEUES.map((q) => [q, 'running'])));
    expect((await get(`${WORKER_URL}/metrics`)).status).toBe(404);
  });
});

describe('logs', () => {
  it('one request id from the request through the job it enqueued to the events the job published, in JSON lines of both apps', async () => {
    const owner = await signUp('logs');
    const project = await owner.client.post('/api/projects', { name: 'Logged' });
    const requestId = `logs-e2e-${randomUUID()}`;
    const started = await owner.client.request('POST', `/api/projects/${project.body.id}/exports`, { kind: 'source' }, { 'x-request-id': requestId });
    expect(started.status).toBe(202);
    expect(started.headers.get('x-request-id')).toBe(requestId);
    const exportId: string = started.body.id;

    // The worker logs the job's end after its last event; the stack copies both apps' output into the log as it comes.
    const lines = await eventually(
      async () => {
        const mine = appLines().filter(({ line }) => line.requestId === requestId);
        return mine.some(({ app, line }) => app === 'worker' && line.job === 'export.build' && String(line.msg).startsWith('job done')) ? mine : undefined;
      },
      30_000,
      `the worker's log of export ${exportId}`,
    );
    const api = lines.filter((l) => l.app === 'api').map((l) => l.line);
    const worker = lines.filter((l) => l.app === 'worker').map((l) => l.line);

    // The API's request line: method, path without the query, status, duration, never a header.
    expect(api).toContainEqual(
      expect.objectContaining({ app: 'api', msg: 'request done', req: { method: 'POST', path: `/api/projects/${project.body.id}/exports` }, res: { status: 202 }, durationMs: expect.any(Number) }),
    );
    // The worker ran the job under that id and logged the events it published with it.
    expect(worker).toContainEqual(expect.objectContaining({ app: 'worker', job: 'export.build', msg: 'job done: export.build' }));
    expect(worker).toContainEqual(expect.objectContaining({ event: 'export:ready', projectId: project.body.id, seq: expect.any(Number) }));
    for (const line of [...api, ...worker]) expect(line).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) }));
    // Credentials never reach the log: the bearer token of every request above is not in it.
    expect(readFileSync('test-artifacts/stack.log', 'utf8')).not.toContain(owner.accessToken);
  });

  it('a socket message gets a request id of its own, which the turn it started is logged under in the worker', async () => {
    const owner = await signUp('logs-socket');
    const project = await owner.client.post('/api/projects', { name: 'Logged turn' });
    const projectId: string = project.body.id;
    const socket = await connectSocket(owner.accessToken);
    try {
      const log = new EventLog(socket);
      expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
      const s = await script({ reply: reply('Nothing to change.') });
      const turnId = await send(socket, projectId, `Leave it ${s.marker}`);
      expect((await log.outcome(turnId)).name).toBe('turn:completed');

      // The API logged the turn's `turn:queued` while handling the chat:send message, under the message's id.
      const queued = await eventually(
        async () => appLines().find(({ app, line }) => app === 'api' && line.projectId === projectId && line.event === 'turn:queued'),
        30_000,
        'the API logging turn:queued',
      );
      expect(queued.line).toMatchObject({ message: 'chat:send', socketId: socket.id, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const requestId = queued.line.requestId;
      // The worker ran turn.run under that id, events and end included.
      const worker = await eventually(
        async () => {
          const mine = appLines().filter(({ app, line }) => app === 'worker' && line.requestId === requestId);
          return mine.some(({ line }) => line.msg === 'job done: turn.run') ? mine.map((l) => l.line) : undefined;
        },
        30_000,
        "the worker's log of the turn",
      );
      expect(worker).toContainEqual(expect.objectContaining({ job: 'turn.run', event: 'turn:completed', projectId }));
    } finally {
      socket.close();
    }
  });
});
