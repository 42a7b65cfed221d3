import { StudioError } from '@studio/contracts';
import { BlobCache } from './blob-cache.js';
import { sha256Hex } from './changes.js';
import type { ObjectStore } from './object-store.js';
import { projectPrefix } from './object-store.js';

export const blobKey = (projectId: string, sha256: string) => `${projectPrefix(projectId)}blobs/${sha256}`;

/**
 * Content-addressed blobs of a project in the object store, with a cache in front (for reads). Uploading
 * the same bytes again writes the same object, so retries and concurrent turns are safe.
 */
export class BlobStore {
  private readonly cache: BlobCache;

  constructor(
    private readonly objects: ObjectStore,
    cacheBytes = 64 * 1024 * 1024,
  ) {
    this.cache = new BlobCache(cacheBytes);
  }

  /**
   * Stores the bytes and returns their SHA-256. Always uploads, even bytes this process has cached: the blob
   * collector may have removed an orphan with the same content since (docs/ARCHITECTURE.md "Storage
   * lifecycle"), and a commit must never refer to a blob it did not put back. Callers claim the blob first
   * (FileStore.prepare), so nothing removes it between this upload and the commit.
   */
  async put(projectId: string, bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const key = blobKey(projectId, sha);
    await this.objects.put(key, bytes, { contentType: 'application/octet-stream' });
    this.cache.set(key, bytes);
    return sha;
  }

  /** Forgets the cached bytes of these blobs (the collector removed them, or their project was archived). */
  evict(projectId: string, sha256s?: Iterable<string>): void {
    this.cache.evict(sha256s ? [...sha256s].map((sha) => blobKey(projectId, sha)) : (key) => key.startsWith(projectPrefix(projectId)));
  }

  async get(projectId: string, sha256: string): Promise<Buffer> {
    const key = blobKey(projectId, sha256);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const stream = await this.objects.get(key);
    // A manifest names a blob the store does not have: the store is damaged, not the request.
    if (!stream) throw new StudioError('INTERNAL', `Blob ${sha256} of project ${projectId} is missing from the object store.`);
    const bytes = Buffer.concat(await stream.toArray());
    this.cache.set(key, bytes);
    return bytes;
  }
}
