import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { AuthSessionsRepository } from './auth-sessions.repository.js';
import { CredentialsRepository } from './credentials.repository.js';
import { UsersRepository } from './users.repository.js';

/** The admin side of the `users` table (search, roles, disabling), against the test stack's real PostgreSQL. */
let ds: ReturnType<typeof createDataSource>;
let users: UsersRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  users = new UsersRepository(ds);
});
afterAll(() => ds.destroy());

const tag = () => randomUUID().slice(0, 8);
const refresh = () => ({ tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 60_000) });

describe('UsersRepository, for admins', () => {
  it('searches emails case-insensitively, with % and _ taken literally', async () => {
    const t = tag();
    const underscore = await users.create({ email: `a_${t}@example.test`, passwordHash: 'h' });
    await users.create({ email: `ax${t}@example.test`, passwordHash: 'h' });

    const exact = await users.page(`A_${t}`, 10, 0);
    expect(exact.users.map((u) => u.user.id)).toEqual([underscore.id]);
    expect(exact.total).toBe(1);
    expect((await users.page(`${t}@`, 10, 0)).total).toBe(2);
    expect((await users.page(`%${t}`, 10, 0)).total).toBe(0);
    // Paging keeps the total and moves the window.
    const second = await users.page(`${t}@`, 1, 1);
    expect({ n: second.users.length, total: second.total }).toEqual({ n: 1, total: 2 });
  });

  it('disables an account: its sessions and API keys are revoked and no longer live; enabling lets it sign in again', async () => {
    const sessions = new AuthSessionsRepository(ds);
    const opened = await sessions.signUp({ email: `d-${tag()}@example.test`, passwordHash: 'h' }, refresh());
    if (!opened) throw new Error('sign-up failed');
    const key = await new ApiKeysRepository(ds).create({ userId: opened.user.id, name: 'k', prefix: 'sk_x', keyHash: randomUUID() });
    const credentials = new CredentialsRepository(ds);

    expect(await users.disable(opened.user.id)).toEqual({ sessionIds: [opened.sessionId], apiKeyIds: [key.id] });
    expect(await credentials.isLive({ kind: 'session', id: opened.sessionId }, opened.user.id)).toBe(false);
    expect(await new ApiKeysRepository(ds).findActiveByHash(key.keyHash)).toBeNull();
    expect((await users.findById(opened.user.id))?.disabledAt).toBeInstanceOf(Date);

    // A session opened while disabled (a racing sign-in) is not live either.
    const late = await sessions.signIn(opened.user, refresh());
    expect(await credentials.isLive({ kind: 'session', id: late.sessionId }, opened.user.id)).toBe(false);

    expect(await users.enable(opened.user.id)).toBe(true);
    expect(await credentials.isLive({ kind: 'session', id: late.sessionId }, opened.user.id)).toBe(true);
    // What disabling revoked stays revoked.
    expect(await credentials.isLive({ kind: 'session', id: opened.sessionId }, opened.user.id)).toBe(false);
  });

  it('answers null or false for an account that does not exist', async () => {
    expect(await users.disable(randomUUID())).toBeNull();
    expect(await users.enable(randomUUID())).toBe(false);
    expect(await users.setRole(randomUUID(), 'admin')).toBeNull();
  });

  it('sets a role and says what it replaced; promote (ADMIN_EMAILS) makes admins only while there is none', async () => {
    const email = `p-${tag()}@example.test`;
    const user = await users.create({ email, passwordHash: 'h' });
    // Once an admin exists, a listed email is a plain account.
    const existing = await users.create({ email: `a-${tag()}@example.test`, passwordHash: 'h' });
    expect(await users.setRole(existing.id, 'admin')).toEqual({ previous: 'user' });
    expect(await users.promote([email])).toEqual([]);
    expect((await users.withProjects(user.id))?.user.role).toBe('user');
    // With no admin at all (inside a transaction that is rolled back, so the shared database keeps its admins).
    class Rollback extends Error {}
    const inEmpty = ds.transaction(async (tx) => {
      await tx.query(`UPDATE users SET role = 'user' WHERE role = 'admin'`);
      const scoped = new UsersRepository(tx);
      expect(await scoped.promote([email, `nobody-${tag()}@example.test`])).toEqual([{ id: user.id, email }]);
      expect(await scoped.promote([existing.email])).toEqual([]);
      throw new Rollback();
    });
    await expect(inEmpty).rejects.toBeInstanceOf(Rollback);
    expect(await users.setRole(existing.id, 'user')).toEqual({ previous: 'admin' });
    expect((await users.withProjects(user.id))?.user.role).toBe('user');
  });
});
