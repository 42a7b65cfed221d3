import { createHash, timingSafeEqual } from 'node:crypto';

/** `allowed`: serve the metrics; `off`: no METRICS_TOKEN is set, answer 404; `refused`: answer 401. */
export type MetricsAccess = 'allowed' | 'off' | 'refused';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The one rule for both `/metrics` endpoints (API and worker): a scraper presents `Authorization: Bearer
 * <METRICS_TOKEN>`; without a configured token the endpoints do not exist. Compared in constant time (over
 * digests, so the token's length does not leak either).
 */
export function metricsAccess(authorization: string | string[] | undefined, token: string | undefined): MetricsAccess {
  if (!token) return 'off';
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const presented = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!presented) return 'refused';
  return timingSafeEqual(digest(presented), digest(token)) ? 'allowed' : 'refused';
}
