import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { UserEntity } from '../entities/user.entity.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { AuthSessionsRepository } from './auth-sessions.repository.js';
import { CredentialsRepository } from './credentials.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let credentials: CredentialsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  credentials = new CredentialsRepository(ds);
});
afterAll(() => ds.destroy());

async function userWithBoth(): Promise<{ userId: string; sessionId: string; apiKeyId: string }> {
  const opened = await new AuthSessionsRepository(ds).signUp({ email: `${randomUUID()}@example.test`, passwordHash: 'x' }, { tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 60_000) });
  const apiKey = await new ApiKeysRepository(ds).create({ userId: opened!.user.id, name: 'k', prefix: 'sk_', keyHash: randomUUID() });
  return { userId: opened!.user.id, sessionId: opened!.sessionId, apiKeyId: apiKey.id };
}

describe('CredentialsRepository', () => {
  it("a user's unrevoked session and API key are live", async () => {
    const { userId, sessionId, apiKeyId } = await userWithBoth();
    expect(await credentials.isLive({ kind: 'session', id: sessionId }, userId)).toBe(true);
    expect(await credentials.isLive({ kind: 'api_key', id: apiKeyId }, userId)).toBe(true);
  });

  it('a revoked session or API key is not live', async () => {
    const { userId, sessionId, apiKeyId } = await userWithBoth();
    await new AuthSessionsRepository(ds).revoke(sessionId, 'logout');
    await new ApiKeysRepository(ds).revoke(userId, apiKeyId);
    expect(await credentials.isLive({ kind: 'session', id: sessionId }, userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'api_key', id: apiKeyId }, userId)).toBe(false);
  });

  it("is not live for another user, an unknown id, or the other kind's id", async () => {
    const { userId, sessionId, apiKeyId } = await userWithBoth();
    const other = await userWithBoth();
    expect(await credentials.isLive({ kind: 'session', id: sessionId }, other.userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'api_key', id: apiKeyId }, other.userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'session', id: randomUUID() }, userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'session', id: apiKeyId }, userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'api_key', id: sessionId }, userId)).toBe(false);
  });

  it("a deleted user's credentials are not live", async () => {
    const { userId, sessionId, apiKeyId } = await userWithBoth();
    await ds.getRepository(UserEntity).delete({ id: userId });
    expect(await credentials.isLive({ kind: 'session', id: sessionId }, userId)).toBe(false);
    expect(await credentials.isLive({ kind: 'api_key', id: apiKeyId }, userId)).toBe(false);
  });
});
