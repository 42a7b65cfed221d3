/**
 * The visitor's address as the API computes it (Express's `trust proxy` set to TRUST_PROXY_HOPS): the
 * connection's peer, or, behind `hops` trusted proxies, the address the outermost trusted one saw, read
 * from the right of X-Forwarded-For. Entries further left are whatever the client wrote and never count.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const direct = peer ?? 'unknown';
  if (hops <= 0) return direct;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const chain = [direct, ...forwarded];
  return chain[Math.min(hops, chain.length - 1)];
}
