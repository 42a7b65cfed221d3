import type { Env } from '@studio/config';

/** Custom domains one site may have: each is looked up again by the recheck job, so the list stays short. */
export const MAX_DOMAINS_PER_SITE = 20;

/** The host names the platform itself answers on; a person's domain may be none of these nor under one. */
export function platformHosts(env: Pick<Env, 'SITES_DOMAIN' | 'PREVIEW_DOMAIN' | 'PUBLIC_URL'>): string[] {
  const apiHost = new URL(env.PUBLIC_URL).hostname.toLowerCase();
  return [...new Set([env.SITES_DOMAIN, env.PREVIEW_DOMAIN, apiHost, 'localhost'])];
}

/**
 * The platform host `domain` is, or lies under; null for a name a person may add. Serving such a name as a
 * custom domain would hand one person another site's slug, a preview's origin or the API's own.
 */
export function platformHostOf(domain: string, hosts: readonly string[]): string | null {
  return hosts.find((host) => domain === host || domain.endsWith(`.${host}`)) ?? null;
}
