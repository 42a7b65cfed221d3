// Fixture for file-store.int-spec.ts, not product code: a process that uploads a commit's blobs (phase 1)
// with the built file store, then waits to be killed before the transaction (phase 2).
// argv: <projectId> <path> <content>.
import { createDataSource } from '@studio/data';
import { BlobStore, DEFAULT_FILE_LIMITS, FileStore, S3ObjectStore } from '@studio/files';

const [projectId, path, content] = process.argv.slice(2);
const db = createDataSource(process.env.DATABASE_URL, { poolSize: 1 });
await db.initialize();
const store = new FileStore(db, new BlobStore(S3ObjectStore.fromEnvironment()), DEFAULT_FILE_LIMITS);
const prepared = await store.prepare(projectId, [{ action: 'write', path, content: Buffer.from(content) }]);
process.stdout.write(`UPLOADED ${JSON.stringify(prepared)}\n`);
// Killed here with SIGKILL by the test: the commit's transaction never starts.
setInterval(() => {}, 1000);
