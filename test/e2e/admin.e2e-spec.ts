import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AUDIT_ACTIONS } from '@studio/contracts';
import { Queue } from 'bullmq';
import type { Socket } from 'socket.io-client';
import { setRole } from '../../tools/stack/src/admin-role.js';
import { API_URL, Client, connectSocket, emitWithAck, eventually, type SignedUp, signUp, strongPassword } from './support/api.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog, reply, script, send } from './support/turns.js';

jest.setTimeout(180_000);

/**
 * In ADMIN_EMAILS of the test stack (tools/stack/src/test.ts), no other test signs up with it. Other files make
 * admins too, so whether one exists when this signs up depends on the order: the test makes it an admin with
 * the CLI's function (`./studio admin grant`) instead.
 */
const FIRST_ADMIN = 'first-admin@admin-e2e.test';
/** Also in ADMIN_EMAILS: signed up once an admin exists, it must be a plain account (ADMIN_EMAILS only bootstraps). */
const LATE_ADMIN_EMAIL = 'late-admin@admin-e2e.test';

const sockets: Socket[] = [];
let queue: Queue | undefined;
afterAll(async () => {
  for (const s of sockets) s.close();
  await queue?.close();
});

let admin: SignedUp;
let person: SignedUp;
/** Every admin route the API documents (`METHOD /path` with `{param}`s), read from /docs/json: a new one cannot be forgotten here. */
let adminRoutes: string[];

