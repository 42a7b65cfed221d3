import type { Readable } from 'node:stream';

/**
 * Where blobs live. The S3 driver is the real one; anything the apps need from object storage goes
 * through this interface so they never hold an S3Client themselves (docs/STYLE.md: interfaces at the edge).
 */
export interface ObjectStore {
  /** Creates the bucket when it does not exist yet (development and tests; production buckets are provisioned). */
  ensureBucket(): Promise<void>;
  put(key: string, body: Buffer | Readable, options?: { contentType?: string; contentLength?: number }): Promise<void>;
  /** The object's bytes as a stream, or null when there is no such key. */
  get(key: string): Promise<Readable | null>;
  /** Size in bytes, or null when there is no such key. */
  size(key: string): Promise<number | null>;
  /**
   * A URL a browser can PUT exactly these bytes to until it expires: the content type and length are signed,
   * so a store that checks signatures refuses any other (the API still checks the size that landed).
   */
  presignPut(key: string, options: { contentType: string; contentLength: number; expiresInSeconds: number }): Promise<string>;
  /** Deletes one object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key under the prefix, in pages as the store returns them. */
  list(prefix: string): AsyncIterable<string[]>;
  /** Deletes every object under the prefix; returns how many went. */
  deletePrefix(prefix: string): Promise<number>;
  /** Throws when the store cannot be reached or the bucket is missing. */
  ping(): Promise<void>;
}

/** All of a project's objects share this prefix, so deleting a project is one prefix delete. */
export const projectPrefix = (projectId: string) => `projects/${projectId}/`;
