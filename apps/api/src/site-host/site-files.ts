import type { Readable } from 'node:stream';
import { BlobCache, type ObjectStore } from '@studio/files';

/** The store has no object under a key a live manifest names: the deployment is damaged (answered 502). */
export class MissingObjectError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} is missing`);
    this.name = 'MissingObjectError';
  }
}

/**
 * Deployed files' bytes, from the object store through an LRU bounded by SITES_CACHE_MB. A deployment never
 * changes, so an object key's bytes are the same for good: nothing is ever invalidated, only evicted. Files
 * larger than a quarter of the cache (BlobCache's rule) are streamed from the store on every request instead
 * of pushing everything else out. Concurrent misses on one key share one read.
 */
export class SiteFiles {
  private readonly cache: BlobCache;
  private readonly reading = new Map<string, Promise<Buffer>>();
  private readonly cachedUpTo: number;

  constructor(
    private readonly store: ObjectStore,
    maxBytes: number,
  ) {
    this.cache = new BlobCache(maxBytes);
    this.cachedUpTo = maxBytes / 4;
  }

  /** The bytes at hand, or undefined (then `read`). Kept apart so a hit answers without a promise. */
  cached(key: string): Buffer | undefined {
    return this.cache.get(key);
  }

  /** The bytes of a file of `size` bytes: a Buffer when it fits the cache, else a stream of the store's object. */
  async read(key: string, size: number): Promise<Buffer | Readable> {
    if (size > this.cachedUpTo) return this.open(key);
    const hit = this.cache.get(key);
    if (hit) return hit;
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.fetch(key).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async fetch(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.open(key)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const bytes = Buffer.concat(chunks);
    this.cache.set(key, bytes);
    return bytes;
  }

  private async open(key: string): Promise<Readable> {
    const body = await this.store.get(key);
    if (!body) throw new MissingObjectError(key);
    return body;
  }
}