beforeAll(async () => {
  const client = new Client();
  const password = strongPassword();
  const res = await client.post('/api/auth/register', { email: FIRST_ADMIN, password });
  expect(res.status).toBe(201);
  client.token = res.body.accessToken;
  await setRole(process.env.DATABASE_URL ?? '', FIRST_ADMIN, 'admin');
  admin = { client, email: FIRST_ADMIN, password, userId: res.body.user.id, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
  person = await signUp('admin-target');

  const doc = (await (await fetch(`${API_URL}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  adminRoutes = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/admin'))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
});

/** A concrete path and body for a documented admin route. */
function callOf(route: string): { method: string; path: string; body?: unknown } {
  const [method, template] = route.split(' ');
  const path = template.replace('{name}', 'webhooks').replace(/\{id\}/g, template.includes('/jobs/') ? '1' : randomUUID());
  const body = path.endsWith('/budget') ? { monthlyUsd: 1 } : path.endsWith('/role') ? { role: 'admin' } : undefined;
  return { method, path, body: body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}) };
}

describe('admin: who may call it', () => {
  it('roles show in GET /api/auth/me; once an admin exists, an ADMIN_EMAILS sign-up is a plain account', async () => {
    expect((await admin.client.get('/api/auth/me')).body).toMatchObject({ id: admin.userId, email: FIRST_ADMIN, role: 'admin' });
    expect((await person.client.get('/api/auth/me')).body).toMatchObject({ id: person.userId, role: 'user' });
    const late = await new Client().post('/api/auth/register', { email: LATE_ADMIN_EMAIL, password: strongPassword() });
    expect([late.status, late.body.user.role]).toEqual([201, 'user']);
    expect((await new Client(late.body.accessToken).get('/api/admin/users')).body.error.code).toBe('ADMIN_ONLY');
  });

  it('every admin route: 401 for an anonymous caller, 403 ADMIN_ONLY for a person and for API keys (an admin’s too)', async () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(12);
    const adminKey = (await admin.client.post('/api/api-keys', { name: 'admin script' })).body.key as string;
    const callers = { anonymous: new Client(), person: person.client, adminKey: new Client(adminKey) };
    const answers: Record<string, string[]> = {};
    for (const route of adminRoutes) {
      const { method, path, body } = callOf(route);
      for (const [who, client] of Object.entries(callers)) {
        const res = await client.request(method, path, body);
        answers[route] = [...(answers[route] ?? []), `${who} ${res.status} ${res.body?.error?.code}`];
      }
    }
    for (const route of adminRoutes) expect([route, answers[route]]).toEqual([route, ['anonymous 401 UNAUTHORIZED', 'person 403 ADMIN_ONLY', 'adminKey 403 ADMIN_ONLY']]);
  });

  it('an admin gives the role and takes it back; it counts from the next request; nobody takes their own', async () => {
    const other = await signUp('admin-other');
    expect((await other.client.get('/api/admin/users')).status).toBe(403);
    expect((await admin.client.request('PUT', `/api/admin/users/${other.userId}/role`, { role: 'admin' })).body).toMatchObject({ id: other.userId, role: 'admin' });
    expect((await other.client.get('/api/admin/users')).status).toBe(200);
    // The new admin cannot demote themselves; the first admin can demote them.
    expect((await other.client.request('PUT', `/api/admin/users/${other.userId}/role`, { role: 'user' })).body.error.code).toBe('LAST_ADMIN');
    expect((await admin.client.request('PUT', `/api/admin/users/${other.userId}/role`, { role: 'user' })).body.role).toBe('user');
    expect((await other.client.get('/api/admin/users')).status).toBe(403);
    expect((await admin.client.request('PUT', `/api/admin/users/${admin.userId}/role`, { role: 'user' })).body.error.code).toBe('LAST_ADMIN');
  });
});

describe('admin: people', () => {
  it('lists and searches accounts by part of the email, % and _ literal; ids that are not accounts are 404', async () => {
    const found = await admin.client.get(`/api/admin/users?q=${encodeURIComponent(person.email.slice(0, 20).toUpperCase())}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, users: [{ id: person.userId, email: person.email, role: 'user', disabledAt: null, projects: 0 }] });
    expect((await admin.client.get(`/api/admin/users?q=${encodeURIComponent(`%${person.email.slice(13)}`)}`)).body.total).toBe(0);
    expect((await admin.client.get('/api/admin/users?limit=1')).body.users).toHaveLength(1);
    expect((await admin.client.get('/api/admin/users?limit=0')).body.error.code).toBe('VALIDATION_FAILED');

    expect((await admin.client.get(`/api/admin/users/${person.userId}`)).body).toMatchObject({ id: person.userId, budget: { periodStart: expect.any(String) } });
    for (const id of [randomUUID(), 'not-a-uuid', '%00']) {
      expect((await admin.client.get(`/api/admin/users/${id}`)).body.error.code).toBe('USER_NOT_FOUND');
      expect((await admin.client.post(`/api/admin/users/${id}/disable`)).body.error.code).toBe('USER_NOT_FOUND');
    }
  });

  it("sets a person's monthly budget, and back to the default", async () => {
    const set = await admin.client.request('PUT', `/api/admin/users/${person.userId}/budget`, { monthlyUsd: 12.5 });
    expect(set.status).toBe(200);
    expect(set.body.budget).toMatchObject({ monthlyUsd: 12.5, overridden: true });
    // The person's own usage shows it.
    expect((await person.client.get('/api/usage')).body.budget).toMatchObject({ monthlyUsd: 12.5, overridden: true });
    expect((await admin.client.request('PUT', `/api/admin/users/${person.userId}/budget`, { monthlyUsd: -1 })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await admin.client.request('PUT', `/api/admin/users/${person.userId}/budget`, { monthlyUsd: null })).body.budget.overridden).toBe(false);
  });

  it('disabling drops the open socket at once, stops the preview and refuses sign-in; enabling lets them back in', async () => {
    const target = await signUp('admin-disable');
    const project = (await target.client.post('/api/projects', { name: 'Disabled soon' })).body;
    const socket = await connectSocket(target.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId: project.id })).toMatchObject({ ok: true });
    const revoked: unknown[] = [];
    socket.on('auth:revoked', (payload: unknown) => revoked.push(payload));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const { cookie, origin } = await signInToPreview(await startPreview(target.client, project.id, log));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);

    expect((await admin.client.post(`/api/admin/users/${admin.userId}/disable`)).body.error.code).toBe('LAST_ADMIN');
    const disabled = await admin.client.post(`/api/admin/users/${target.userId}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));

    expect(await disconnected).toBe('io server disconnect');
    expect(revoked).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }) })]);
    // The preview stops (files kept) and its origin no longer serves them.
    await eventually(
      async () => {
        const hosts = (await admin.client.get('/api/admin/previews')).body.hosts as { previews: { projectId: string; status: string }[] }[];
        return hosts.flatMap((h) => h.previews).find((p) => p.projectId === project.id && p.status === 'stopped');
      },
      60_000,
      'the preview to stop',
    );
    expect((await previewRequest(`${origin}/`, { cookie })).status).not.toBe(200);

    expect((await target.client.get('/api/projects')).status).toBe(401);
    const login = await new Client().post('/api/auth/login', { email: target.email, password: target.password });
    expect([login.status, login.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    const refresh = await new Client().post('/api/auth/refresh', { refreshToken: target.refreshToken });
    expect([refresh.status, refresh.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    // A wrong password still says only that.
    expect((await new Client().post('/api/auth/login', { email: target.email, password: strongPassword() })).body.error.code).toBe('INVALID_CREDENTIALS');

    expect((await admin.client.post(`/api/admin/users/${target.userId}/enable`)).body.disabledAt).toBeNull();
    const back = await new Client().post('/api/auth/login', { email: target.email, password: target.password });
    expect(back.status).toBe(200);
    expect((await new Client(back.body.accessToken).get('/api/projects')).status).toBe(200);
  });
});

describe('admin: disabling stops spending', () => {
  it("cancels the person's running and queued turns: they end cancelled with nothing committed", async () => {
    const target = await signUp('admin-disable-turns');
    const project = (await target.client.post('/api/projects', { name: 'Spending' })).body;
    const socket = await connectSocket(target.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId: project.id })).toMatchObject({ ok: true });
    // Long enough (~40 s of streaming) that only the cancel can end it within the waits below.
    const slow = await script({ reply: reply('Working on it, slowly. '.repeat(150), { 'src/components/Slow.tsx': 'export const Slow = () => <p>slow</p>;' }), chunkChars: 4, chunkDelayMs: 40 });
    const running = await send(socket, project.id, `Slow ${slow.marker}`);
    const queued = await send(socket, project.id, `After it ${slow.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === running, 30_000, 'the running turn to stream');

    const disabled = await admin.client.post(`/api/admin/users/${target.userId}/disable`);
    expect(disabled.status).toBe(200);
    const recorded = (await admin.client.get(`/api/admin/audit?userId=${target.userId}&action=user.disabled`)).body.events as { details: { turns: number } }[];
    expect(recorded[0].details.turns).toBe(2);

    // Back in, to read the turns' ends as the person.
    expect((await admin.client.post(`/api/admin/users/${target.userId}/enable`)).status).toBe(200);
    const back = new Client((await new Client().post('/api/auth/login', { email: target.email, password: target.password })).body.accessToken);
    const statuses = () => Promise.all([running, queued].map(async (id) => (await back.get(`/api/turns/${id}`)).body.status as string));
    expect(await eventually(async () => ((await statuses()).every((st) => st !== 'queued' && st !== 'running') ? statuses() : undefined), 20_000, 'both turns to end')).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect((await back.get(`/api/projects/${project.id}`)).body.headVersion).toBe(1);
  });
});

