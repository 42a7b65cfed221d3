import type { DataSource } from 'typeorm';

/** Resolves when Postgres answers a trivial query through the pool; rejects with the driver's error when not. */
export async function pingDatabase(db: DataSource): Promise<void> {
  await db.query('SELECT 1');
}
