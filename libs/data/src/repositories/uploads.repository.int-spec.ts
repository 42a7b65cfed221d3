import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ProjectsRepository } from './projects.repository.js';
import { type NewUpload, UploadsRepository } from './uploads.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let uploads: UploadsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  uploads = new UploadsRepository(ds);
});
afterAll(() => ds.destroy());

const FAR = new Date('2999-01-01T00:00:00.000Z');
const LIMITS = { quotaBytes: 1000, maxPending: 5 };

async function owned(): Promise<{ ownerId: string; projectId: string }> {
  const ownerId = (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
  const projectId = randomUUID();
  await new ProjectsRepository(ds).create({ id: projectId, ownerId, name: 'P', templateId: 'landing' }, async () => undefined);
  return { ownerId, projectId };
}

function request(o: { ownerId: string; projectId: string }, declaredSize = 100, expiresAt = FAR): NewUpload {
  const id = randomUUID();
  return { ...o, id, purpose: 'asset', fileName: 'logo.png', contentType: 'image/png', declaredSize, alt: null, replaces: null, objectKey: `projects/${o.projectId}/uploads/${id}`, expiresAt };
}

async function created(row: NewUpload) {
  const outcome = await uploads.create(row, LIMITS);
  if (outcome.kind !== 'created') throw new Error(`expected created, got ${outcome.kind}`);
  return outcome.upload;
}

describe('UploadsRepository', () => {
  it('creates a pending upload found only by its owner within its project', async () => {
    const o = await owned();
    const row = request(o);
    const upload = await created(row);
    expect(upload).toMatchObject({ id: row.id, status: 'pending', declaredSize: 100, storedBytes: 0, objectKey: row.objectKey, error: null, result: null });
    expect((await uploads.findOwned(o.ownerId, o.projectId, row.id))?.id).toBe(row.id);
    expect(await uploads.findOwned((await owned()).ownerId, o.projectId, row.id)).toBeNull();
    expect(await uploads.findOwned(o.ownerId, randomUUID(), row.id)).toBeNull();
    expect((await uploads.find(row.id))?.declaredSize).toBe(100);
  });

  it('refuses an upload past the quota, counting pending by declared size and done by stored bytes', async () => {
    const o = await owned();
    const a = await created(request(o, 600));
    expect(await uploads.create(request(o, 401), LIMITS)).toEqual({ kind: 'quota', used: 600, limit: 1000 });
    expect(await uploads.markProcessing(a.id)).toBe(true);
    expect(await uploads.markDone(a.id, { version: 2, path: 'public/assets/logo.png' }, 250)).toBe(true);
    expect(await uploads.usage(o.ownerId)).toBe(250);
    await created(request(o, 750));
    expect(await uploads.usage(o.ownerId)).toBe(1000);
    expect((await uploads.create(request(o, 1), LIMITS)).kind).toBe('quota');
    // Another owner's usage is their own.
    expect((await uploads.create(request(await owned(), 1000), LIMITS)).kind).toBe('created');
  });

  it('never lets two creations at once share the same remaining quota', async () => {
    const o = await owned();
    const outcomes = await Promise.all([uploads.create(request(o, 600), LIMITS), uploads.create(request(o, 600), LIMITS)]);
    expect(outcomes.map((x) => x.kind).sort()).toEqual(['created', 'quota']);
  });

  it('refuses past the pending limit and counts only pending uploads', async () => {
    const o = await owned();
    const rows = await Promise.all([1, 2, 3, 4, 5].map(() => created(request(o, 1))));
    expect(await uploads.countPending(o.ownerId)).toBe(5);
    expect(await uploads.create(request(o, 1), LIMITS)).toEqual({ kind: 'pending', pending: 5, limit: 5 });
    await uploads.markProcessing(rows[0].id);
    expect(await uploads.countPending(o.ownerId)).toBe(4);
    expect((await uploads.create(request(o, 1), LIMITS)).kind).toBe('created');
  });

  it('moves pending → processing once, and refused uploads free their bytes', async () => {
    const o = await owned();
    const a = await created(request(o, 300));
    expect(await uploads.markProcessing(a.id)).toBe(true);
    expect(await uploads.markProcessing(a.id)).toBe(false);
    expect(await uploads.markRefused(a.id, { code: 'ASSET_TYPE_MISMATCH', message: 'not a png' })).toBe(true);
    expect(await uploads.find(a.id)).toMatchObject({ status: 'refused', error: { code: 'ASSET_TYPE_MISMATCH' } });
    expect(await uploads.markDone(a.id, { version: 1, path: 'x' }, 10)).toBe(false);
    expect(await uploads.markRefused(a.id, { code: 'UPLOAD_TOO_LARGE', message: 'x' })).toBe(false);
    expect(await uploads.usage(o.ownerId)).toBe(0);
  });

  it('stores a chat result', async () => {
    const o = await owned();
    const a = await created({ ...request(o), purpose: 'chat' });
    await uploads.markProcessing(a.id);
    await uploads.markDone(a.id, { key: 'k', width: 10, height: 20, contentType: 'image/png' }, 42);
    expect(await uploads.find(a.id)).toMatchObject({ status: 'done', storedBytes: 42, result: { key: 'k', width: 10, height: 20 } });
  });

  it('expires pending uploads past their expiry and answers their keys; others stay', async () => {
    const o = await owned();
    const past = new Date(Date.now() - 60_000);
    const old = await created(request(o, 1, past));
    const oldProcessing = await created(request(o, 1, past));
    await uploads.markProcessing(oldProcessing.id);
    const fresh = await created(request(o, 1));
    const keys = await uploads.expirePending(new Date());
    expect(keys).toContain(old.objectKey);
    expect(keys).not.toContain(oldProcessing.objectKey);
    expect(keys).not.toContain(fresh.objectKey);
    expect((await uploads.find(old.id))?.status).toBe('expired');
    expect((await uploads.find(fresh.id))?.status).toBe('pending');
    expect(await uploads.expirePending(new Date())).not.toContain(old.objectKey);
    expect(await uploads.markExpired(fresh.id)).toBe(true);
    expect(await uploads.markProcessing(fresh.id)).toBe(false);
  });

  it('finds the project uploads of given ids only', async () => {
    const o = await owned();
    const a = await created(request(o));
    const other = await created(request(await owned()));
    expect((await uploads.forIds(o.projectId, [a.id, other.id])).map((u) => u.id)).toEqual([a.id]);
    expect(await uploads.forIds(o.projectId, [])).toEqual([]);
  });

  it('goes with its project', async () => {
    const o = await owned();
    const a = await created(request(o));
    await ds.query(`DELETE FROM projects WHERE id = $1`, [o.projectId]);
    expect(await uploads.find(a.id)).toBeNull();
  });
});
