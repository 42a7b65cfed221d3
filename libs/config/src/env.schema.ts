import { z } from 'zod';
import { modelRouteSchema } from './model-route.js';

/**
 * Every environment variable the API and the worker read, with its default and meaning. The README's
 * configuration table is this file in prose; change both together. A bad value stops the process at boot
 * with a message naming the variable.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const url = (protocols: string[]) =>
  z.url({ message: `must be a URL (${protocols.join(', ')})` }).refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** The API (and later the preview proxy) listens here. */
    PORT: int(1, 65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Where people reach the API; printed by `./studio up` and used in links. */
    PUBLIC_URL: url(['http', 'https']).optional(),
    /**
     * Other origins whose pages may call the API from a browser (with bearer tokens; the session cookie
     * never works cross-origin), comma-separated `scheme://host[:port]`; `*` allows any. Empty (the default):
     * none, since the web client is served by the API from its own origin.
     */
    CORS_ORIGINS: z
      .string()
      .regex(/^\s*(\*|https?:\/\/[^\s,/]+\/?(\s*,\s*https?:\/\/[^\s,/]+\/?)*)?\s*$/, { message: 'must be * or origins (http(s)://host[:port]) separated by commas' })
      .default(''),
    /** A request's headers must arrive within this long (then 408 and the connection closes). */
    HTTP_HEADERS_TIMEOUT_MS: int(1000, 600_000).default(20_000),
    /**
     * A request's body must arrive within this long once its caller is authenticated (then 408
     * REQUEST_TIMEOUT); bodies are read only after authentication.
     */
    HTTP_BODY_TIMEOUT_MS: int(100, 3_600_000).default(60_000),

    DATABASE_URL: url(['postgres', 'postgresql']),
    DB_POOL_SIZE: int(1, 200).default(10),
    REDIS_URL: url(['redis', 'rediss']),

    S3_ENDPOINT: url(['http', 'https']).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid S3 bucket name' })
      .default('studio'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most S3-compatible servers need. Defaults to true when S3_ENDPOINT is set. */
    S3_FORCE_PATH_STYLE: bool.optional(),
    /**
     * The endpoint browsers reach the store at, when it differs from S3_ENDPOINT (a store on an internal host):
     * upload URLs are presigned against it. Unset: S3_ENDPOINT (or AWS S3's own).
     */
    S3_PUBLIC_ENDPOINT: url(['http', 'https']).optional(),

    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
    /** Access token lifetime in seconds. */
    JWT_ACCESS_TTL: int(30, 24 * 3600).default(900),
    /** Refresh token lifetime in seconds (30 days). */
    REFRESH_TOKEN_TTL: int(60, 365 * 24 * 3600).default(30 * 24 * 3600),
    /**
     * Per minute: sign-ups from one IP address and for one email; FAILED sign-ins from one address, and failed
     * sign-ins for one email (which stops only the addresses that failed for it, never the owner elsewhere).
     */
    AUTH_RATE_LIMIT_PER_IP: int(1).default(30),
    AUTH_RATE_LIMIT_PER_EMAIL: int(1).default(10),
    /** Trust X-Forwarded-For from this many proxies in front of the API (0: use the socket address). */
    TRUST_PROXY_HOPS: int(0, 10).default(0),

    TEMPLATES_DIR: z.string().min(1).default('templates'),
    /** The web client's build (apps/web), served at /. */
    WEB_DIR: z.string().min(1).default('apps/web/dist'),

    /** File-store limits per project (defaults a landing page never reaches) and the blob cache size. */
    FILES_MAX_FILE_BYTES: int(1).default(5 * 1024 * 1024),
    FILES_MAX_FILES: int(1).default(2000),
    FILES_MAX_PROJECT_BYTES: int(1).default(100 * 1024 * 1024),
    BLOB_CACHE_BYTES: int(0).default(64 * 1024 * 1024),

    /** Models (docs/ARCHITECTURE.md "Running it"): the names the official SDKs use. */
    OPENAI_API_KEY: z.string().optional(),
    /** Any OpenAI-compatible server: Ollama, vLLM, OpenRouter, Groq... */
    OPENAI_BASE_URL: url(['http', 'https']).optional(),
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: url(['http', 'https']).optional(),
    /** provider:model pairs in order for chat turns, fallbacks after the first (parsed: ModelRoute[]). Empty: turns fail with LLM_NOT_CONFIGURED. */
    LLM_ROUTE: modelRouteSchema.default(() => []),
    /** The cheap model that condenses old conversation; defaults to LLM_ROUTE. */
    LLM_SUMMARY_ROUTE: modelRouteSchema.optional(),
    /** JSON: model → {input, output, cachedInput} in USD per million tokens; adds to or overrides the built-in table. */
    LLM_PRICES: z
      .string()
      .refine(
        (v) => {
          try {
            return typeof JSON.parse(v) === 'object';
          } catch {
            return false;
          }
        },
        { message: 'must be a JSON object' },
      )
      .optional(),
    LLM_FIRST_TOKEN_TIMEOUT_MS: int(100).default(30_000),
    LLM_TIMEOUT_MS: int(1000).default(300_000),

    /** BullMQ's key prefix in Redis: API and worker processes with the same prefix share queues. */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9:_-]{1,40}$/, { message: 'must be 1-40 letters, digits, : _ or -' })
      .default('studio'),
    /** Chat turns one worker process runs at once (each mostly waits on the model). */
    TURN_CONCURRENCY: int(1, 256).default(8),
    /** Turns one user may start per minute (a token bucket: this many at once, refilled over a minute). */
    TURNS_PER_MINUTE: int(1).default(20),
    /** Turns one user may have waiting behind a running one, across projects. */
    TURNS_MAX_WAITING: int(1).default(5),
    /**
     * Fair shares (libs/platform fairness): how many jobs of ONE user run at once on each queue, across every
     * worker process, so one user's flood leaves the other slots to everyone else. Below the queue's own concurrency.
     */
    USER_RUNNING_TURNS: int(1).default(2),
    USER_RUNNING_PREVIEW_JOBS: int(1).default(2),
    USER_RUNNING_EXPORTS: int(1).default(1),
    USER_RUNNING_WEBHOOKS: int(1).default(4),
    USER_RUNNING_ASSET_JOBS: int(1).default(2),
    /** Exports one user may have queued or building; past it, 429 with Retry-After. */
    USER_MAX_PENDING_EXPORTS: int(1).default(20),
    /** Caps a real user never reaches, so one account cannot exhaust the host: projects, previews serving at once, file writes a minute. */
    USER_MAX_PROJECTS: int(1).default(1000),
    USER_MAX_RUNNING_PREVIEWS: int(1).default(10),
    USER_FILE_WRITES_PER_MINUTE: int(1).default(600),
    /** The most output tokens one model reply may use; continuations of a cut reply get the same. */
    TURN_MAX_OUTPUT_TOKENS: int(256).default(16_000),
    /** The packages the preview image provides (its package.json): bare imports the model writes must be one of them. */
    PREVIEW_PACKAGES_FILE: z.string().min(1).default('docker/preview/package.json'),
    /** The platform loads each turn's page once in headless Chromium (the render check); `false` turns it off. */
    RENDER_CHECK: bool.default(true),
    /** How long the render check waits for the page to render before calling it blank. */
    RENDER_CHECK_TIMEOUT_MS: int(500, 120_000).default(20_000),
    /** The Chromium the render check runs (Debian's package by default). */
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    /** Previews (docs/ARCHITECTURE.md "Previews are untrusted code"). `auto`: Docker when an engine answers, else the local-process driver (not isolated). */
    PREVIEW_RUNTIME: z.enum(['auto', 'docker', 'process']).default('auto'),
    /** A preview is served at http://<projectId>.<PREVIEW_DOMAIN>:<PORT>; browsers resolve *.localhost to this machine. */
    PREVIEW_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+$/, { message: 'must be a host name' })
      .default('preview.localhost'),
    /** The preview origin's scheme and port as browsers reach it (defaults: http and PORT). */
    PREVIEW_PUBLIC_PORT: int(1, 65535).optional(),
    PREVIEW_PUBLIC_SCHEME: z.enum(['http', 'https']).default('http'),
    /**
     * The preview proxy's deadlines toward a preview's dev server: to connect, and for the answer's headers (or
     * a websocket upgrade's answer). Past either the visitor gets 504 PREVIEW_TIMEOUT, not a connection held for minutes.
     */
    PREVIEW_PROXY_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
    PREVIEW_PROXY_RESPONSE_TIMEOUT_MS: int(100, 600_000).default(30_000),
    /** The preview image (docker/preview; `./studio up` and `./studio test` build it) and its container limits. */
    PREVIEW_IMAGE: z.string().min(1).default('studio-preview:latest'),
    PREVIEW_NETWORK: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]+$/)
      .default('studio-previews'),
    PREVIEW_SUBNET: z
      .string()
      .regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/, { message: 'must be a CIDR block' })
      .default('172.31.240.0/20'),
    PREVIEW_MEMORY_MB: int(64).default(512),
    PREVIEW_CPUS: z.coerce.number().min(0.1).max(64).default(1),
    PREVIEW_PIDS: int(16).default(128),
    /**
     * The engine's OCI runtime for previews and static builds: `runc`, or any runtime registered with the engine,
     * e.g. `runsc` (gVisor: model-written code talks to a user-space kernel, not the host's). The worker refuses
     * to start when the engine has no runtime of that name (README "Stronger isolation: gVisor").
     */
    PREVIEW_OCI_RUNTIME: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,64}$/, { message: 'must be a runtime name' })
      .default('runc'),
    /** Labels every container with this, so stacks sharing one engine never touch each other's previews. */
    PREVIEW_STACK_ID: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,60}$/)
      .default('studio'),
    /** Started, unclaimed previews kept ready for the next project (0: none). */
    PREVIEW_WARM_POOL: int(0, 50).default(1),
    /** An unvisited preview is paused after this long, stopped later, and removed (its files stay in the store). */
    PREVIEW_IDLE_PAUSE_SECONDS: int(1).default(300),
    PREVIEW_IDLE_STOP_SECONDS: int(1).default(1800),
    PREVIEW_IDLE_REMOVE_SECONDS: int(1).default(24 * 3600),
    /** Exports (docs/API.md "Exports"): a ready zip is kept this long, then deleted. */
    EXPORT_TTL_HOURS: int(1).default(24),
    /** A static export's `vite build` runs in a container from the preview image with no network and these limits. */
    EXPORT_BUILD_TIMEOUT_SECONDS: int(10).default(180),
    EXPORT_BUILD_MEMORY_MB: int(128).default(1024),
    EXPORT_BUILD_CPUS: z.coerce.number().min(0.1).max(64).default(1),
    /** Uploads (docs/API.md "Assets and uploads"): the bytes one person may keep (assets and chat pictures) and may have pending. */
    USER_STORAGE_QUOTA_BYTES: int(1).default(500 * 1024 * 1024),
    USER_MAX_PENDING_UPLOADS: int(1).default(20),
    /** How long an upload's presigned PUT URL is valid; a pending upload expires some minutes after it. */
    UPLOAD_URL_TTL_SECONDS: int(30, 3600).default(300),
    /** The largest image (an SVG included) and web font an upload may declare, and the pixels an image may have. */
    ASSET_MAX_IMAGE_BYTES: int(1).default(10 * 1024 * 1024),
    ASSET_MAX_FONT_BYTES: int(1).default(2 * 1024 * 1024),
    ASSET_MAX_IMAGE_PIXELS: int(1).default(50_000_000),
    /**
     * Published sites (docs/API.md "Sites and publishing") are served at <scheme>://<slug>.<SITES_DOMAIN>[:port] by
     * the site host, a listener of the API process on SITES_PORT (an origin of its own: never the API's or a
     * preview's). A TLS edge in front sets SITES_PUBLIC_SCHEME/PORT to what browsers use.
     */
    SITES_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+$/, { message: 'must be a host name' })
      .default('sites.localhost'),
    /** 0: the API does not serve sites (another process does, or publishing is off). */
    SITES_PORT: int(0, 65535).default(3100),
    SITES_PUBLIC_PORT: int(1, 65535).optional(),
    SITES_PUBLIC_SCHEME: z.enum(['http', 'https']).default('http'),
    /** Deployments kept per site (the live one always); older ones' files are deleted. */
    SITES_DEPLOYMENTS_KEPT: int(1, 1000).default(20),
    /** Memory the site host keeps served files in (hot files of live deployments). */
    SITES_CACHE_MB: int(1, 4096).default(128),
    /** Custom domains are verified by a TXT record; these resolvers (comma-separated host[:port]) are asked. Empty: the system's. */
    DOMAIN_DNS_SERVERS: z.string().default(''),
    /** Verified domains are looked up again this often; one whose record is gone stops being served. */
    DOMAIN_RECHECK_SECONDS: int(10).default(3600),
    /** Form posts to a published site: the largest body, and posts one address may make per site per minute. */
    FORM_MAX_BYTES: int(256, 1024 * 1024).default(16 * 1024),
    FORM_RATE_PER_MINUTE: int(1, 10_000).default(5),
    /**
     * The key (32 bytes, base64) that encrypts stored credentials, such as a person's bucket secret (AES-256-GCM).
     * Unset: derived from JWT_SECRET (fine for one machine; set it in production so the two can be rotated apart).
     */
    SECRETS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64' })
      .optional(),
    /**
     * Earlier SECRETS_KEYs (comma-separated, base64), newest first: sealed secrets are still opened with them, and
     * `./studio secrets rotate` re-seals every stored secret under SECRETS_KEY (README "Rotating the secrets key").
     */
    SECRETS_KEY_PREVIOUS: z
      .string()
      .refine((v) => v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), { message: 'must be 32-byte base64 keys separated by commas' })
      .optional(),

    /**
     * Usage and budgets (docs/API.md "Usage and budgets"): each person's monthly model budget in USD (an admin may
     * set another per person; 0: turns are refused), and the most one turn may cost. Unset: no limit.
     */
    USER_MONTHLY_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).optional(),
    TURN_MAX_COST_USD: z.coerce.number().min(0.0001).max(10_000).optional(),
    /** Emails (comma-separated) that are admins from sign-up or from the next start (README "Admin"). */
    ADMIN_EMAILS: z.string().default(''),
    /** Audit records older than this are removed by maintenance. */
    AUDIT_RETENTION_DAYS: int(1, 36_500).default(365),
    /** A project nobody opened or changed for this long is archived (preview removed, cache evicted; a visit brings it back). */
    PROJECT_ARCHIVE_AFTER_DAYS: int(1, 36_500).default(90),
    /** A blob a commit claimed (before uploading it) less than this long ago is never collected, landed or not (docs/ARCHITECTURE.md "Storage lifecycle"). */
    BLOB_COLLECT_GRACE_SECONDS: int(60, 30 * 24 * 3600).default(24 * 3600),
    /** How often the storage-lifecycle jobs (blobs, archive, audit retention) run. */
    LIFECYCLE_EVERY_SECONDS: int(60, 7 * 24 * 3600).default(6 * 3600),

    /**
     * Webhook deliveries never go to loopback, private, link-local or other special addresses, except to
     * these CIDR blocks an operator allows (comma-separated, e.g. "10.1.2.0/24,127.0.0.1/32").
     */
    WEBHOOK_ALLOWED_CIDRS: z.string().default(''),
    /** One delivery attempt waits this long for the receiver's answer. */
    WEBHOOK_TIMEOUT_MS: int(100).default(10_000),
    /** The worker serves Prometheus metrics (turn latency by stage, queue depth, refusals) on this port; 0: off. */
    WORKER_METRICS_PORT: int(0, 65535).default(0),
    /**
     * The bearer token a scraper presents to the API's and the worker's `/metrics` (`Authorization: Bearer ...`).
     * Unset: both answer 404 (metrics are off).
     */
    METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),

    /**
     * The worker answers `GET /health/live` and `GET /health/ready` on this port (no token: orchestrators probe
     * it); 0: off. The API answers the same paths on PORT.
     */
    WORKER_HEALTH_PORT: int(0, 65535).default(0),
    /**
     * On SIGTERM a process stops taking work and lets what runs finish for this long; turns still running then
     * go back to the queue for another worker. A deployment's kill timeout must allow it plus a few seconds.
     */
    SHUTDOWN_GRACE_MS: int(0, 600_000).default(20_000),

    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && /^(change-me|development|secret)/i.test(env.JWT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be a real secret in production' });
    }
  })
  .transform((env) => ({
    ...env,
    S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    PREVIEW_PUBLIC_PORT: env.PREVIEW_PUBLIC_PORT ?? env.PORT,
    SITES_PUBLIC_PORT: env.SITES_PUBLIC_PORT ?? env.SITES_PORT,
  }));

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that names each bad variable. Values are never echoed (they may be secrets). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as a shell user expects from `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return issue.code === 'invalid_type' && cleaned[name] === undefined ? `${name}: is required` : `${name}: ${issue.message}`;
    }),
  );
}
