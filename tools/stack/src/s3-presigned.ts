import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a query-signed (presigned) SigV4 request the way S3 does. The embedded s3rver checks only a
 * presigned URL's expiry, not its signature, so without this the development store would take a body of
 * any length on a URL signed for one length, and tests could not show that the real store refuses it.
 * Header-signed requests (the SDK's own) are left to s3rver.
 */
export interface PresignedRequest {
  method: string;
  /** Path and query exactly as received (`/bucket/key?X-Amz-...`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const header = (headers: PresignedRequest['headers'], name: string) => {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ');
};

/** True when the request carries a presigned SigV4 query (the only kind this checks). */
export const isPresigned = (url: string) => /[?&]X-Amz-Algorithm=/.test(url);

/** Null when the signature matches the secret; otherwise why not. */
export function presignedMismatch(req: PresignedRequest, secretAccessKey: string): string | null {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const pairs = (q < 0 ? '' : req.url.slice(q + 1))
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      const [k, v] = eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
      return [decodeURIComponent(k), decodeURIComponent(v)] as const;
    });
  const query = new Map(pairs);
  const signature = query.get('X-Amz-Signature');
  const credential = query.get('X-Amz-Credential');
  const amzDate = query.get('X-Amz-Date');
  const signed = query.get('X-Amz-SignedHeaders');
  if (!signature || !credential || !amzDate || !signed) return 'missing presigned parameters';
  const [, date, region, service, terminator] = credential.split('/');
  if (!date || !region || !service || terminator !== 'aws4_request') return 'malformed credential';

  const canonicalQuery = pairs
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signed.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${header(req.headers, n)}\n`).join('');
  const payload = query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const canonical = [req.method.toUpperCase(), path, canonicalQuery, canonicalHeaders, signed, payload].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = Buffer.from(hmac(key, toSign).toString('hex'));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'signature does not match';
}