describe('admin: queues', () => {
  it('lists every queue with its counts; a job failed after its last retry is listed (ids only), retried and discarded', async () => {
    const views = (await admin.client.get('/api/admin/queues')).body as { name: string; failed: number }[];
    expect(views.map((q) => q.name).sort()).toEqual(['assets', 'exports', 'maintenance', 'previews', 'sites', 'turns', 'webhooks']);
    expect(views[0]).toEqual({
      name: expect.any(String),
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      prioritized: expect.any(Number),
      failed: expect.any(Number),
      paused: false,
    });

    // A job no handler takes fails on its one attempt, as a real one does after its last retry.
    const redis = new URL(process.env.REDIS_URL!);
    queue = new Queue('webhooks', { connection: { host: redis.hostname, port: Number(redis.port) }, prefix: process.env.QUEUE_PREFIX ?? 'studio' });
    const projectId = randomUUID();
    const job = await queue.add('admin-e2e.no-handler', { projectId, secret: 'never shown' }, { attempts: 1 });
    const failedNow = () =>
      eventually(async () => ((await admin.client.get('/api/admin/queues/webhooks/failed?limit=200')).body as { id: string }[]).find((j) => j.id === job.id), 30_000, 'the job to fail');
    expect(await failedNow()).toEqual({
      queue: 'webhooks',
      id: job.id,
      name: 'admin-e2e.no-handler',
      data: { projectId },
      error: expect.stringContaining('No handler'),
      attempts: 1,
      failedAt: expect.any(String),
    });
    expect((await admin.client.get('/api/admin/queues')).body.find((q: { name: string }) => q.name === 'webhooks').failed).toBeGreaterThanOrEqual(1);

    const retriedAt = Date.now();
    expect((await admin.client.post(`/api/admin/queues/webhooks/jobs/${job.id}/retry`)).status).toBe(204);
    // The worker ran it again: it failed anew, after the retry.
    await eventually(
      async () => {
        const again = await queue?.getJob(job.id!);
        return again && (await again.isFailed()) && (again.finishedOn ?? 0) >= retriedAt ? again : undefined;
      },
      30_000,
      'the retried job to fail again',
    );
    await failedNow();
    expect((await admin.client.delete(`/api/admin/queues/webhooks/jobs/${job.id}`)).status).toBe(204);
    expect(await queue.getJob(job.id!)).toBeUndefined();
    expect((await admin.client.delete(`/api/admin/queues/webhooks/jobs/${job.id}`)).body.error.code).toBe('JOB_NOT_FOUND');
    expect((await admin.client.post('/api/admin/queues/webhooks/jobs/%00/retry')).body.error.code).toBe('JOB_NOT_FOUND');
    expect((await admin.client.get('/api/admin/queues/nope/failed')).body.error.code).toBe('NOT_FOUND');
  });
});

