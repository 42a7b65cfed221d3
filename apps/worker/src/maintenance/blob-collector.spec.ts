import type { Env } from '@studio/config';
import { blobKey, type FileStore, type ObjectStore } from '@studio/files';
import type { DataSource } from 'typeorm';
import { BlobCollector, type CollectScheduler } from './blob-collector.js';

const P = '11111111-1111-4111-8111-111111111111';
const sha = (n: number) => n.toString(16).padStart(64, '0');

/**
 * A collector over a fake database that holds the project's advisory lock as a flag (taken by the lock
 * statement, let go when its transaction ends) and a fake store that notes whether each call ran under it.
 */
function world(blobCount: number) {
  const stored = new Set(Array.from({ length: blobCount }, (_, i) => blobKey(P, sha(i))));
  const referenced = new Set<string>();
  const log: string[] = [];
  let locked = false;
  let locks = 0;
  const tx = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('pg_advisory_xact_lock')) {
        locked = true;
        locks++;
        return [];
      }
      const among = params[2] as string[] | null;
      return [...referenced].filter((s) => !among || among.includes(s)).map((sha256) => ({ sha256 }));
    },
  };
  const db = {
    transaction: async <T>(fn: (t: typeof tx) => Promise<T>) => {
      try {
        return await fn(tx);
      } finally {
        locked = false;
      }
    },
    // The project pages (one project, then none) and the expired claims' prune.
    query: async (sql: string, params: unknown[]) => (sql.includes('FROM projects') ? (params[0] === null ? [{ id: P }] : []) : [[], 0]),
  };
  const objects = {
    list: async function* () {
      yield [...stored];
    },
    size: async (key: string) => {
      log.push(`size locked=${locked}`);
      onSize(key);
      return 10;
    },
    delete: async (key: string) => {
      log.push(`delete locked=${locked}`);
      stored.delete(key);
    },
  };
  let onSize: (key: string) => void = () => undefined;
  // A build timeout of years: no folder of the temporary directory is old enough to be taken for a leftover.
  const env = { BLOB_COLLECT_GRACE_SECONDS: 60, LIFECYCLE_EVERY_SECONDS: 60, EXPORT_BUILD_TIMEOUT_SECONDS: 1e9 } as Env;
  const scheduler: CollectScheduler = { upsertJobScheduler: async () => undefined };
  const collector = new BlobCollector(db as unknown as DataSource, objects as unknown as ObjectStore, { forget: () => undefined } as unknown as FileStore, env, scheduler);
  const collect = async () => {
    const { blobs, blobBytes } = await collector.run();
    return { blobs, bytes: blobBytes };
  };
  return { stored, referenced, log, collect, locks: () => locks, onSize: (fn: (key: string) => void) => (onSize = fn) };
}

describe('BlobCollector', () => {
  it('holds the project lock only to decide and per batch of deletes, never through the size reads', async () => {
    const w = world(70);
    w.referenced.add(sha(0));
    expect(await w.collect()).toEqual({ blobs: 69, bytes: 690 });
    expect(w.stored).toEqual(new Set([blobKey(P, sha(0))]));
    // One locked read to decide, then one lock per batch of 32 (released between batches).
    expect(w.locks()).toBe(1 + 3);
    expect(w.log.filter((l) => l.startsWith('size')).every((l) => l === 'size locked=false')).toBe(true);
    expect(w.log.filter((l) => l.startsWith('delete')).every((l) => l === 'delete locked=true')).toBe(true);
  });

  it('spares a blob a commit claimed after the decision (each batch is re-checked under the lock)', async () => {
    const w = world(40);
    const late = sha(35); // in the second batch
    w.onSize((key) => {
      if (key === blobKey(P, late)) w.referenced.add(late);
    });
    expect((await w.collect()).blobs).toBe(39);
    expect([...w.stored]).toEqual([blobKey(P, late)]);
  });
});
