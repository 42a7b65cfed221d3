import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ProjectEntity } from '../entities/project.entity.js';
import { ProjectVersionEntity } from '../entities/project-version.entity.js';
import { type NewProject, ProjectsRepository } from './projects.repository.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let projects: ProjectsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  projects = new ProjectsRepository(ds);
});
afterAll(() => ds.destroy());

const newUser = async () => (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
const project = (ownerId: string, name = 'P'): NewProject => ({ id: randomUUID(), ownerId, name, templateId: 'landing' });
const nothingElse = async () => undefined;

describe('ProjectsRepository', () => {
  it('creates a project at version 1, with what runs alongside in the same transaction', async () => {
    const ownerId = await newUser();
    const row = project(ownerId);
    const created = await projects.create(row, async (tx) => {
      await tx.getRepository(ProjectVersionEntity).insert({ projectId: row.id, number: 1, manifest: {}, source: 'template', message: 'first', changes: [] });
    });
    expect(created).toMatchObject({ ...row, headVersion: 1, eventSeq: 0 });
    expect(await ds.getRepository(ProjectVersionEntity).countBy({ projectId: row.id })).toBe(1);
  });

  it('creates nothing when what runs alongside fails', async () => {
    const row = project(await newUser());
    await expect(projects.create(row, () => Promise.reject(new Error('the blobs are gone')))).rejects.toThrow('the blobs are gone');
    expect(await projects.exists(row.id)).toBe(false);
  });

  it("lists the owner's projects newest first, and nobody else's", async () => {
    const ownerId = await newUser();
    const first = await projects.create(project(ownerId, 'first'), nothingElse);
    const second = await projects.create(project(ownerId, 'second'), nothingElse);
    await projects.create(project(await newUser()), nothingElse);
    expect((await projects.listOwned(ownerId)).map((p) => p.id)).toEqual([second.id, first.id]);
    expect(await projects.countOwned(ownerId)).toBe(2);
  });

  it('finds a project only for its owner', async () => {
    const ownerId = await newUser();
    const created = await projects.create(project(ownerId), nothingElse);
    expect((await projects.findOwned(ownerId, created.id))?.name).toBe('P');
    expect(await projects.findOwned(await newUser(), created.id)).toBeNull();
    expect(await projects.findOwned(ownerId, randomUUID())).toBeNull();
    expect(await projects.exists(created.id)).toBe(true);
  });

  it('renames a project, moving its updatedAt', async () => {
    const ownerId = await newUser();
    const created = await projects.create(project(ownerId, 'old'), nothingElse);
    const before = created.updatedAt.getTime();
    const renamed = await projects.rename((await projects.findOwned(ownerId, created.id))!, 'new');
    expect(renamed.name).toBe('new');
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect((await projects.findOwned(ownerId, created.id))?.name).toBe('new');
  });

  it('deletes only for the owner, once', async () => {
    const ownerId = await newUser();
    const created = await projects.create(project(ownerId), nothingElse);
    expect(await projects.deleteOwned(await newUser(), created.id)).toBe(false);
    expect(await projects.exists(created.id)).toBe(true);
    expect(await projects.deleteOwned(ownerId, created.id)).toBe(true);
    expect(await projects.deleteOwned(ownerId, created.id)).toBe(false);
    expect(await projects.exists(created.id)).toBe(false);
    expect(await ds.getRepository(ProjectEntity).countBy({ ownerId })).toBe(0);
  });
});