describe('admin: the audit trail', () => {
  it("a person's own trail says that an admin acted on them, not which admin nor from where", async () => {
    const own = (await person.client.get('/api/audit?action=budget.changed&limit=200')).body.events as { actor: unknown; ip: unknown }[];
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((e) => [e.actor, e.ip])).toEqual(own.map(() => [{ kind: 'admin', userId: null }, null]));
    const adminView = (await admin.client.get(`/api/admin/audit?userId=${person.userId}&action=budget.changed`)).body.events as { actor: { userId: string }; ip: string | null }[];
    expect(adminView[0]).toMatchObject({ actor: { kind: 'admin', userId: admin.userId }, ip: expect.any(String) });
  });

  it('every admin action left a record, with the admin as actor', async () => {
    expect((await admin.client.get('/api/admin/maintenance')).status).toBe(200);
    const mine = (await admin.client.get(`/api/admin/audit?userId=${person.userId}&limit=200`)).body.events as { action: string; actor: { kind: string; userId: string } }[];
    expect(mine.filter((e) => e.actor.kind === 'admin' && e.actor.userId === admin.userId).map((e) => e.action)).toEqual(expect.arrayContaining(['admin.user_viewed', 'budget.changed']));
    // Every admin action the contract names, and the account changes only an admin makes.
    const actions = AUDIT_ACTIONS.filter((a) => a.startsWith('admin.') || ['user.disabled', 'user.enabled', 'budget.changed', 'role.changed'].includes(a));
    expect(actions).toHaveLength(12);
    const missing: string[] = [];
    for (const action of actions) {
      const events = (await admin.client.get(`/api/admin/audit?action=${action}&limit=200`)).body.events as { actor: { kind: string; userId: string } }[];
      if (!events.some((e) => e.actor.kind === 'admin' && e.actor.userId === admin.userId)) missing.push(action);
    }
    expect(missing).toEqual([]);
  });
});
