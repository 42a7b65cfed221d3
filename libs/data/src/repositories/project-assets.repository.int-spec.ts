import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { type AssetMetadata, ProjectAssetsRepository } from './project-assets.repository.js';
import { ProjectsRepository } from './projects.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let assets: ProjectAssetsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  assets = new ProjectAssetsRepository(ds);
});
afterAll(() => ds.destroy());

async function project(): Promise<string> {
  const ownerId = (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
  const projectId = randomUUID();
  await new ProjectsRepository(ds).create({ id: projectId, ownerId, name: 'P', templateId: 'landing' }, async () => undefined);
  return projectId;
}

const meta = (projectId: string, sha256: string, over: Partial<AssetMetadata> = {}): AssetMetadata => ({
  projectId,
  sha256,
  path: 'public/assets/logo.png',
  kind: 'image',
  contentType: 'image/png',
  bytes: 1234,
  width: 640,
  height: 480,
  dominantColor: '#112233',
  alt: 'Logo',
  variants: [{ path: 'public/assets/logo-480w.webp', width: 480, height: 360, bytes: 200 }],
  ...over,
});

describe('ProjectAssetsRepository', () => {
  it('stores metadata by hash and finds it per project', async () => {
    const p = await project();
    await assets.upsert(meta(p, 'a'.repeat(64)));
    await assets.upsert(meta(p, 'b'.repeat(64), { kind: 'font', contentType: 'font/woff2', width: null, height: null, dominantColor: null, variants: [] }));
    const rows = await assets.forHashes(p, ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 'a'.repeat(64)]);
    expect(rows.map((r) => r.sha256).sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(rows.find((r) => r.sha256 === 'a'.repeat(64))).toMatchObject({ bytes: 1234, width: 640, dominantColor: '#112233', alt: 'Logo', variants: [{ width: 480 }] });
    expect(await assets.forHashes(await project(), ['a'.repeat(64)])).toEqual([]);
    expect(await assets.forHashes(p, [])).toEqual([]);
  });

  it('the same bytes stored again take the newer metadata', async () => {
    const p = await project();
    await assets.upsert(meta(p, 'd'.repeat(64)));
    await assets.upsert(meta(p, 'd'.repeat(64), { path: 'public/assets/brand.png', alt: 'Brand' }));
    const [row] = await assets.forHashes(p, ['d'.repeat(64)]);
    expect(row).toMatchObject({ path: 'public/assets/brand.png', alt: 'Brand' });
  });

  it('sets the alt text of an existing row only', async () => {
    const p = await project();
    await assets.upsert(meta(p, 'e'.repeat(64)));
    expect(await assets.setAlt(p, 'e'.repeat(64), 'A red logo')).toBe(true);
    expect((await assets.forHashes(p, ['e'.repeat(64)]))[0].alt).toBe('A red logo');
    expect(await assets.setAlt(p, 'f'.repeat(64), 'x')).toBe(false);
    expect(await assets.setAlt(await project(), 'e'.repeat(64), 'x')).toBe(false);
  });
});
