import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ApiKeysRepository, type NewApiKey } from './api-keys.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let keys: ApiKeysRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  keys = new ApiKeysRepository(ds);
});
afterAll(() => ds.destroy());

const newUser = async () => (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
const key = (userId: string, name = 'ci'): NewApiKey => ({ userId, name, prefix: 'sk_abcdef', keyHash: randomUUID() });

describe('ApiKeysRepository', () => {
  it('stores a key and finds it, active, by its hash', async () => {
    const userId = await newUser();
    const stored = await keys.create(key(userId));
    expect(stored).toMatchObject({ userId, name: 'ci', prefix: 'sk_abcdef', lastUsedAt: null, revokedAt: null });
    expect((await keys.findActiveByHash(stored.keyHash))?.id).toBe(stored.id);
    expect(await keys.findActiveByHash(randomUUID())).toBeNull();
  });

  it('refuses two keys with the same hash', async () => {
    const userId = await newUser();
    const first = await keys.create(key(userId));
    await expect(keys.create({ ...key(userId), keyHash: first.keyHash })).rejects.toThrow(/duplicate key/);
  });

  it("lists a user's active keys newest first, without revoked keys or other users' keys", async () => {
    const userId = await newUser();
    const older = await keys.create(key(userId, 'older'));
    const revoked = await keys.create(key(userId, 'revoked'));
    const newer = await keys.create(key(userId, 'newer'));
    await keys.create(key(await newUser(), 'someone else'));
    await keys.revoke(userId, revoked.id);
    expect((await keys.listActive(userId)).map((k) => k.id)).toEqual([newer.id, older.id]);
  });

  it("revokes only the owner's live key, once; a revoked key is found no more", async () => {
    const userId = await newUser();
    const stored = await keys.create(key(userId));
    expect(await keys.revoke(await newUser(), stored.id)).toBe(false);
    expect(await keys.findActiveByHash(stored.keyHash)).not.toBeNull();
    expect(await keys.revoke(userId, stored.id)).toBe(true);
    expect(await keys.revoke(userId, stored.id)).toBe(false);
    expect(await keys.findActiveByHash(stored.keyHash)).toBeNull();
    expect(await keys.revoke(userId, randomUUID())).toBe(false);
  });

  it('records when a key was last used', async () => {
    const stored = await keys.create(key(await newUser()));
    const at = new Date('2026-01-02T03:04:05.000Z');
    await keys.touchLastUsed(stored.id, at);
    expect((await keys.findActiveByHash(stored.keyHash))?.lastUsedAt).toEqual(at);
  });
});
