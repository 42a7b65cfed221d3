import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { StudioError } from '@studio/contracts';
import { secretBox } from '@studio/platform';
import { publishFilesOf } from '../publish-file.js';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, s3TargetFactory } from './s3.target.js';

/**
 * The s3 target against the S3-compatible server the test stack runs, in a second bucket made here as a
 * person's own: the same PutObject path as against AWS S3, with a sealed secret opened as the worker opens it.
 */
const env = process.env;
const box = secretBox({ JWT_SECRET: 'an-integration-test-secret-of-32-characters-or-more' });
const bucket = `site-${randomUUID().slice(0, 8)}`;
const deployment = { id: randomUUID(), projectId: randomUUID(), siteId: randomUUID() };
let client: S3Client;

interface Overrides {
  bucket?: string;
  accessKeyId?: string;
}
const site = (fields: Overrides = {}) => ({
  targetKind: 's3',
  targetConfig: {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? 'us-east-1',
    bucket: fields.bucket ?? bucket,
    prefix: 'www/',
    accessKeyId: fields.accessKeyId ?? env.S3_ACCESS_KEY_ID,
    forcePathStyle: true,
  },
  targetSecret: box.seal(env.S3_SECRET_ACCESS_KEY ?? ''),
});
const target = (fields?: Overrides) => s3TargetFactory((sealed) => box.open(sealed))(site(fields));

beforeAll(async () => {
  client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID ?? '', secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '' },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(() => client.destroy());

describe('S3Target against the stack’s S3 server', () => {
  it('puts a deployment’s files into the person’s bucket with content types and cache policies', async () => {
    const files = await publishFilesOf(
      new Map([
        ['index.html', Buffer.from('<!doctype html><title>Mine</title>')],
        ['assets/index-Ab3dE_9x.js', Buffer.from('console.log(1)')],
      ]),
    );
    await target().put(deployment, files);

    const index = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'www/index.html' }));
    expect(await index.Body?.transformToString()).toBe('<!doctype html><title>Mine</title>');
    expect(index.ContentType).toBe('text/html; charset=utf-8');
    expect(index.CacheControl).toBe(REVALIDATE_CACHE);
    const js = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'www/assets/index-Ab3dE_9x.js' }));
    expect(js.CacheControl).toBe(IMMUTABLE_CACHE);
    expect(js.ContentType).toBe('text/javascript; charset=utf-8');
  });

  // The stack's server checks the key id but not a v4 signature (s3rver does not compute them), so a wrong
  // key id stands for refused credentials here; the masking of the secret is checked in s3.target.spec.ts.
  it('unknown credentials or a missing bucket are PUBLISH_TARGET_REFUSED, with the provider’s reason and no key id', async () => {
    const files = await publishFilesOf(new Map([['index.html', Buffer.from('x')]]));
    const refusal = (fields: Overrides) =>
      target(fields)
        .put(deployment, files)
        .then(
          () => null,
          (err: unknown) => err,
        );

    const unknownKey = await refusal({ accessKeyId: 'unknown-key-id-for-this-test' });
    expect(unknownKey).toBeInstanceOf(StudioError);
    expect(unknownKey).toMatchObject({ code: 'PUBLISH_TARGET_REFUSED', details: { provider: 'InvalidAccessKeyId', status: 403 } });
    expect(JSON.stringify(unknownKey instanceof StudioError ? unknownKey.toBody() : null)).not.toContain('unknown-key-id-for-this-test');

    const missing = await refusal({ bucket: `gone-${randomUUID().slice(0, 8)}` });
    expect(missing).toMatchObject({ code: 'PUBLISH_TARGET_REFUSED', details: { provider: 'NoSuchBucket', status: 404 } });
  });
});
