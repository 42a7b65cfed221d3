import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { type ProviderKeyInput, ProviderKeysRepository } from './provider-keys.repository.js';
import { SEALED_COLUMNS, SealedSecretsRepository } from './sealed-secrets.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let keys: ProviderKeysRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  keys = new ProviderKeysRepository(ds);
});
afterAll(() => ds.destroy());

const newOwner = async () => (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
const input = (sealedKey: string, extra: Partial<ProviderKeyInput> = {}): ProviderKeyInput => ({ sealedKey, hint: `…${sealedKey.slice(-4)}`, baseUrl: null, model: null, label: null, ...extra });

describe('ProviderKeysRepository', () => {
  it('keeps one key per provider, replaces it (clearing its error, moving updated_at), and lists in a fixed order', async () => {
    const owner = await newOwner();
    await keys.save(owner, 'openai-compatible', input('sealed-c', { baseUrl: 'https://llm.example.test/v1', model: 'm' }));
    const first = await keys.save(owner, 'openai', input('sealed-a1'));
    await keys.save(owner, 'anthropic', input('sealed-b'));
    await keys.markFailed(first.id, '401 refused');
    const replaced = await keys.save(owner, 'openai', input('sealed-a2', { label: 'work' }));
    expect(replaced).toMatchObject({ id: first.id, sealedKey: 'sealed-a2', label: 'work', lastError: null, lastErrorAt: null });
    expect(replaced.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    expect((await keys.listOwned(owner)).map((k) => k.provider)).toEqual(['openai', 'anthropic', 'openai-compatible']);
    expect(await keys.listOwned(await newOwner())).toEqual([]);
  });

  it('notes failures and use, and deletes by owner only', async () => {
    const owner = await newOwner();
    const saved = await keys.save(owner, 'openai', input('sealed-x'));
    await keys.markFailed(saved.id, '401 Incorrect API key provided: [redacted]');
    const [failed] = await keys.listOwned(owner);
    expect(failed).toMatchObject({ lastError: '401 Incorrect API key provided: [redacted]', lastErrorAt: expect.any(Date), lastUsedAt: null });
    expect(failed.updatedAt.getTime()).toBe(saved.updatedAt.getTime());
    await keys.markWorked(saved.id);
    const [worked] = await keys.listOwned(owner);
    expect(worked).toMatchObject({ lastError: null, lastErrorAt: null, lastUsedAt: expect.any(Date) });
    expect(await keys.deleteOwned(await newOwner(), 'openai')).toBe(false);
    expect(await keys.deleteOwned(owner, 'openai')).toBe(true);
    expect(await keys.deleteOwned(owner, 'openai')).toBe(false);
  });
});

describe('SealedSecretsRepository', () => {
  it('pages through a sealed column in id order and replaces a value only if it is unchanged', async () => {
    const sealed = new SealedSecretsRepository(ds);
    const where = SEALED_COLUMNS[0];
    const owner = await newOwner();
    const saved = await keys.save(owner, 'openai', input('v2:aaaaaaaa:before'));
    const seen: string[] = [];
    for (let after: string | null = null; ; ) {
      const rows = await sealed.batch(where, after, 50);
      if (!rows.length) break;
      seen.push(...rows.map((r) => r.id));
      after = rows[rows.length - 1].id;
    }
    expect(seen).toContain(saved.id);
    expect([...seen].sort()).toEqual(seen);
    expect(await sealed.replace(where, saved.id, 'v2:aaaaaaaa:stale', 'v2:bbbbbbbb:after')).toBe(false);
    expect(await sealed.replace(where, saved.id, 'v2:aaaaaaaa:before', 'v2:bbbbbbbb:after')).toBe(true);
    expect((await keys.listOwned(owner))[0].sealedKey).toBe('v2:bbbbbbbb:after');
  });
});
