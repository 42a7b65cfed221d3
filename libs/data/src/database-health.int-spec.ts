import { createDataSource } from './data-source.js';
import { pingDatabase } from './database-health.js';

/** Against the test stack's real PostgreSQL. */
describe('pingDatabase', () => {
  it('resolves while Postgres answers, and rejects once the pool is closed', async () => {
    const ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 1 });
    await ds.initialize();
    await expect(pingDatabase(ds)).resolves.toBeUndefined();
    await ds.destroy();
    await expect(pingDatabase(ds)).rejects.toThrow();
  });
});
