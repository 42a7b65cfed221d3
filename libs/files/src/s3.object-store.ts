import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from './object-store.js';

export interface S3Options {
  endpoint?: string;
  /** The endpoint browsers reach (presigned URLs point there); `endpoint` when unset. */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

const isMissing = (err: unknown) => err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

/** The one S3 driver, the same code path against AWS S3, MinIO or the embedded development server. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  /** Signs URLs for browsers: the same credentials against the endpoint they reach (no requests are sent with it). */
  private readonly presigner: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = S3ObjectStore.client(options, options.endpoint);
    this.presigner = options.publicEndpoint && options.publicEndpoint !== options.endpoint ? S3ObjectStore.client(options, options.publicEndpoint) : this.client;
  }

  private static client(options: S3Options, endpoint: string | undefined): S3Client {
    return new S3Client({
      endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // Checksums only where an operation requires them: S3-compatible servers (MinIO versions, the
      // development server) do not all accept the SDK's default CRC32 trailers; AWS S3 accepts both.
      // For presigned PUTs this also keeps a checksum out of the URL that the browser could not match.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * From the S3_* variables (README), for tools and tests outside the apps; the apps go through the
   * validated config instead. Path-style URLs whenever an endpoint is set, as the config defaults.
   */
  static fromEnvironment(env: Record<string, string | undefined> = process.env): S3ObjectStore {
    return new S3ObjectStore({
      endpoint: env.S3_ENDPOINT,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT,
      region: env.S3_REGION ?? 'us-east-1',
      bucket: env.S3_BUCKET ?? 'studio',
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : Boolean(env.S3_ENDPOINT),
    });
  }

  get bucket() {
    return this.options.bucket;
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (!isMissing(err)) throw err;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async put(key: string, body: Buffer | Readable, options: { contentType?: string; contentLength?: number } = {}) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        ContentLength: options.contentLength ?? (Buffer.isBuffer(body) ? body.length : undefined),
      }),
    );
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  presignPut(key: string, options: { contentType: string; contentLength: number; expiresInSeconds: number }): Promise<string> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType, ContentLength: options.contentLength });
    // Signing both headers is what makes the store refuse a body of another length or type.
    return getSignedUrl(this.presigner, command, { expiresIn: options.expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<string[]> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      if (keys.length) yield keys;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    // Deleting while listing is safe: each page is fetched fresh after the previous one is gone.
    for await (const keys of this.list(prefix)) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        if (out.Errors?.length) {
          const first = out.Errors[0];
          throw new Error(`S3 refused to delete ${out.Errors.length} objects under ${prefix}: ${first.Code} ${first.Message}`);
        }
        deleted += batch.length;
      }
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  destroy() {
    this.client.destroy();
    if (this.presigner !== this.client) this.presigner.destroy();
  }
}
