import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { ProviderKeyView } from '@studio/contracts';
import { secretBox } from '@studio/platform';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { RecordedRequest } from '../../tools/model-server/src/server.js';
import { rotateSecrets } from '../../tools/stack/src/secrets-rotate.js';
import { Client, connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { EventLog, MODEL_SERVER_URL, reply, script, send } from './support/turns.js';

jest.setTimeout(60_000);

/**
 * Bring your own key (docs/API.md "Your own model keys"), against the real stack: a key is stored sealed, never
 * shown, survives a rotation of the secrets key, is what the scripted model server receives, reports its
 * provider's refusal masked, and cannot point the worker at an internal address.
 */

const sockets: Socket[] = [];
let db: pg.Client;
let user: SignedUp;
let log: EventLog;
let projectId: string;

const put = (client: Client, provider: string, body: unknown) => client.request<ProviderKeyView & { error?: { code: string; message: string } }>('PUT', `/api/provider-keys/${provider}`, body);
const rawColumn = async (userId: string): Promise<string> => (await db.query<{ sealed_key: string }>('SELECT sealed_key FROM provider_keys WHERE user_id = $1', [userId])).rows[0].sealed_key;

/** What the scripted model server received for a scenario, with the credential each request carried. */
const requestsOf = async (scenarioId: string): Promise<RecordedRequest[]> => (await (await fetch(`${MODEL_SERVER_URL}/_scenarios/${scenarioId}/requests`)).json()) as RecordedRequest[];

/** The stack's apps hold only their own key: SECRETS_KEY, or the one derived from JWT_SECRET. */
const stackEnv = { JWT_SECRET: process.env.JWT_SECRET ?? '', SECRETS_KEY: process.env.SECRETS_KEY || undefined };

beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  user = await signUp('byok');
  projectId = (await user.client.post('/api/projects', { name: 'Own key' })).body.id;
  const socket = await connectSocket(user.accessToken);
  sockets.push(socket);
  log = new EventLog(socket);
  expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
});

/** A tiny server on the test's own host (127.0.0.1 is in the stack's WEBHOOK_ALLOWED_CIDRS) that records its requests. */
const servers: Server[] = [];
async function serve(answer: (res: ServerResponse) => void): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    answer(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await db.end();
});

