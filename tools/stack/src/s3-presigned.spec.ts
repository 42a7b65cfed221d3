import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isPresigned, presignedMismatch } from './s3-presigned.js';

/** The check against URLs the real SDK presigns, so it agrees with what AWS S3 computes. */
const client = new S3Client({
  endpoint: 'http://127.0.0.1:4569',
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
afterAll(() => client.destroy());

async function presignPut(length: number) {
  const url = new URL(
    await getSignedUrl(client, new PutObjectCommand({ Bucket: 'studio', Key: 'projects/p 1/uploads/u(1)', ContentType: 'image/png', ContentLength: length }), {
      expiresIn: 60,
      signableHeaders: new Set(['content-type', 'content-length']),
    }),
  );
  return { url: `${url.pathname}${url.search}`, host: url.host };
}

describe('presignedMismatch', () => {
  it('accepts the request the URL was signed for', async () => {
    const { url, host } = await presignPut(1234);
    expect(isPresigned(url)).toBe(true);
    expect(presignedMismatch({ method: 'PUT', url, headers: { host, 'content-type': 'image/png', 'content-length': '1234' } }, 'S3RVER')).toBeNull();
  });

  it('refuses another length, another type, another method, another key or another secret', async () => {
    const { url, host } = await presignPut(1234);
    const headers = { host, 'content-type': 'image/png', 'content-length': '1234' };
    expect(presignedMismatch({ method: 'PUT', url, headers: { ...headers, 'content-length': '1235' } }, 'S3RVER')).toMatch(/signature/);
    expect(presignedMismatch({ method: 'PUT', url, headers: { ...headers, 'content-length': undefined } }, 'S3RVER')).toMatch(/signature/);
    expect(presignedMismatch({ method: 'PUT', url, headers: { ...headers, 'content-type': 'text/html' } }, 'S3RVER')).toMatch(/signature/);
    expect(presignedMismatch({ method: 'POST', url, headers }, 'S3RVER')).toMatch(/signature/);
    expect(presignedMismatch({ method: 'PUT', url: url.replace('u%281%29', 'u%282%29'), headers }, 'S3RVER')).toMatch(/signature/);
    expect(presignedMismatch({ method: 'PUT', url, headers }, 'other')).toMatch(/signature/);
  });

  it('checks presigned GETs too, and names what is missing', async () => {
    const url = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: 'studio', Key: 'a/b.png' }), { expiresIn: 60 }));
    expect(presignedMismatch({ method: 'GET', url: `${url.pathname}${url.search}`, headers: { host: url.host } }, 'S3RVER')).toBeNull();
    expect(isPresigned('/studio/a/b.png')).toBe(false);
    expect(presignedMismatch({ method: 'GET', url: '/studio/a?X-Amz-Algorithm=AWS4-HMAC-SHA256', headers: {} }, 'S3RVER')).toBe('missing presigned parameters');
  });
});
