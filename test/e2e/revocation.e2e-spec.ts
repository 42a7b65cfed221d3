import { jest } from '@jest/globals';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { API_URL, Client, connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { craftJwt, decodePayload } from './support/jwt.js';

jest.setTimeout(120_000);

const JWT_SECRET = process.env.JWT_SECRET!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a socket hears when its credential ends: the `auth:revoked` notice, then the server's disconnect. */
function watch(socket: Socket) {
  const notices: unknown[] = [];
  socket.on('auth:revoked', (payload: unknown) => {
    notices.push(payload);
  });
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  return {
    notices,
    /** The disconnect reason, or 'still connected' after `ms`. */
    gone: (ms = 5000) => Promise.race([disconnected, sleep(ms).then(() => 'still connected')]),
  };
}

/** A socket of `user` (its access token, or `credential`) in one of its projects. */
async function openSocket(user: SignedUp, credential = user.accessToken, baseUrl = API_URL) {
  const project = await user.client.post('/api/projects', { name: 'Revocation' });
  const socket = await connectSocket(credential, baseUrl);
  expect(await emitWithAck(socket, 'project:join', { projectId: project.body.id })).toMatchObject({ ok: true });
  return { socket, projectId: project.body.id as string, watched: watch(socket) };
}

/** `chat:send` on a socket whose credential ended: it must not start a turn (no ack, or an UNAUTHORIZED one). */
async function expectNoTurn(socket: Socket, projectId: string) {
  const answer = await emitWithAck(socket, 'chat:send', { projectId, message: 'after the end' }).catch(() => 'no answer');
  if (answer !== 'no answer') expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
}

/** An access token of the user's own session that expires in `seconds` (signed with the stack's secret). */
function shortLivedToken(user: SignedUp, seconds: number) {
  const now = Math.floor(Date.now() / 1000);
  return craftJwt({ alg: 'HS256', typ: 'JWT' }, { ...decodePayload(user.accessToken), iat: now, exp: now + seconds }, JWT_SECRET);
}

describe('revocation reaches open sockets', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  it('logout disconnects the sockets of that session, with an UNAUTHORIZED notice first; other sessions stay', async () => {
    const user = await signUp('rv-logout');
    const other = await new Client().post('/api/auth/login', { email: user.email, password: user.password });
    const mine = await openSocket(user);
    const kept = await openSocket(user, other.body.accessToken);
    sockets.push(mine.socket, kept.socket);

    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    expect(await mine.watched.gone()).toBe('io server disconnect');
    expect(mine.watched.notices).toEqual([{ error: { code: 'UNAUTHORIZED', message: expect.any(String) }, reason: 'logout' }]);
    await expectNoTurn(mine.socket, mine.projectId);

    // Another sign-in session of the same person is not touched.
    expect(kept.socket.connected).toBe(true);
    expect(await emitWithAck(kept.socket, 'project:join', { projectId: kept.projectId })).toMatchObject({ ok: true });
  });

  it('revoking an API key disconnects its sockets', async () => {
    const user = await signUp('rv-key');
    const key = await user.client.post('/api/api-keys', { name: 'script' });
    const viaKey = await openSocket(user, key.body.key);
    sockets.push(viaKey.socket);

    expect((await user.client.delete(`/api/api-keys/${key.body.id}`)).status).toBe(204);
    expect(await viaKey.watched.gone()).toBe('io server disconnect');
    expect(viaKey.watched.notices).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }), reason: 'api_key_revoked' })]);
  });

  it('a reused refresh token disconnects the sockets of its whole family', async () => {
    const user = await signUp('rv-reuse');
    const opened = await openSocket(user);
    sockets.push(opened.socket);

    expect((await new Client().post('/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);
    const reused = await new Client().post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect(await opened.watched.gone()).toBe('io server disconnect');
    expect(opened.watched.notices).toEqual([expect.objectContaining({ reason: 'refresh_token_reused' })]);
  });

  it('a session revoked without a notice on Redis (a direct database write) is refused by the next event', async () => {
    const user = await signUp('rv-silent');
    const opened = await openSocket(user);
    sockets.push(opened.socket);
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`, [decodePayload(user.accessToken).sid]);
    } finally {
      await db.end();
    }
    // Liveness answers are cached for at most a second per process.
    await sleep(1200);
    expect(await emitWithAck(opened.socket, 'project:join', { projectId: opened.projectId })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await opened.watched.gone()).toBe('io server disconnect');
  });

  it('an access token that expires ends its socket at expiry; events stop', async () => {
    const user = await signUp('rv-expiry');
    const opened = await openSocket(user, shortLivedToken(user, 3));
    sockets.push(opened.socket);
    const started = Date.now();
    expect(await emitWithAck(opened.socket, 'project:join', { projectId: opened.projectId })).toMatchObject({ ok: true });

    expect(await opened.watched.gone(8000)).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(opened.watched.notices).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }), reason: 'expired' })]);
    await expectNoTurn(opened.socket, opened.projectId);
  });

  it('auth:refresh hands a socket a fresh token of the same person in place; another person’s token is refused', async () => {
    const user = await signUp('rv-refresh');
    const stranger = await signUp('rv-refresh-stranger');
    const opened = await openSocket(user, shortLivedToken(user, 3));
    sockets.push(opened.socket);

    expect(await emitWithAck(opened.socket, 'auth:refresh', { token: stranger.accessToken })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await emitWithAck(opened.socket, 'auth:refresh', { token: user.accessToken })).toEqual({ ok: true, expiresAt: expect.any(String) });
    expect(await opened.watched.gone(5000)).toBe('still connected');
    expect(await emitWithAck(opened.socket, 'project:join', { projectId: opened.projectId })).toMatchObject({ ok: true });

    // The refreshed socket belongs to the new token's session: logging it out still ends the socket.
    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    expect(await opened.watched.gone()).toBe('io server disconnect');
  });
});

describe('revocation across API processes', () => {
  let second: AppProcess;
  let secondUrl: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    // Same Postgres, Redis and queue prefix as the stack's API: one deployment with two API processes.
    second = new AppProcess('api', { PORT: String(port) });
    await waitForHealth(secondUrl);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await second?.stop();
  });

  it('a logout on one process disconnects the session’s socket on the other', async () => {
    const user = await signUp('rv-two');
    const there = await openSocket(user, user.accessToken, secondUrl);
    sockets.push(there.socket);

    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    expect(await there.watched.gone()).toBe('io server disconnect');
    expect(there.watched.notices).toEqual([expect.objectContaining({ reason: 'logout' })]);
  });

  it('an API key revoked on one process disconnects its socket on the other', async () => {
    const user = await signUp('rv-two-key');
    const key = await user.client.post('/api/api-keys', { name: 'elsewhere' });
    const there = await openSocket(user, key.body.key, secondUrl);
    sockets.push(there.socket);

    expect((await user.client.delete(`/api/api-keys/${key.body.id}`)).status).toBe(204);
    expect(await there.watched.gone()).toBe('io server disconnect');
  });
});

describe('API keys cannot mint API keys', () => {
  it('POST /api/api-keys with an API key is 403 FORBIDDEN_FOR_API_KEY; a signed-in person still can', async () => {
    const user = await signUp('rv-mint');
    const key = await user.client.post('/api/api-keys', { name: 'parent' });
    const minted = await new Client(key.body.key).post('/api/api-keys', { name: 'child' });
    expect(minted.status).toBe(403);
    expect(minted.body.error.code).toBe('FORBIDDEN_FOR_API_KEY');
    expect((await user.client.get('/api/api-keys')).body).toHaveLength(1);
  });
});
