import { runMigrations } from '@studio/data';
import { StackError, say } from './log.js';

/** Applies pending migrations to DATABASE_URL (`./studio up` does this itself). */
export async function migrate(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new StackError('Set DATABASE_URL to the database to migrate (./studio up migrates its embedded database itself).');
  const applied = await runMigrations(url);
  say(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
  return 0;
}
