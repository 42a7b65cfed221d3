import { StudioError } from '@studio/contracts';
import { BlobCache } from './blob-cache.js';
import { sha256Hex } from './changes.js';
import type { ObjectStore } from './object-store.js';
import { projectPrefix } from './object-store.js';

export const blobKey = (projectId: string, sha256: string) => `${projectPrefix(projectId)}blobs/${sha256}`;

/**
 * Content-addressed blobs of a project in the object store, with a cache in front. A blob is uploaded
 * once; uploading the same bytes again is a no-op, so retries and concurrent turns are safe.
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
   * Stores the bytes and returns their SHA-256. A cached blob is taken as present without asking S3: true
   * while blobs are only ever deleted with their whole project (project ids are never reused). A sweeper of
   * orphan blobs must first change this (always PUT, or HEAD) and serialise with in-flight commits, or a
   * commit could reference a blob the sweeper just removed.
   */
  async put(projectId: string, bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const key = blobKey(projectId, sha);
    if (!this.cache.has(key)) {
      await this.objects.put(key, bytes, { contentType: 'application/octet-stream' });
      this.cache.set(key, bytes);
    }
    return sha;
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
