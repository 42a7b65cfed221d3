import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ExportsRepository, type NewExport } from './exports.repository.js';
import { ProjectsRepository } from './projects.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let exportRows: ExportsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  exportRows = new ExportsRepository(ds);
});
afterAll(() => ds.destroy());

const FAR = new Date('2999-01-01T00:00:00.000Z');

async function owned(): Promise<{ ownerId: string; projectId: string }> {
  const ownerId = (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
  const projectId = randomUUID();
  await new ProjectsRepository(ds).create({ id: projectId, ownerId, name: 'P', templateId: 'landing' }, async () => undefined);
  return { ownerId, projectId };
}
const request = (o: { ownerId: string; projectId: string }, expiresAt = FAR): NewExport => ({ ...o, kind: 'source', version: 1, expiresAt });

describe('ExportsRepository', () => {
  it('creates an export queued at progress 0, found by its owner only', async () => {
    const o = await owned();
    const created = await exportRows.create(request(o));
    expect(created).toMatchObject({ ...o, kind: 'source', version: 1, status: 'queued', progress: 0, sizeBytes: null, error: null, objectKey: null, expiresAt: FAR });
    expect((await exportRows.findOwned(o.ownerId, created.id))?.id).toBe(created.id);
    expect(await exportRows.findOwned((await owned()).ownerId, created.id)).toBeNull();
    expect((await exportRows.find(created.id))?.id).toBe(created.id);
    expect(await exportRows.find(randomUUID())).toBeNull();
  });

  it("counts the owner's exports queued or running, not finished ones nor other owners'", async () => {
    const o = await owned();
    const queued = await exportRows.create(request(o));
    const running = await exportRows.create(request(o));
    const ready = await exportRows.create(request(o));
    const failed = await exportRows.create(request(o));
    await exportRows.create(request(await owned()));
    await exportRows.markRunning(running.id);
    await exportRows.markReady(ready.id, { objectKey: 'k', sizeBytes: 1, expiresAt: FAR });
    await exportRows.markFailed(failed.id, { code: 'EXPORT_FAILED', message: 'no' });
    expect(queued.status).toBe('queued');
    expect(await exportRows.countPending(o.ownerId)).toBe(2);
  });

  it('moves along queued → running → ready; progress is stored only while running', async () => {
    const o = await owned();
    const { id } = await exportRows.create(request(o));
    await exportRows.setProgress(id, 0.4);
    expect((await exportRows.find(id))?.progress).toBe(0);
    await exportRows.markRunning(id);
    await exportRows.setProgress(id, 0.5);
    expect(await exportRows.find(id)).toMatchObject({ status: 'running', progress: 0.5 });
    const expiresAt = new Date(Date.now() + 3600_000);
    await exportRows.markReady(id, { objectKey: 'projects/x/exports/y.zip', sizeBytes: 12_345_678_901, expiresAt });
    expect(await exportRows.find(id)).toMatchObject({ status: 'ready', progress: 1, objectKey: 'projects/x/exports/y.zip', sizeBytes: 12_345_678_901, expiresAt, error: null });
    await exportRows.setProgress(id, 0.7);
    await exportRows.markRunning(id);
    expect(await exportRows.find(id)).toMatchObject({ status: 'ready', progress: 1 });
  });

  it('stores a failure with its error body as given', async () => {
    const { id } = await exportRows.create(request(await owned()));
    await exportRows.markRunning(id);
    const error = { code: 'EXPORT_BUILD_FAILED' as const, message: 'vite build failed.', details: { output: 'line 1\nline "2"' } };
    await exportRows.markFailed(id, error);
    const found = await exportRows.find(id);
    expect(found).toMatchObject({ status: 'failed', error });
    expect(found!.updatedAt.getTime()).toBeGreaterThanOrEqual(found!.createdAt.getTime());
  });

  it('lists expired exports soonest first, at most `limit`, and removes them', async () => {
    const o = await owned();
    const now = new Date();
    const older = await exportRows.create(request(o, new Date(now.getTime() - 20_000)));
    const newer = await exportRows.create(request(o, new Date(now.getTime() - 10_000)));
    const alive = await exportRows.create(request(o, new Date(now.getTime() + 60_000)));
    const expired = (await exportRows.expired(now, 10_000)).map((e) => e.id);
    expect(expired).toEqual(expect.arrayContaining([older.id, newer.id]));
    expect(expired).not.toContain(alive.id);
    expect(expired.indexOf(older.id)).toBeLessThan(expired.indexOf(newer.id));
    expect(await exportRows.expired(now, 1)).toHaveLength(1);
    await exportRows.remove(older.id);
    expect(await exportRows.find(older.id)).toBeNull();
    expect(await exportRows.find(alive.id)).not.toBeNull();
  });
});
