import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { StudioError } from '@studio/contracts';
import { z } from 'zod';
import { eachLimited, errorText, type PublishFile } from '../publish-file.js';
import type { PublishTarget, TargetSite } from './publish-target.js';

const UPLOADS_AT_ONCE = 8;
/** What browsers and CDNs in front of the bucket may keep: hashed assets for a year, the rest revalidated. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

/** The stored `target_config` of an s3 site (the target body minus the secret, which is sealed apart). */
const s3ConfigSchema = z.object({
  endpoint: z.string().optional(),
  region: z.string().min(1),
  bucket: z.string().min(1),
  prefix: z.string().default(''),
  accessKeyId: z.string().min(1),
  forcePathStyle: z.boolean().optional(),
  publicUrl: z.string().optional(),
});
export type S3TargetConfig = z.infer<typeof s3ConfigSchema>;

/** Reads a site's stored s3 settings; a row that does not hold them is refused as the target's fault. */
export function s3ConfigOf(site: TargetSite): S3TargetConfig {
  const parsed = s3ConfigSchema.safeParse(site.targetConfig);
  if (!parsed.success || !site.targetSecret) throw new StudioError('PUBLISH_TARGET_REFUSED', 'The site’s bucket settings are incomplete: set the target again.');
  return parsed.data;
}

// Network failures that mean the endpoint is wrong (a person's typo), not that our side is down.
const UNREACHABLE = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

/**
 * The network error's code, from the error or its message: the SDK's retry layer rewraps an error it does not
 * recognise as one of its realm's (under a VM sandbox, as in tests) into a message that still names the code.
 */
function networkCode(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : /\b([A-Z_]{5,})\b/.exec(errorText(err))?.[1];
  return code && UNREACHABLE.has(code) ? code : null;
}

/**
 * A bucket the person owns, on any S3-compatible service. Each file is put at `<prefix><path>` with its content
 * type and cache policy (plain bytes only: a bucket cannot pick .br/.gz by Accept-Encoding). A refusal (bad
 * credentials, a missing bucket, no permission, an endpoint that does not answer) is PUBLISH_TARGET_REFUSED
 * with the provider's message, with the key id and secret masked out of it.
 */
export class S3Target implements PublishTarget {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(
    private readonly config: S3TargetConfig,
    private readonly secret: string,
  ) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle ?? Boolean(config.endpoint),
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: secret },
      // As the platform's own store client: S3-compatible services do not all accept the SDK's CRC32 trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
    });
  }

  async put(_deployment: unknown, files: PublishFile[]): Promise<void> {
    try {
      await eachLimited(files, UPLOADS_AT_ONCE, async (file) => {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.config.bucket,
            Key: `${this.config.prefix}${file.path}`,
            Body: file.bytes,
            ContentType: file.contentType,
            ContentLength: file.bytes.length,
            CacheControl: file.immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
          }),
        );
      });
    } catch (err) {
      throw this.refusal(err) ?? err;
    } finally {
      this.client.destroy();
    }
  }

  /** The person's side said no: final, with their provider's words. Anything else (a 5xx) is retried by the job. */
  private refusal(err: unknown): StudioError | null {
    if (err instanceof S3ServiceException) {
      const status = err.$metadata.httpStatusCode ?? 0;
      if (status >= 500) return null;
      return new StudioError('PUBLISH_TARGET_REFUSED', `The bucket refused the upload: ${this.masked(`${err.name}: ${err.message}`)}`, {
        provider: err.name,
        status,
        bucket: this.config.bucket,
      });
    }
    const code = networkCode(err);
    if (code) return new StudioError('PUBLISH_TARGET_REFUSED', `The bucket's endpoint could not be reached: ${this.masked(errorText(err))}`, { provider: code, bucket: this.config.bucket });
    return null;
  }

  /** Never the secret, nor the key id, in anything a person or a log sees. */
  private masked(text: string): string {
    let out = text.slice(0, 500);
    for (const value of [this.secret, this.config.accessKeyId]) if (value.length >= 4) out = out.split(value).join('****');
    return out;
  }
}

export const s3TargetFactory =
  (open: (sealed: string) => string) =>
  (site: TargetSite): PublishTarget => {
    const config = s3ConfigOf(site);
    let secret: string;
    try {
      secret = open(site.targetSecret ?? '');
    } catch {
      // Sealed under another key (SECRETS_KEY or JWT_SECRET changed): only the person can give it again.
      throw new StudioError('PUBLISH_TARGET_REFUSED', 'The bucket’s secret can no longer be read: set the target again.');
    }
    return new S3Target(config, secret);
  };
