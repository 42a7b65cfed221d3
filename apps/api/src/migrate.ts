import 'reflect-metadata';
import { ConfigError, loadEnv } from '@studio/config';
import { runMigrations } from '@studio/data';
import { createLogger } from '@studio/platform';

/**
 * The one-off migration step of a deployment (`node apps/api/dist/migrate.js`; the compose file's `migrate`
 * service): applies the pending migrations to DATABASE_URL under the migration lock (so several of these, or
 * replicas starting together, apply each migration once), says what it applied, exits 0; 1 with the reason.
 */
async function main(): Promise<number> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    return 1;
  }
  const logger = createLogger(env, 'migrate');
  try {
    const applied = await runMigrations(env.DATABASE_URL);
    logger.log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Migrations: up to date, nothing applied', 'Migrate');
    return 0;
  } catch (err) {
    // The whole run is one transaction: a failed migration leaves the schema as it was.
    logger.error(`Migrations failed, nothing applied: ${(err as Error)?.message ?? err}`, (err as Error)?.stack, 'Migrate');
    return 1;
  }
}

void main().then((code) => process.exit(code));
