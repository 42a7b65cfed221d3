import { z } from 'zod';
import type { ErrorBody } from './errors.js';
import { text } from './text.js';

/**
 * Publishing (docs/API.md "Sites and publishing"): a project's site, its deployments (each a built, stored
 * copy of one version), the domains it answers on, the forms its page posts to, and where it is published.
 */

/** Names a site may not take: they read as the platform's own hosts. */
export const RESERVED_SLUGS = ['www', 'api', 'app', 'admin', 'assets', 'cdn', 'docs', 'help', 'login', 'mail', 'preview', 'sites', 'static', 'status', 'support'] as const;

/** A DNS label of 3 to 63 lowercase letters, digits and inner hyphens; never `xn--` style (punycode look-alikes). */
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

export const slugSchema = text()
  .trim()
  .toLowerCase()
  .min(3)
  .max(63)
  .regex(SLUG_PATTERN, { message: 'must be 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen' })
  .refine((s) => s.slice(2, 4) !== '--', { message: 'must not have hyphens in the third and fourth place' })
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), { message: 'is reserved' });

/** A domain a person owns: lowercase labels, at least two, no IP address, no port. */
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
export const domainSchema = text()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .max(253)
      .refine((d) => d.split('.').length >= 2 && d.split('.').every((label) => DOMAIN_LABEL.test(label)), { message: 'must be a domain name such as www.example.com' })
      .refine((d) => !/^\d+$/.test(d.split('.').at(-1) ?? ''), { message: 'must be a domain name, not an address' }),
  );

/** `PUT /api/projects/:id/site`: creates the site or changes its settings; every field optional. `null` clears. */
export const siteSettingsBodySchema = z
  .object({
    slug: slugSchema.optional(),
    title: text().trim().max(120).nullable().optional(),
    description: text().trim().max(300).nullable().optional(),
    /** An image of the project (`public/assets/...`) for Open Graph; unset: a screenshot of the published page. */
    imagePath: text().trim().max(300).nullable().optional(),
    /** While true the site asks search engines not to index it (robots.txt and a robots meta tag). */
    noindex: z.boolean().optional(),
  })
  .strict();
export type SiteSettingsBody = z.infer<typeof siteSettingsBodySchema>;

/** `POST /api/projects/:id/deployments`: publish a version (default: the head). */
export const createDeploymentBodySchema = z
  .object({
    // A JSON number only: coercion would take `true` for version 1.
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type CreateDeploymentBody = z.infer<typeof createDeploymentBodySchema>;

/** `POST /api/projects/:id/site/rollback`: make an earlier ready deployment live, with no build. */
export const rollbackBodySchema = z.object({ deploymentId: z.string().uuid() }).strict();
export type RollbackBody = z.infer<typeof rollbackBodySchema>;

/** `POST /api/projects/:id/site/domains`. */
export const addDomainBodySchema = z.object({ domain: domainSchema }).strict();
export type AddDomainBody = z.infer<typeof addDomainBodySchema>;

/**
 * `PUT /api/projects/:id/site/target`: where deployments go. `builtin`: this platform's own host. `s3`: a
 * bucket the person owns (any S3-compatible service); the secret is stored encrypted and never returned.
 */
export const publishTargetBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      /** Unset: AWS. */
      endpoint: text().trim().max(500).url().optional(),
      region: text().trim().min(1).max(64).default('us-east-1'),
      bucket: text().trim().min(3).max(63),
      /** A key prefix inside the bucket, e.g. `www/`; empty: the bucket's root. */
      prefix: text()
        .trim()
        .max(200)
        .regex(/^(?:[A-Za-z0-9._-]+\/)*$/, { message: 'must be empty or path segments each ending with /' })
        .default(''),
      accessKeyId: text().trim().min(1).max(200),
      secretAccessKey: text().min(1).max(200),
      forcePathStyle: z.boolean().optional(),
      /** Where the bucket's site is reachable, shown as the live URL. */
      publicUrl: text().trim().max(500).url().optional(),
    })
    .strict(),
]);
export type PublishTargetBody = z.infer<typeof publishTargetBodySchema>;

export type PublishTargetView =
  | { kind: 'builtin' }
  | { kind: 's3'; endpoint?: string; region: string; bucket: string; prefix: string; accessKeyId: string; forcePathStyle?: boolean; publicUrl?: string };

