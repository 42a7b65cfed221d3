import { randomUUID } from 'node:crypto';
import { createDataSource, MIGRATIONS, runMigrations } from './data-source.js';

/**
 * Replicas starting together each run the migrations: against a database of its own (created in the test stack's
 * PostgreSQL), three runs at once must apply every migration exactly once between them.
 */
const admin = createDataSource(process.env.DATABASE_URL!, { poolSize: 1 });
const dbName = `migrate_lock_${randomUUID().replaceAll('-', '')}`;
const fresh = new URL(process.env.DATABASE_URL!);
fresh.pathname = `/${dbName}`;

beforeAll(async () => {
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${dbName}`);
});
afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.destroy();
});

describe('runMigrations under the lock', () => {
  it('three runs at once on a fresh database: all resolve, each migration applied exactly once', async () => {
    const runs = await Promise.all([runMigrations(fresh.href), runMigrations(fresh.href), runMigrations(fresh.href)]);

    const names = MIGRATIONS.map((m) => m.name);
    // One run applied everything; the others waited on the lock and found nothing pending.
    expect(runs.map((r) => r.length).sort()).toEqual([0, 0, names.length]);
    expect(runs.flat().sort()).toEqual([...names].sort());

    const check = createDataSource(fresh.href, { poolSize: 1 });
    await check.initialize();
    try {
      const rows: { name: string; n: string }[] = await check.query('SELECT name, count(*) AS n FROM schema_migrations GROUP BY name');
      expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      expect(await check.showMigrations()).toBe(false);
    } finally {
      await check.destroy();
    }
  });
});
