import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { Client, connectSocket, emitWithAck, eventually, signUp } from './support/api.js';
import { EventLog, reply, script, send } from './support/turns.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(60_000);

/**
 * Webhooks against the real stack: registration (with the address policy), deliveries the worker makes for
 * turns and a person's edits, signed as documented, retried with backoff until the receiver takes them,
 * and logged for their owner only. The receiver listens on 127.0.0.1, which the test stack allows
 * (WEBHOOK_ALLOWED_CIDRS=127.0.0.1/32); every other private address stays refused.
 */
let receiver: WebhookReceiver;
let client: Client;
let socket: Socket;
let log: EventLog;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  const user = await signUp('webhooks');
  client = user.client;
  socket = await connectSocket(user.accessToken);
  log = new EventLog(socket);
});
afterAll(async () => {
  socket?.close();
  await receiver?.close();
});

async function project(owner = client, on = socket): Promise<string> {
  const created = await owner.post('/api/projects', { name: 'hooked' });
  expect(created.status).toBe(201);
  expect(await emitWithAck(on, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return created.body.id;
}

async function register(owner: Client, path: string, events: string[], secret?: string) {
  const res = await owner.post('/api/webhooks', { url: receiver.url(path), events, ...(secret ? { secret } : {}) });
  expect(res.status).toBe(201);
  return res.body as { id: string; url: string; events: string[]; secret: string };
}

describe('registering webhooks', () => {
  it('refuses link-local, private and loopback addresses, and takes the loopback receiver the operator allowed', async () => {
    for (const url of ['http://169.254.169.254/', 'http://10.0.0.1/hook', 'http://[::1]/', 'http://[::ffff:169.254.169.254]/', 'http://192.168.1.20:8080/x', 'http://127.0.0.2/']) {
      const res = await client.post('/api/webhooks', { url, events: ['turn.completed'] });
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 400, code: 'WEBHOOK_URL_REFUSED' });
    }
    const metadata = await client.post('/api/webhooks', { url: 'http://169.254.169.254/latest/meta-data/', events: ['turn.completed'] });
    expect(metadata.body.error.message).toMatch(/link-local/);
    expect((await client.post('/api/webhooks', { url: 'ftp://127.0.0.1/', events: ['turn.completed'] })).body.error.code).toBe('WEBHOOK_URL_REFUSED');
    expect((await client.post('/api/webhooks', { url: 'http://user:pw@127.0.0.1/', events: ['turn.completed'] })).body.error.code).toBe('WEBHOOK_URL_REFUSED');
    const unresolvable = await client.post('/api/webhooks', { url: 'http://no-such-host.invalid/', events: ['turn.completed'] });
    expect(unresolvable.body.error).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', message: expect.stringMatching(/does not resolve/) });

    const ok = await client.post('/api/webhooks', { url: receiver.url('/allowed'), events: ['turn.completed', 'export.ready'] });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ id: expect.any(String), url: receiver.url('/allowed'), events: ['turn.completed', 'export.ready'], active: true, createdAt: expect.any(String) });
    // A generated secret: 32 random bytes in hex, shown in this answer only.
    expect(ok.body.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await client.get('/api/webhooks');
    expect(listed.body).toContainEqual(expect.objectContaining({ id: ok.body.id, url: receiver.url('/allowed') }));
    expect(JSON.stringify(listed.body)).not.toContain(ok.body.secret);
    expect(listed.body.every((w: object) => !('secret' in w))).toBe(true);
    expect((await client.delete(`/api/webhooks/${ok.body.id}`)).status).toBe(204);
  });

  it('validates the body: known events, no repeats, a long enough secret', async () => {
    const bad = async (body: object) => (await client.post('/api/webhooks', body)).body.error;
    expect(await bad({ url: receiver.url('/v'), events: ['turn.exploded'] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { 'events.0': expect.any(String) } } });
    expect(await bad({ url: receiver.url('/v'), events: [] })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad({ url: receiver.url('/v'), events: ['turn.failed', 'turn.failed'] })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad({ url: receiver.url('/v'), events: ['turn.failed'], secret: 'short' })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { secret: expect.any(String) } } });
    expect(await bad({ events: ['turn.failed'] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { url: 'is required' } } });
  });
});

