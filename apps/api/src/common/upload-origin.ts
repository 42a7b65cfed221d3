import type { Env } from '@studio/config';

/**
 * The origin a browser PUTs upload bytes to (the presigned URLs of libs/files S3ObjectStore), which the web
 * client's CSP must allow in connect-src: the public endpoint, else the endpoint, else AWS S3's own host for
 * the bucket (virtual-hosted, or the regional host when path-style).
 */
export function uploadOrigin(env: Pick<Env, 'S3_PUBLIC_ENDPOINT' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_FORCE_PATH_STYLE'>): string {
  const endpoint = env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT;
  if (endpoint) return new URL(endpoint).origin;
  return env.S3_FORCE_PATH_STYLE ? `https://s3.${env.S3_REGION}.amazonaws.com` : `https://${env.S3_BUCKET}.s3.${env.S3_REGION}.amazonaws.com`;
}