describe('own model keys', () => {
  const key = `sk-own-${randomBytes(18).toString('base64url')}`;
  const bad = `sk-bad-${randomBytes(18).toString('base64url')}`;

  it('stores the key sealed and never shows it, then a turn uses exactly that key even after a rotation of the secrets key', async () => {
    const saved = await put(user.client, 'openai-compatible', { apiKey: key, baseUrl: `${MODEL_SERVER_URL}/v1`, model: 'byok-model', label: 'Mine' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ provider: 'openai-compatible', hint: `…${key.slice(-4)}`, baseUrl: `${MODEL_SERVER_URL}/v1`, model: 'byok-model', label: 'Mine', lastError: null });
    const listed = await user.client.get('/api/provider-keys');
    expect(listed.body).toEqual([saved.body]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    // The raw column holds neither the key nor its base64.
    const raw = await rawColumn(user.userId);
    expect(raw).toMatch(/^v2:[0-9a-f]{8}:/);
    for (const form of [key, Buffer.from(key).toString('base64'), Buffer.from(key).toString('base64url'), key.slice(7)]) expect(raw).not.toContain(form);

    // As if saved while the server ran with an older SECRETS_KEY: the operator made that key SECRETS_KEY_PREVIOUS
    // (here: the stack's key is the new one) and runs the rotation, which re-seals it under the current key.
    const oldKey = randomBytes(32).toString('base64');
    await db.query('UPDATE provider_keys SET sealed_key = $2 WHERE user_id = $1', [user.userId, secretBox({ ...stackEnv, SECRETS_KEY: oldKey }).seal(key)]);
    const box = secretBox({ ...stackEnv, SECRETS_KEY_PREVIOUS: oldKey });
    const first = await rotateSecrets(process.env.DATABASE_URL ?? '', box);
    expect(first.find((c) => c.table === 'provider_keys.sealed_key')).toMatchObject({ resealed: expect.any(Number), unreadable: [] });
    expect(first.find((c) => c.table === 'provider_keys.sealed_key')?.resealed).toBeGreaterThanOrEqual(1);
    const rotated = await rawColumn(user.userId);
    expect(rotated.startsWith(`v2:${box.keyId}:`)).toBe(true);
    expect(box.open(rotated)).toBe(key);
    // Idempotent: a second run finds everything under the current key.
    const again = await rotateSecrets(process.env.DATABASE_URL ?? '', box);
    expect(again.map((c) => c.resealed)).toEqual(again.map(() => 0));
    expect(await rawColumn(user.userId)).toBe(rotated);

    // The stack's worker holds no old key at all (step 3 of the rotation: dropped), and the turn still uses the key.
    const s = await script({ reply: reply('Done with your own key.') });
    const turnId = await send(log.socket, projectId, `Say hello ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');
    const seen = await requestsOf(s.id);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.map((r) => r.credential)).toEqual(seen.map(() => key));
    expect(seen.map((r) => r.model)).toEqual(seen.map(() => 'byok-model'));
    // The ledger bills every call of the turn to the person's own key.
    const ledger = await db.query<{ billed_to: string }>('SELECT billed_to FROM usage_records WHERE turn_id = $1', [turnId]);
    expect(ledger.rows.length).toBeGreaterThanOrEqual(1);
    expect(ledger.rows.every((r) => r.billed_to === 'own_key')).toBe(true);
  });

  it('a key its provider refuses fails the turn with PROVIDER_KEY_FAILED and shows the provider reason, masked', async () => {
    expect((await put(user.client, 'openai-compatible', { apiKey: bad, baseUrl: `${MODEL_SERVER_URL}/v1`, model: 'byok-model' })).status).toBe(200);
    const s = await script({ reply: reply('never sent'), refuseKeys: [bad] });
    const turnId = await send(log.socket, projectId, `Try again ${s.marker}`);
    const failed = await log.outcome(turnId);
    expect(failed.name).toBe('turn:failed');
    expect(failed.payload.error).toMatchObject({ code: 'PROVIDER_KEY_FAILED' });
    expect(JSON.stringify(failed.payload)).not.toContain(bad);
    const [view] = (await user.client.get('/api/provider-keys')).body as ProviderKeyView[];
    expect(view.lastError?.message).toContain('Incorrect API key provided');
    expect(view.lastError?.message).not.toContain(bad);
    expect(view.lastError?.message).not.toContain(bad.slice(-4));
  });

  it('refuses a base URL to an internal address, and a key managed through an API key', async () => {
    for (const baseUrl of ['http://169.254.169.254/v1', 'http://localhost:8080/v1', 'https://127.0.0.2/v1', 'http://[::1]/v1']) {
      const refused = await put(user.client, 'openai', { apiKey: key, baseUrl });
      expect([baseUrl, refused.status, refused.body.error?.code]).toEqual([baseUrl, 400, 'PROVIDER_URL_REFUSED']);
      expect(JSON.stringify(refused.body)).not.toContain(key);
    }
    const apiKey = (await user.client.post('/api/api-keys', { name: 'script' })).body.key;
    const viaApiKey = new Client(apiKey);
    expect((await viaApiKey.get('/api/provider-keys')).body.error.code).toBe('FORBIDDEN_FOR_API_KEY');
    expect((await put(viaApiKey, 'openai', { apiKey: key })).body.error?.code).toBe('FORBIDDEN_FOR_API_KEY');
  });

  it('answers 400 to bad input and never echoes the key, and deletes a key once', async () => {
    const cases: [string, unknown][] = [
      ['gemini', { apiKey: key }],
      ['openai-compatible', { apiKey: key }],
      ['openai', { apiKey: `${key}\u0000` }],
      ['openai', { apiKey: key.repeat(100) }],
      ['openai', { apiKey: key, extra: 1 }],
      ['openai', { apiKey: key, baseUrl: 'ftp://example.com' }],
      ['openai', { apiKey: 'x'.repeat(2_000_000) }],
      ['openai\u0000', { apiKey: key }],
    ];
    for (const [provider, body] of cases) {
      const res = await put(user.client, encodeURIComponent(provider), body);
      expect([provider, res.status >= 400 && res.status < 500]).toEqual([provider, true]);
      expect(JSON.stringify(res.body)).not.toContain(key);
    }
    expect((await put(user.client, 'gemini', { apiKey: key })).body.error?.code).toBe('VALIDATION_FAILED');

    expect((await user.client.delete('/api/provider-keys/openai-compatible')).status).toBe(204);
    const gone = await user.client.delete('/api/provider-keys/openai-compatible');
    expect([gone.status, gone.body.error.code]).toEqual([404, 'PROVIDER_KEY_NOT_FOUND']);
    expect((await user.client.get('/api/provider-keys')).body).toEqual([]);

    // Saved and deleted are in the person's audit trail with the provider and hint, never the key.
    const audited = await db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_events WHERE subject_user_id = $1 AND action LIKE 'provider_key.%' ORDER BY id`,
      [user.userId],
    );
    expect(audited.rows.map((r) => r.action)).toEqual(['provider_key.saved', 'provider_key.saved', 'provider_key.deleted']);
    expect(audited.rows[2].details).toEqual({ provider: 'openai-compatible', hint: `…${bad.slice(-4)}` });
    expect(JSON.stringify(audited.rows)).not.toMatch(new RegExp(`${key}|${bad}`));
    // Nor did either process log it, on any path this file took (refusals, the 401, the rotation).
    const logged = readFileSync('test-artifacts/stack.log', 'utf8');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.includes(key) || logged.includes(bad)).toBe(false);
  });

  // After the audit count above: this saves one more key.
  it('never follows a redirect from a base URL: the turn fails PROVIDER_KEY_FAILED and the target receives nothing', async () => {
    const metadata = await serve((res) => res.writeHead(200).end('{"AccessKeyId":"internal-secret"}'));
    const evil = await serve((res) => res.writeHead(307, { location: `${metadata.url}/latest/meta-data/iam/` }).end());
    expect((await put(user.client, 'openai-compatible', { apiKey: key, baseUrl: `${evil.url}/v1`, model: 'byok-model' })).status).toBe(200);
    const turnId = await send(log.socket, projectId, 'Hello through a redirect');
    const failed = await log.outcome(turnId);
    expect(failed.name).toBe('turn:failed');
    expect(failed.payload.error).toMatchObject({ code: 'PROVIDER_KEY_FAILED' });
    expect(evil.hits.length).toBeGreaterThanOrEqual(1);
    expect(metadata.hits).toEqual([]);
    const [view] = (await user.client.get('/api/provider-keys')).body as ProviderKeyView[];
    expect(view.lastError?.message).toMatch(/redirect \(307\), which is not followed/);
    expect(JSON.stringify([failed.payload, view])).not.toMatch(new RegExp(`${key}|internal-secret`));
  });
});
