import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { AuditEventView, AuditPageView } from '@studio/contracts';
import { createDataSource, DeploymentsRepository, SitesRepository } from '@studio/data';
import type { DataSource } from 'typeorm';
import { API_URL, Client, type Reply, type SignedUp, signUp, strongPassword, uniqueEmail } from './support/api.js';

jest.setTimeout(120_000);

/**
 * The audit trail end to end (docs/API.md "Audit trail"), against the real stack: one scripted session does
 * every audited action a person can do, each request with its own X-Request-Id, and the person's
 * `GET /api/audit` then holds each of them with actor, target, time, address and that request id. Another
 * person's trail never shows; odd queries are refused, never a 500; the records cannot be changed.
 */
const run = randomBytes(4).toString('hex');
const rid = (step: string) => `audit-${run}-${step}`;

let db: DataSource;
let other: SignedUp;
const me = new Client();
const email = uniqueEmail('audit');
const password = strongPassword();
let userId = '';
let readToken = '';
const made = { loginSession: '', apiKey: '', apiKeySecret: '', project: '', deleted: '', deployment: '', rolledTo: '' };
let trail: AuditEventView[] = [];
let started = 0;

/** A request of the session under `step`'s request id, with a token when given. */
async function step(step: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  me.token = token;
  return me.request(method, path, body, { 'x-request-id': rid(step) });
}

/** A deployment the worker would have built, made ready through the repositories (no build to wait for). */
async function readyDeployment(siteId: string, projectId: string, version: number): Promise<string> {
  const d = await new DeploymentsRepository(db).create({ siteId, projectId, ownerId: userId, version, targetKind: 'builtin' });
  const manifest = {
    files: { 'index.html': { key: `projects/${projectId}/deployments/${d.id}/index.html`, size: 10, etag: `"${d.id.slice(0, 22)}"`, contentType: 'text/html; charset=utf-8', immutable: false } },
    notFound: '404.html',
  };
  await new SitesRepository(db).activate(d.id, { manifest, fileCount: 1, sizeBytes: 10, buildMs: 5, publishMs: 9 });
  return d.id;
}

const audit = (client: Client, query = '') => client.get<AuditPageView & { error?: { code: string } }>(`/api/audit${query}`);

beforeAll(async () => {
  db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 1, applicationName: 'audit-e2e' });
  await db.initialize();
  other = await signUp('audit-other');
  started = Date.now();

  const registered = await step('register', 'POST', '/api/auth/register', { email, password });
  expect(registered.status).toBe(201);
  userId = registered.body.user.id;
  const sessionToken: string = registered.body.accessToken;

  expect((await step('bad-login', 'POST', '/api/auth/login', { email, password: `${password}-wrong` })).status).toBe(401);
  const login = await step('login', 'POST', '/api/auth/login', { email, password });
  expect(login.status).toBe(200);
  const refreshed = await step('refresh', 'POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken });
  expect(refreshed.status).toBe(200);
  const reused = await step('reuse', 'POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken });
  expect([reused.status, reused.body.error.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);

  // The rest runs on the sign-up's session: the reuse above revoked the sign-in's.
  const key = await step('key-create', 'POST', '/api/api-keys', { name: 'ci' }, sessionToken);
  expect(key.status).toBe(201);
  made.apiKey = key.body.id;
  made.apiKeySecret = key.body.key;
  expect((await step('key-revoke', 'DELETE', `/api/api-keys/${made.apiKey}`, undefined, sessionToken)).status).toBe(204);

  const created = await step('project-create', 'POST', '/api/projects', { name: 'Audited' }, sessionToken);
  expect(created.status).toBe(201);
  made.project = created.body.id;
  expect((await step('project-rename', 'PATCH', `/api/projects/${made.project}`, { name: 'Audited, renamed' }, sessionToken)).status).toBe(200);
  const doomed = await step('doomed-create', 'POST', '/api/projects', { name: 'Short-lived' }, sessionToken);
  made.deleted = doomed.body.id;
  expect((await step('project-delete', 'DELETE', `/api/projects/${made.deleted}`, undefined, sessionToken)).status).toBe(204);

  const write = await fetch(`${API_URL}/api/projects/${made.project}/files/raw?path=src%2FExtra.ts`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/octet-stream', 'x-forwarded-for': me.ip },
    body: Buffer.from('export const extra = 2;\n'),
  });
  expect(write.status).toBe(200);
  expect((await step('restore', 'POST', `/api/projects/${made.project}/versions/1/restore`, {}, sessionToken)).status).toBe(201);

  const published = await step('publish', 'POST', `/api/projects/${made.project}/deployments`, {}, sessionToken);
  expect(published.status).toBe(202);
  made.deployment = published.body.id;
  made.rolledTo = await readyDeployment(published.body.siteId, made.project, 1);
  await readyDeployment(published.body.siteId, made.project, 2);
  expect((await step('rollback', 'POST', `/api/projects/${made.project}/site/rollback`, { deploymentId: made.rolledTo }, sessionToken)).status).toBe(200);

  expect((await step('logout', 'POST', '/api/auth/logout', {}, sessionToken)).status).toBe(204);

  const again = await step('read', 'POST', '/api/auth/login', { email, password });
  readToken = again.body.accessToken;
  me.token = readToken;
  const page = await audit(me, '?limit=200');
  expect(page.status).toBe(200);
  trail = page.body.events;
});
afterAll(async () => {
  await db?.destroy();
});

