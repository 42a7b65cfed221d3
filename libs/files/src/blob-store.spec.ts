import { Readable } from 'node:stream';
import { BlobStore, blobKey } from './blob-store.js';
import type { ObjectStore } from './object-store.js';

const P = '11111111-1111-4111-8111-111111111111';

/** An object store in memory that counts what it was asked to do. */
function memoryStore() {
  const objects = new Map<string, Buffer>();
  const calls = { put: 0, get: 0 };
  const store: Pick<ObjectStore, 'put' | 'get' | 'delete'> = {
    put: async (key, body) => {
      calls.put++;
      objects.set(key, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    },
    get: async (key) => {
      calls.get++;
      const bytes = objects.get(key);
      return bytes ? Readable.from([bytes]) : null;
    },
    delete: async (key) => void objects.delete(key),
  };
  return { objects, calls, blobs: new BlobStore(store as ObjectStore) };
}

describe('BlobStore', () => {
  it('uploads bytes it has cached again: the collector may have removed an orphan with the same content since', async () => {
    const { objects, calls, blobs } = memoryStore();
    const sha = await blobs.put(P, Buffer.from('same bytes'));
    // The collector removes the blob (an orphan then); a later commit writes the same bytes.
    objects.delete(blobKey(P, sha));
    expect(await blobs.put(P, Buffer.from('same bytes'))).toBe(sha);
    expect(calls.put).toBe(2);
    expect(objects.get(blobKey(P, sha))?.toString()).toBe('same bytes');
  });

  it('reads from its cache until the project’s entries are evicted', async () => {
    const { calls, blobs } = memoryStore();
    const sha = await blobs.put(P, Buffer.from('cached'));
    expect((await blobs.get(P, sha)).toString()).toBe('cached');
    expect(calls.get).toBe(0);
    blobs.evict(P);
    expect((await blobs.get(P, sha)).toString()).toBe('cached');
    expect(calls.get).toBe(1);
    blobs.evict(P, [sha]);
    await blobs.get(P, sha);
    expect(calls.get).toBe(2);
  });
});
