import { randomUUID } from 'node:crypto';
import { createDataSource, runMigrations } from './data-source.js';
import { ProjectEntity } from './entities/project.entity.js';
import { UserEntity } from './entities/user.entity.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
});
afterAll(() => ds.destroy());

describe('schema', () => {
  it('is fully migrated, and migrating again changes nothing', async () => {
    expect(await runMigrations(process.env.DATABASE_URL!)).toEqual([]);
    expect(await ds.showMigrations()).toBe(false);
    const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(expect.arrayContaining(['api_keys', 'auth_sessions', 'projects', 'refresh_tokens', 'schema_migrations', 'users']));
  });

  it('the entities match the migrated tables (a mismatch would show up as pending schema changes)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('refuses a second user with the same email', async () => {
    const email = `${randomUUID()}@example.test`;
    await ds.getRepository(UserEntity).insert({ email, passwordHash: 'x' });
    await expect(ds.getRepository(UserEntity).insert({ email, passwordHash: 'y' })).rejects.toThrow(/duplicate key/);
  });

  it('deleting a user deletes their projects (nothing is left owned by nobody)', async () => {
    const user = await ds.getRepository(UserEntity).save({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
    const project = await ds.getRepository(ProjectEntity).save({ ownerId: user.id, name: 'P', templateId: 'landing' });
    await ds.getRepository(UserEntity).delete({ id: user.id });
    expect(await ds.getRepository(ProjectEntity).findOneBy({ id: project.id })).toBeNull();
  });

  it('refuses a project for a user who does not exist', async () => {
    await expect(ds.getRepository(ProjectEntity).insert({ ownerId: randomUUID(), name: 'P', templateId: 'landing' })).rejects.toThrow(/foreign key/);
  });
});