/** The one record of the trail made by `step`'s request. */
function recordOf(name: string): AuditEventView {
  const found = trail.filter((e) => e.requestId === rid(name));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('GET /api/audit after a scripted session', () => {
  const self = () => ({ kind: 'user', userId });
  const anonymous = { kind: 'anonymous', userId: null };

  it.each([
    ['register', 'auth.signed_up', () => self(), () => 'session'],
    ['bad-login', 'auth.sign_in_failed', () => anonymous, () => null],
    ['login', 'auth.signed_in', () => self(), () => 'session'],
    ['reuse', 'auth.refresh_reused', () => anonymous, () => 'session'],
    ['key-create', 'api_key.created', () => self(), () => 'api_key'],
    ['key-revoke', 'api_key.revoked', () => self(), () => 'api_key'],
    ['project-create', 'project.created', () => self(), () => 'project'],
    ['project-rename', 'project.renamed', () => self(), () => 'project'],
    ['project-delete', 'project.deleted', () => self(), () => 'project'],
    ['restore', 'version.restored', () => self(), () => 'project'],
    ['publish', 'site.published', () => self(), () => 'deployment'],
    ['rollback', 'site.rolled_back', () => self(), () => 'deployment'],
    ['logout', 'auth.signed_out', () => self(), () => 'session'],
  ])('%s → %s, with actor, target, time, address and the request id sent', (name, action, actor, targetType) => {
    const record = recordOf(name);
    expect(record).toMatchObject({ action, actor: actor(), subjectUserId: userId, ip: me.ip, requestId: rid(name) });
    expect(record.target?.type ?? null).toBe(targetType());
    expect(Date.parse(record.at)).toBeGreaterThanOrEqual(started - 5_000);
    expect(Date.parse(record.at)).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('names the right things: the session refreshed twice, the key, the projects, the deployments', () => {
    expect(recordOf('reuse').target?.id).toBe(recordOf('login').target?.id);
    expect(recordOf('key-create')).toMatchObject({ target: { id: made.apiKey }, details: { name: 'ci' } });
    expect(recordOf('key-revoke').target?.id).toBe(made.apiKey);
    expect(recordOf('project-create')).toMatchObject({ target: { id: made.project }, details: { name: 'Audited' } });
    expect(recordOf('project-rename').details).toEqual({ from: 'Audited', to: 'Audited, renamed' });
    expect(recordOf('project-delete')).toMatchObject({ target: { id: made.deleted }, details: { name: 'Short-lived' } });
    expect(recordOf('restore').details).toMatchObject({ restored: 1, version: 3 });
    expect(recordOf('publish').target?.id).toBe(made.deployment);
    expect(recordOf('rollback').target?.id).toBe(made.rolledTo);
    expect(recordOf('bad-login').details).toEqual({ reason: 'wrong_password' });
  });

  it('holds no secret: no password, token or key in any record', () => {
    const text = JSON.stringify(trail);
    expect(text).not.toContain(password);
    expect(text).not.toContain(made.apiKeySecret);
    expect(text).not.toMatch(/rt_[\w-]{20,}/);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  it('is newest first and pages with `before`; `action` filters', async () => {
    const ids = trail.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const first = await audit(me, '?limit=3');
    expect(first.body.events.map((e) => e.id)).toEqual(trail.slice(0, 3).map((e) => e.id));
    const second = await audit(me, `?limit=3&before=${first.body.next}`);
    expect(second.body.events.map((e) => e.id)).toEqual(trail.slice(3, 6).map((e) => e.id));
    const signIns = await audit(me, '?action=auth.signed_in');
    expect(signIns.body.events.map((e) => e.requestId)).toEqual([rid('read'), rid('login')]);
  });
});

describe("another person's trail", () => {
  it('never shows: each sees only their own records', async () => {
    expect(trail.every((e) => e.subjectUserId === userId)).toBe(true);
    const theirs = await audit(other.client, '?limit=200');
    expect(theirs.status).toBe(200);
    expect(theirs.body.events.map((e) => e.action)).toEqual(['auth.signed_up']);
    expect(theirs.body.events[0].subjectUserId).toBe(other.userId);
  });

  it('cannot be asked for here (`userId` belongs to the admin route), nor without signing in', async () => {
    const asked = await audit(other.client, `?userId=${userId}`);
    expect([asked.status, asked.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await new Client().get('/api/audit')).status).toBe(401);
  });
});

describe('odd queries', () => {
  it.each([
    ['?before=%00', 400],
    ['?action=%00', 400],
    ['?limit=%00', 400],
    ['?limit=1e400', 400],
    ['?limit=0', 400],
    ['?before=1&before=2', 400],
    ['?action=auth.signed_in&action=auth.signed_out', 400],
    [`?before=${'9'.repeat(19)}`, 200],
    [`?action=${'x'.repeat(6000)}`, 400],
    [`?junk=${'%00'.repeat(2000)}`, 400],
  ])('%# is answered %s, never a 500', async (query, status) => {
    const res = await audit(me, query);
    expect(res.status).toBe(status);
    if (status === 400) expect(res.body.error?.code).toBe('VALIDATION_FAILED');
  });
});

describe('the records', () => {
  it('cannot be changed or removed, even with the database in hand', async () => {
    const id = recordOf('bad-login').id;
    await expect(db.query(`UPDATE audit_events SET details = '{}' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    const [row]: { details: Record<string, unknown> }[] = await db.query(`SELECT details FROM audit_events WHERE id = $1`, [id]);
    expect(row.details).toEqual({ reason: 'wrong_password' });
  });
});
