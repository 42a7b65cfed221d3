import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { AuthSessionEntity } from '../entities/auth-session.entity.js';
import { RefreshTokenEntity } from '../entities/refresh-token.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { AuthSessionsRepository, type NewRefreshToken } from './auth-sessions.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let sessions: AuthSessionsRepository;
let users: UsersRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  sessions = new AuthSessionsRepository(ds);
  users = new UsersRepository(ds);
});
afterAll(() => ds.destroy());

const HOUR = 3600_000;
const token = (ttlMs = HOUR): NewRefreshToken => ({ tokenHash: randomUUID(), expiresAt: new Date(Date.now() + ttlMs) });
const session = (id: string) => ds.getRepository(AuthSessionEntity).findOneByOrFail({ id });
const tokensOf = (sessionId: string) => ds.getRepository(RefreshTokenEntity).find({ where: { sessionId }, order: { createdAt: 'ASC' } });

async function signedIn(): Promise<{ userId: string; sessionId: string; first: NewRefreshToken }> {
  const first = token();
  const opened = await sessions.signUp({ email: `${randomUUID()}@example.test`, passwordHash: 'h' }, first);
  return { userId: opened!.user.id, sessionId: opened!.sessionId, first };
}

describe('AuthSessionsRepository', () => {
  it('signs up: the account, a live session and its first refresh token', async () => {
    const first = token();
    const address = `${randomUUID()}@example.test`;
    const opened = await sessions.signUp({ email: address, passwordHash: 'h' }, first);
    expect(opened?.user).toMatchObject({ email: address, passwordHash: 'h' });
    expect(await session(opened!.sessionId)).toMatchObject({ userId: opened!.user.id, revokedAt: null });
    expect(await tokensOf(opened!.sessionId)).toEqual([expect.objectContaining({ tokenHash: first.tokenHash, usedAt: null, expiresAt: first.expiresAt })]);
  });

  it('refuses a taken email with null, and writes nothing for it', async () => {
    const address = `${randomUUID()}@example.test`;
    const first = await sessions.signUp({ email: address, passwordHash: 'first' }, token());
    const second = token();
    expect(await sessions.signUp({ email: address, passwordHash: 'second' }, second)).toBeNull();
    expect(await ds.getRepository(UserEntity).countBy({ email: address })).toBe(1);
    expect(await ds.getRepository(AuthSessionEntity).countBy({ userId: first!.user.id })).toBe(1);
    expect(await ds.getRepository(RefreshTokenEntity).countBy({ tokenHash: second.tokenHash })).toBe(0);
  });

  it('signs in: a new session each time, storing the rehashed password only when there is one', async () => {
    const user = await users.create({ email: `${randomUUID()}@example.test`, passwordHash: 'bcrypt' });
    const plain = await sessions.signIn(user, token());
    expect((await users.findById(user.id))?.passwordHash).toBe('bcrypt');
    const upgraded = await sessions.signIn(user, token(), 'scrypt');
    expect((await users.findById(user.id))?.passwordHash).toBe('scrypt');
    expect(upgraded.sessionId).not.toBe(plain.sessionId);
    expect(upgraded.user.id).toBe(user.id);
    expect(await ds.getRepository(AuthSessionEntity).countBy({ userId: user.id })).toBe(2);
  });

  it('rotates: spends the presented token and stores the next in the same session', async () => {
    const { userId, sessionId, first } = await signedIn();
    const next = token();
    const outcome = await sessions.rotate(first.tokenHash, next);
    expect(outcome).toMatchObject({ kind: 'rotated', sessionId, user: { id: userId } });
    const stored = await tokensOf(sessionId);
    expect(stored.map((t) => [t.tokenHash, t.usedAt !== null])).toEqual([
      [first.tokenHash, true],
      [next.tokenHash, false],
    ]);
    expect(await sessions.rotate(next.tokenHash, token())).toMatchObject({ kind: 'rotated', sessionId });
  });

  it('a spent token presented again revokes the whole session, and its newer tokens stop working', async () => {
    const { sessionId, first } = await signedIn();
    const next = token();
    await sessions.rotate(first.tokenHash, next);
    expect(await sessions.rotate(first.tokenHash, token())).toEqual({ kind: 'reused', sessionId, userId: expect.any(String) });
    expect(await session(sessionId)).toMatchObject({ revokedReason: 'refresh_token_reused', revokedAt: expect.any(Date) });
    expect(await sessions.rotate(next.tokenHash, token())).toEqual({ kind: 'invalid' });
  });

  it('of two refreshes racing with one token, exactly one rotates and the other counts as reuse', async () => {
    const { sessionId, first } = await signedIn();
    const outcomes = await Promise.all([sessions.rotate(first.tokenHash, token()), sessions.rotate(first.tokenHash, token())]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['reused', 'rotated']);
    expect((await session(sessionId)).revokedAt).not.toBeNull();
  });

  it('refuses an unknown token without writing anything', async () => {
    const next = token();
    expect(await sessions.rotate(randomUUID(), next)).toEqual({ kind: 'invalid' });
    expect(await ds.getRepository(RefreshTokenEntity).countBy({ tokenHash: next.tokenHash })).toBe(0);
  });

  it('refuses an expired token, which is spent all the same (presenting it again is a reuse)', async () => {
    const expired = token(-1000);
    const opened = await sessions.signUp({ email: `${randomUUID()}@example.test`, passwordHash: 'h' }, expired);
    const next = token();
    expect(await sessions.rotate(expired.tokenHash, next)).toEqual({ kind: 'invalid' });
    expect(await ds.getRepository(RefreshTokenEntity).countBy({ tokenHash: next.tokenHash })).toBe(0);
    expect((await tokensOf(opened!.sessionId))[0].usedAt).not.toBeNull();
    expect(await sessions.rotate(expired.tokenHash, token())).toEqual({ kind: 'reused', sessionId: opened!.sessionId, userId: opened!.user.id });
  });

  it('revokes a live session once (logout), after which its tokens are refused', async () => {
    const { sessionId, first } = await signedIn();
    expect(await sessions.revoke(sessionId, 'logout')).toBe(true);
    expect(await sessions.revoke(sessionId, 'logout')).toBe(false);
    expect(await session(sessionId)).toMatchObject({ revokedReason: 'logout' });
    expect(await sessions.rotate(first.tokenHash, token())).toEqual({ kind: 'invalid' });
    expect(await sessions.revoke(randomUUID(), 'logout')).toBe(false);
  });
});