describe('deliveries', () => {
  it('delivers turn.completed and project.version.created for a turn, signed with the secret', async () => {
    const secret = 'whsec-e2e-turns-0123456789';
    const hook = await register(client, '/turns', ['turn.completed', 'project.version.created'], secret);
    expect(hook.secret).toBe(secret);
    const projectId = await project();
    const s = await script({ reply: reply('Added a badge.', { 'src/components/Badge.tsx': 'export default function Badge() {\n  return <span>new</span>;\n}' }) });
    const turnId = await send(socket, projectId, `Add a badge ${s.marker}`);
    expect((await log.outcome(turnId)).name).toBe('turn:completed');

    const completed = await receiver.waitFor((d) => d.path === '/turns' && d.json?.event === 'turn.completed' && d.json.data.turnId === turnId, 20_000, 'turn.completed');
    const created = await receiver.waitFor((d) => d.path === '/turns' && d.json?.event === 'project.version.created' && d.json.data.turnId === turnId, 20_000, 'project.version.created');
    expect(completed.json).toEqual({ id: expect.any(String), event: 'turn.completed', createdAt: expect.any(String), data: { projectId, turnId, version: 2 } });
    expect(created.json).toEqual({ id: expect.any(String), event: 'project.version.created', createdAt: expect.any(String), data: { projectId, version: 2, source: 'ai', turnId } });
    for (const d of [completed, created]) {
      expect(d.headers['content-type']).toBe('application/json');
      expect(d.headers['user-agent']).toMatch(/^Studio-Webhooks\//);
      expect(d.headers['x-studio-event']).toBe(d.json.event);
      expect(d.headers['x-studio-delivery']).toBe(d.json.id);
      expect(verifySignature(d, secret)).toBe(true);
      // The signature covers the body and the timestamp: neither can be changed without the secret.
      expect(verifySignature({ ...d, body: d.body.replace('"version":2', '"version":3') }, secret)).toBe(false);
      expect(verifySignature({ ...d, headers: { ...d.headers, 'x-studio-timestamp': String(Number(d.headers['x-studio-timestamp']) - 1) } }, secret)).toBe(false);
      expect(verifySignature(d, 'whsec-someone-else-000000')).toBe(false);
    }

    // The owner reads both in the delivery log, newest first, each delivered on its first attempt.
    const logged = await eventually(async () => {
      const res = await client.get(`/api/webhooks/${hook.id}/deliveries`);
      return res.body.length === 2 && res.body.every((d: { status: string }) => d.status === 'succeeded') ? res.body : undefined;
    });
    expect(logged.map((d: { id: string }) => d.id).sort()).toEqual([completed.json.id, created.json.id].sort());
    for (const d of logged) {
      expect(d).toMatchObject({ status: 'succeeded', deliveredAt: expect.any(String), attempts: [{ at: expect.any(String), status: 200, durationMs: expect.any(Number) }] });
    }
    expect(Date.parse(logged[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(logged[1].createdAt));
  });

  it('delivers project.version.created for a person’s edit and a restore, and turn.failed only where subscribed', async () => {
    const edits = await register(client, '/edits', ['project.version.created']);
    const failures = await register(client, '/failures', ['turn.failed']);
    const projectId = await project();

    expect((await client.delete(`/api/projects/${projectId}/files/raw?path=${encodeURIComponent('src/components/Footer.tsx')}`)).body).toEqual({ version: 2 });
    const edited = await receiver.waitFor((d) => d.path === '/edits' && d.json?.data?.projectId === projectId && d.json.data.version === 2, 20_000, 'the edit');
    expect(edited.json.data).toEqual({ projectId, version: 2, source: 'user' });
    expect(verifySignature(edited, edits.secret)).toBe(true);
    expect((await client.post(`/api/projects/${projectId}/versions/1/restore`)).body).toEqual({ version: 3 });
    const restored = await receiver.waitFor((d) => d.path === '/edits' && d.json?.data?.projectId === projectId && d.json.data.version === 3, 20_000, 'the restore');
    expect(restored.json.data).toEqual({ projectId, version: 3, source: 'restore' });

    const s = await script({ reply: 'unused', failures: Array.from({ length: 12 }, () => ({ kind: 'status' as const, status: 400 })) });
    const turnId = await send(socket, projectId, `Fail ${s.marker}`);
    expect((await log.outcome(turnId)).name).toBe('turn:failed');
    const failed = await receiver.waitFor((d) => d.path === '/failures' && d.json?.data?.turnId === turnId, 20_000, 'turn.failed');
    expect(failed.json).toMatchObject({ event: 'turn.failed', data: { projectId, turnId, error: { code: 'LLM_REQUEST_REFUSED', message: expect.any(String) } } });
    expect(verifySignature(failed, failures.secret)).toBe(true);
    // Each webhook got only what it asked for: every earlier event was dispatched (its deliveries to /edits
    // arrived), so a delivery the failures hook should not have would be in its log by now.
    const logged = (await client.get(`/api/webhooks/${failures.id}/deliveries`)).body as { event: string }[];
    expect(logged.map((d) => d.event)).toEqual(['turn.failed']);
    expect(receiver.at('/failures').map((d) => d.json.event)).toEqual(['turn.failed']);
    expect(receiver.at('/edits').every((d) => d.json.event === 'project.version.created')).toBe(true);
  });

  it('retries a receiver that answers 500 twice, delivering the same signed body on the third try', async () => {
    const hook = await register(client, '/flaky', ['project.version.created']);
    receiver.answer('/flaky', [500, 500]);
    const projectId = await project();
    expect((await client.post(`/api/projects/${projectId}/versions/1/restore`)).status).toBe(201);

    await receiver.waitFor((d) => d.path === '/flaky' && d.answered === 200, 30_000, 'the third attempt');
    const tries = receiver.at('/flaky');
    expect(tries.map((d) => d.answered)).toEqual([500, 500, 200]);
    // One delivery, tried three times: the same id and body each time, each freshly signed.
    expect(new Set(tries.map((d) => d.headers['x-studio-delivery'])).size).toBe(1);
    expect(new Set(tries.map((d) => d.body)).size).toBe(1);
    for (const d of tries) expect(verifySignature(d, hook.secret)).toBe(true);

    const [delivery] = await eventually(async () => {
      const res = await client.get(`/api/webhooks/${hook.id}/deliveries`);
      return res.body[0]?.status === 'succeeded' ? res.body : undefined;
    });
    expect(delivery).toMatchObject({ id: tries[0].headers['x-studio-delivery'], event: 'project.version.created', status: 'succeeded', deliveredAt: expect.any(String) });
    expect(delivery.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    // Backoff: exponential from 1 s, so the attempts are about 1 s and 2 s apart.
    const at = delivery.attempts.map((a: { at: string }) => Date.parse(a.at));
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(900);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(1800);
  });

  it('logs a receiver that cannot be reached as an attempt with its error, and keeps trying', async () => {
    // Nothing listens on the receiver's port once it is closed: connection refused.
    const gone = await WebhookReceiver.start();
    const url = gone.url('/gone');
    await gone.close();
    const res = await client.post('/api/webhooks', { url, events: ['project.version.created'] });
    expect(res.status).toBe(201);
    const projectId = await project();
    await client.post(`/api/projects/${projectId}/versions/1/restore`);
    const [delivery] = await eventually(async () => {
      const d = await client.get(`/api/webhooks/${res.body.id}/deliveries`);
      return d.body[0]?.attempts.length ? d.body : undefined;
    });
    expect(delivery).toMatchObject({ status: 'pending', attempts: [{ error: expect.stringMatching(/ECONNREFUSED/), durationMs: expect.any(Number) }] });
    expect(delivery.attempts[0].status).toBeUndefined();
    // Deleting the webhook drops what is still queued (and its log).
    expect((await client.delete(`/api/webhooks/${res.body.id}`)).status).toBe(204);
  });
});

describe('ownership', () => {
  it('another user can neither see, delete nor read the deliveries of my webhook', async () => {
    const mine = await register(client, '/owned', ['turn.completed']);
    const other = await signUp('webhooks-other');
    expect((await other.client.get('/api/webhooks')).body).toEqual([]);
    const del = await other.client.delete(`/api/webhooks/${mine.id}`);
    expect(del.status).toBe(404);
    expect(del.body.error.code).toBe('WEBHOOK_NOT_FOUND');
    const read = await other.client.get(`/api/webhooks/${mine.id}/deliveries`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await other.client.get('/api/webhooks/not-a-uuid/deliveries')).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    // Still mine, and unauthenticated callers get nothing at all.
    expect((await client.get(`/api/webhooks/${mine.id}/deliveries`)).status).toBe(200);
    expect((await client.get('/api/webhooks')).body.map((w: { id: string }) => w.id)).toContain(mine.id);
    expect((await new Client().get('/api/webhooks')).status).toBe(401);
    expect((await client.delete(`/api/webhooks/${mine.id}`)).status).toBe(204);
    expect((await client.get(`/api/webhooks/${mine.id}/deliveries`)).status).toBe(404);
  });

  it('caps the webhooks one user may have', async () => {
    const user = await signUp('webhooks-cap');
    for (let i = 0; i < 20; i++) expect((await user.client.post('/api/webhooks', { url: receiver.url(`/cap-${i}`), events: ['turn.failed'] })).status).toBe(201);
    const over = await user.client.post('/api/webhooks', { url: receiver.url('/cap-20'), events: ['turn.failed'] });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'CONFLICT', details: { limit: 20 } });
  });
});