export interface SiteSettingsView {
  title: string | null;
  description: string | null;
  imagePath: string | null;
  noindex: boolean;
}

/** docs/API.md "Sites and publishing". */
export interface SiteView {
  id: string;
  projectId: string;
  slug: string;
  /** Where the built-in host serves it: `<scheme>://<slug>.<SITES_DOMAIN>[:port]/`. */
  url: string;
  /** Null while unpublished (never published, or taken down). */
  liveDeploymentId: string | null;
  liveVersion: number | null;
  publishedAt: string | null;
  settings: SiteSettingsView;
  target: PublishTargetView;
  /** Requests and bytes the built-in host served for this site, all time. */
  traffic: { requests: number; bytes: number };
  createdAt: string;
}

export type DeploymentStatus = 'queued' | 'building' | 'ready' | 'failed';
export type DeploymentStage = 'build' | 'seo' | 'screenshot' | 'compress' | 'upload' | 'activate';

export interface DeploymentView {
  id: string;
  siteId: string;
  projectId: string;
  version: number;
  status: DeploymentStatus;
  /** 0 to 1. */
  progress: number;
  stage?: DeploymentStage;
  error?: ErrorBody;
  /** True for the deployment the site serves now. */
  live: boolean;
  target: 'builtin' | 's3';
  fileCount?: number;
  sizeBytes?: number;
  /** The raw `vite build` time, and the whole publish (build, SEO, screenshot, compression, upload). */
  buildMs?: number;
  publishMs?: number;
  createdAt: string;
  readyAt?: string;
}

export type DomainStatus = 'pending' | 'verified';

/** A custom domain: verified by a TXT record at `_studio-verify.<domain>` whose value is `verification.value`. */
export interface DomainView {
  id: string;
  domain: string;
  status: DomainStatus;
  verification: { type: 'TXT'; name: string; value: string };
  verifiedAt?: string;
  lastCheckedAt?: string;
  /** Why the last check failed (no record, another value, the resolver's error). */
  lastError?: string;
  createdAt: string;
}

/** The DNS name whose TXT record proves a domain is the person's. */
export const DOMAIN_VERIFY_LABEL = '_studio-verify';
export const domainVerifyName = (domain: string) => `${DOMAIN_VERIFY_LABEL}.${domain}`;

/**
 * Forms on a published page post (same origin, JSON or urlencoded) to `/_forms/<name>` on the site's own
 * host; in a preview the same path answers as a sandbox that echoes what would be sent.
 */
export const FORM_PATH_PREFIX = '/_forms/';
export const FORM_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A field no person fills (hidden from view); a bot that fills it is refused. */
export const FORM_HONEYPOT_FIELD = 'company_website';
export const formEndpoint = (name: string) => `${FORM_PATH_PREFIX}${name}`;

export interface FormSubmissionView {
  id: string;
  form: string;
  /** The page's path the form was on. */
  page: string;
  data: Record<string, string>;
  createdAt: string;
}

export interface FormSubmissionPage {
  items: FormSubmissionView[];
  /** Pass as `before` for the next (older) page; absent on the last. */
  nextCursor?: string;
}

/** What the form endpoint answers a person's browser. */
export type FormSubmitAnswer = { ok: true; id: string } | { ok: true; sandbox: true; wouldSend: Record<string, string> };

/**
 * A deployment as the site host serves it, stored as jsonb in `deployments.manifest` (made by libs/publish,
 * read by libs/data and the site host; here because libs/data may import contracts only).
 */
export interface DeployedFile {
  /** Object-store key: `projects/<projectId>/deployments/<deploymentId>/<path>`. */
  key: string;
  size: number;
  /** A strong ETag, quoted: the first 22 characters of the SHA-256 in base64url. */
  etag: string;
  contentType: string;
  /** Vite's hashed `assets/…-[hash].ext`: cached for a year, never revalidated. */
  immutable: boolean;
  /** Precompressed copies beside the file (`<key>.br`, `<key>.gz`), where they pay. */
  br?: { key: string; size: number };
  gz?: { key: string; size: number };
}

export interface DeploymentManifest {
  /** By path without a leading slash, e.g. `index.html`, `assets/index-BqGk3kX_.js`. */
  files: Record<string, DeployedFile>;
  /** The page answered with status 404 for a path with no file, e.g. `404.html`. */
  notFound: string;
}
