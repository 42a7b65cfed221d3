import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import type { Manifest } from '../entities/project-version.entity.js';
import { type NewVersion, ProjectVersionsRepository } from './project-versions.repository.js';
import { ProjectsRepository } from './projects.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let versions: ProjectVersionsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 8 });
  await ds.initialize();
  versions = new ProjectVersionsRepository(ds);
});
afterAll(() => ds.destroy());

const manifest = (content: string): Manifest => ({ 'src/App.tsx': { sha256: content.padEnd(64, '0'), size: content.length } });
const version = (content: string, extra: Partial<NewVersion> = {}): NewVersion => ({
  manifest: manifest(content),
  source: 'user',
  message: content,
  turnId: null,
  changes: [{ action: 'write', path: 'src/App.tsx' }],
  ...extra,
});

/** A project at version 1, made the way the API makes one: the project and its first version in one transaction. */
async function newProject(): Promise<string> {
  const owner = await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  const id = randomUUID();
  await new ProjectsRepository(ds).create({ id, ownerId: owner.id, name: 'P', templateId: 'landing' }, (tx) => versions.within(tx).insertFirst(id, version('a', { source: 'template' })));
  return id;
}

describe('ProjectVersionsRepository', () => {
  it('reads the head and a version’s manifest; null for a project or version that does not exist', async () => {
    const projectId = await newProject();
    expect(await versions.head(projectId)).toBe(1);
    expect(await versions.manifest(projectId, 1)).toEqual(manifest('a'));
    expect(await versions.manifest(projectId, 2)).toBeNull();
    expect(await versions.head(randomUUID())).toBeNull();
    expect(await versions.manifest(randomUUID(), 1)).toBeNull();
  });

  it('scopes versions by project: another project’s version 2 is not this one’s', async () => {
    const mine = await newProject();
    const theirs = await newProject();
    await versions.advanceHead(theirs, 1, version('b'));
    expect(await versions.manifest(mine, 2)).toBeNull();
    expect(await versions.history(mine)).toHaveLength(1);
  });

  it('advances the head from N to N+1 and stores version N+1 made from N', async () => {
    const projectId = await newProject();
    expect(await versions.advanceHead(projectId, 1, version('b', { turnId: randomUUID(), message: 'second' }))).toBe(2);
    expect(await versions.head(projectId)).toBe(2);
    expect(await versions.manifest(projectId, 2)).toEqual(manifest('b'));
    expect(await versions.manifest(projectId, 1)).toEqual(manifest('a'));
  });

  it('writes nothing and returns null when the head is no longer the base', async () => {
    const projectId = await newProject();
    await versions.advanceHead(projectId, 1, version('b'));
    expect(await versions.advanceHead(projectId, 1, version('c'))).toBeNull();
    expect(await versions.head(projectId)).toBe(2);
    expect((await versions.history(projectId)).map((v) => v.message)).toEqual(['b', 'a']);
  });

  it('of concurrent advances on one base exactly one wins', async () => {
    const projectId = await newProject();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => versions.advanceHead(projectId, 1, version(`w${i}`))));
    expect(results.filter((r) => r === 2)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(5);
    expect(await versions.head(projectId)).toBe(2);
    expect(await versions.history(projectId)).toHaveLength(2);
  });

  it('inside a transaction, the head and the version roll back with the work beside them', async () => {
    const projectId = await newProject();
    await expect(
      versions.transaction(async (inTx) => {
        expect(await inTx.advanceHead(projectId, 1, version('b'))).toBe(2);
        expect(await inTx.head(projectId)).toBe(2);
        throw new Error('the turn could not complete');
      }),
    ).rejects.toThrow('the turn could not complete');
    expect(await versions.head(projectId)).toBe(1);
    expect(await versions.manifest(projectId, 2)).toBeNull();
  });

  it('inserts no first version when the project’s transaction rolls back', async () => {
    const owner = await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
    const id = randomUUID();
    await expect(
      new ProjectsRepository(ds).create({ id, ownerId: owner.id, name: 'P', templateId: 'landing' }, async (tx) => {
        await versions.within(tx).insertFirst(id, version('a'));
        throw new Error('the template failed');
      }),
    ).rejects.toThrow('the template failed');
    expect(await versions.head(id)).toBeNull();
    expect(await versions.manifest(id, 1)).toBeNull();
  });

  it('lists the history newest first without manifests, and the latest versions’ changes newest first', async () => {
    const projectId = await newProject();
    const turnId = randomUUID();
    await versions.advanceHead(projectId, 1, version('b', { changes: [{ action: 'write', path: 'src/b.ts' }] }));
    await versions.advanceHead(projectId, 2, version('c', { source: 'ai', turnId, changes: [{ action: 'rename', from: 'src/b.ts', path: 'src/c.ts' }] }));

    const history = await versions.history(projectId);
    expect(history.map(({ number, source, turnId: t, message, changes }) => ({ number, source, turnId: t, message, changes }))).toEqual([
      { number: 3, source: 'ai', turnId, message: 'c', changes: [{ action: 'rename', from: 'src/b.ts', path: 'src/c.ts' }] },
      { number: 2, source: 'user', turnId: null, message: 'b', changes: [{ action: 'write', path: 'src/b.ts' }] },
      { number: 1, source: 'template', turnId: null, message: 'a', changes: [{ action: 'write', path: 'src/App.tsx' }] },
    ]);
    expect(history[0].createdAt).toBeInstanceOf(Date);
    expect({ ...history[0] }).not.toMatchObject({ manifest: expect.anything() });
  });

  describe('checkpoint names', () => {
    /** A project with its owner's id: naming is scoped by the owner. */
    async function owned(): Promise<{ ownerId: string; projectId: string }> {
      const projectId = await newProject();
      const row = await ds.query('SELECT owner_id FROM projects WHERE id = $1', [projectId]);
      return { ownerId: row[0].owner_id, projectId };
    }

    it('names a version, lists it with the name, and unnames it with null; its files and message stay', async () => {
      const { ownerId, projectId } = await owned();
      await versions.advanceHead(projectId, 1, version('b', { message: 'Made the hero darker' }));
      const named = await versions.setName(ownerId, projectId, 1, 'Before the redesign');
      expect(named).toMatchObject({ number: 1, name: 'Before the redesign', message: 'a', source: 'template' });
      expect((await versions.history(projectId)).map((v) => [v.number, v.name])).toEqual([
        [2, null],
        [1, 'Before the redesign'],
      ]);
      expect(await versions.manifest(projectId, 1)).toEqual(manifest('a'));
      expect(await versions.head(projectId)).toBe(2);
      expect(await versions.setName(ownerId, projectId, 1, null)).toMatchObject({ number: 1, name: null });
      expect((await versions.history(projectId)).map((v) => v.name)).toEqual([null, null]);
    });

    it('refuses (null, nothing written) another owner, another project’s version and a version that does not exist', async () => {
      const mine = await owned();
      const theirs = await owned();
      expect(await versions.setName(theirs.ownerId, mine.projectId, 1, 'Hijacked')).toBeNull();
      expect(await versions.setName(mine.ownerId, theirs.projectId, 1, 'Hijacked')).toBeNull();
      expect(await versions.setName(mine.ownerId, mine.projectId, 9, 'Nowhere')).toBeNull();
      expect((await versions.history(mine.projectId)).map((v) => v.name)).toEqual([null]);
      expect((await versions.history(theirs.projectId)).map((v) => v.name)).toEqual([null]);
    });

    it('filters the history by name or message, case-insensitively, with % and _ taken literally', async () => {
      const { ownerId, projectId } = await owned();
      await versions.advanceHead(projectId, 1, version('b', { message: 'Pricing at 50% off' }));
      await versions.advanceHead(projectId, 2, version('c', { message: 'New footer' }));
      await versions.setName(ownerId, projectId, 3, 'Before the REDESIGN');
      const numbers = async (q: string) => (await versions.history(projectId, { q })).map((v) => v.number);
      expect(await numbers('redesign')).toEqual([3]);
      expect(await numbers('footer')).toEqual([3]);
      expect(await numbers('PRICING')).toEqual([2]);
      expect(await numbers('50%')).toEqual([2]);
      expect(await numbers('%')).toEqual([2]);
      expect(await numbers('_')).toEqual([]);
      expect(await numbers('nothing like it')).toEqual([]);
      expect(await numbers('  ')).toEqual([3, 2, 1]);
    });
  });
});
