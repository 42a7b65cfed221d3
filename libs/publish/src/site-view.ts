import type { PublishTargetView, SiteView } from '@studio/contracts';

/** The settings `siteUrl` needs (libs/config's Env has them; a structural type keeps this lib off libs/config). */
export interface SitesAddressing {
  SITES_PUBLIC_SCHEME: 'http' | 'https';
  SITES_DOMAIN: string;
  /** What browsers use (a TLS edge's 443); absent or the scheme's default: no port in the URL. */
  SITES_PUBLIC_PORT?: number;
}

type S3TargetView = Extract<PublishTargetView, { kind: 's3' }>;

/** The fields of a site row the view is made of (libs/data's SiteEntity has them; structural, so no dependency). */
export interface SiteFields {
  id: string;
  projectId: string;
  slug: string;
  title: string | null;
  description: string | null;
  imagePath: string | null;
  noindex: boolean;
  liveDeploymentId: string | null;
  publishedAt: Date | null;
  targetKind: PublishTargetView['kind'];
  targetConfig: Omit<S3TargetView, 'kind'> | null;
  createdAt: Date;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/** `<scheme>://<slug>.<SITES_DOMAIN>[:port]/`, the port left out where it is the scheme's default. */
export function siteUrl(env: SitesAddressing, slug: string): string {
  const port = env.SITES_PUBLIC_PORT;
  const shown = port === undefined || port === DEFAULT_PORTS[env.SITES_PUBLIC_SCHEME] ? '' : `:${port}`;
  return `${env.SITES_PUBLIC_SCHEME}://${slug}.${env.SITES_DOMAIN}${shown}/`;
}

/** The stored bucket settings field by field, so nothing else a row might hold (a secret) reaches a view. */
function targetView(site: SiteFields): PublishTargetView {
  if (site.targetKind === 'builtin') return { kind: 'builtin' };
  const config = site.targetConfig;
  if (!config) throw new Error(`site ${site.id} has an s3 target without its settings`);
  return {
    kind: 's3',
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    region: config.region,
    bucket: config.bucket,
    prefix: config.prefix,
    accessKeyId: config.accessKeyId,
    ...(config.forcePathStyle !== undefined ? { forcePathStyle: config.forcePathStyle } : {}),
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
  };
}

/**
 * docs/API.md "Sites and publishing": a site as its person sees it, from the API and in `site:updated`
 * (the worker sends it after a publish). `liveVersion`: the live deployment's version, which the site row
 * does not hold (null while unpublished).
 */
export function siteView(site: SiteFields, env: SitesAddressing, traffic: { requests: number; bytes: number }, liveVersion: number | null): SiteView {
  const live = site.liveDeploymentId;
  return {
    id: site.id,
    projectId: site.projectId,
    slug: site.slug,
    url: siteUrl(env, site.slug),
    liveDeploymentId: live,
    liveVersion: live === null ? null : liveVersion,
    publishedAt: live === null || site.publishedAt === null ? null : site.publishedAt.toISOString(),
    settings: { title: site.title, description: site.description, imagePath: site.imagePath, noindex: site.noindex },
    target: targetView(site),
    traffic: { requests: traffic.requests, bytes: traffic.bytes },
    createdAt: site.createdAt.toISOString(),
  };
}
