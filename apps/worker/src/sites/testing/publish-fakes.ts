import { Readable } from 'node:stream';
import type { SiteBuilder, SiteBuildResult } from '@studio/containers';
import type { ErrorBody, ProjectEventName, ProjectEventPayloads, WebhookEvent } from '@studio/contracts';
import { DeploymentEntity, type DeploymentReady, type SiteDomainEntity, SiteEntity } from '@studio/data';
import { DeploymentPublisher, type PublishPorts } from '../deployment-publisher.js';
import type { PublishFile } from '../publish-file.js';
import type { Screenshot } from '../site-finisher.js';
import { BuiltinTarget } from '../targets/builtin.target.js';
import { type PublishTarget, PublishTargets, type TargetDeployment } from '../targets/publish-target.js';

/** Fakes for the publish job's unit tests: no database, no object store, no container, no browser. */

export const ENV = { SITES_DOMAIN: 'sites.localhost', SITES_PUBLIC_SCHEME: 'http', SITES_PUBLIC_PORT: 3100 } as const;

export function siteRow(fields: Partial<SiteEntity> = {}): SiteEntity {
  const now = new Date('2026-01-01T00:00:00Z');
  return Object.assign(new SiteEntity(), {
    id: 'site-1',
    projectId: 'project-1',
    ownerId: 'user-1',
    slug: 'my-page',
    title: null,
    description: null,
    imagePath: null,
    noindex: false,
    liveDeploymentId: null,
    liveChangedAt: null,
    publishedAt: null,
    targetKind: 'builtin',
    targetConfig: null,
    targetSecret: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
}

export function deploymentRow(fields: Partial<DeploymentEntity> = {}): DeploymentEntity {
  const now = new Date('2026-01-02T00:00:00Z');
  return Object.assign(new DeploymentEntity(), {
    id: 'dep-1',
    siteId: 'site-1',
    projectId: 'project-1',
    ownerId: 'user-1',
    version: 3,
    status: 'queued',
    progress: 0,
    stage: null,
    error: null,
    targetKind: 'builtin',
    manifest: null,
    fileCount: null,
    sizeBytes: null,
    buildMs: null,
    publishMs: null,
    filesDeletedAt: null,
    createdAt: now,
    readyAt: null,
    updatedAt: now,
    ...fields,
  });
}

export const BUILT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Built title</title><meta name="description" content="Built description"><script type="module" src="/assets/index-Ab3dE_9x.js"></script></head><body><h1>Hello</h1></body></html>`;

/** What a build of the default page makes, roughly: an index, a hashed bundle large enough to compress. */
export function builtFiles(): Map<string, Buffer> {
  return new Map([
    ['index.html', Buffer.from(BUILT_HTML)],
    ['assets/index-Ab3dE_9x.js', Buffer.from(`console.log(${JSON.stringify('x'.repeat(4000))});`)],
  ]);
}

/** An object store in memory, counting puts. */
export class MemoryObjects {
  readonly objects = new Map<string, { body: Buffer; contentType?: string }>();
  failPuts = 0;

  async put(key: string, body: Buffer | Readable, options?: { contentType?: string }): Promise<void> {
    if (this.failPuts > 0) {
      this.failPuts--;
      throw new Error('store unavailable');
    }
    this.objects.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.concat(await body.toArray()), ...(options?.contentType ? { contentType: options.contentType } : {}) });
  }

  async get(key: string): Promise<Readable | null> {
    const found = this.objects.get(key);
    return found ? Readable.from([found.body]) : null;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix));
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }
}

/** A target that records what it was given, or throws what it is told to. */
export class RecordingTarget implements PublishTarget {
  readonly puts: { deployment: TargetDeployment; files: PublishFile[] }[] = [];
  fail: Error | null = null;

  constructor(readonly kind: string) {}

  async put(deployment: TargetDeployment, files: PublishFile[]): Promise<void> {
    if (this.fail) throw this.fail;
    this.puts.push({ deployment, files });
  }
}

export interface Fakes {
  publisher: DeploymentPublisher;
  objects: MemoryObjects;
  bucket: RecordingTarget;
  site: SiteEntity;
  deployment: DeploymentEntity;
  build: { result: SiteBuildResult; calls: number };
  shot: { fail: boolean };
  activated: DeploymentReady[];
  /** Whether activate makes it live (false: a rollback came after it was asked for). */
  activation: { live: boolean };
  failed: ErrorBody[];
  events: { name: ProjectEventName; payload: unknown }[];
  webhooks: { event: WebhookEvent; data: Record<string, unknown> }[];
  siteChanged: string[];
  warnings: string[];
  domains: SiteDomainEntity[];
  progress: { progress: number; stage: string }[];
  /** Event names whose publishing throws (the event bus down). */
  failingEvents: Set<ProjectEventName>;
}

/** A publisher over fakes; the site and deployment rows can be set as a test needs. */
export function publisherFakes(options: { site?: Partial<SiteEntity>; deployment?: Partial<DeploymentEntity> } = {}): Fakes {
  const objects = new MemoryObjects();
  const bucket = new RecordingTarget('s3');
  const f: Omit<Fakes, 'publisher'> = {
    objects,
    bucket,
    site: siteRow(options.site),
    deployment: deploymentRow(options.deployment),
    build: { result: { ok: true, files: builtFiles() }, calls: 0 },
    shot: { fail: false },
    activated: [],
    activation: { live: true },
    failed: [],
    events: [],
    webhooks: [],
    siteChanged: [],
    warnings: [],
    domains: [],
    progress: [],
    failingEvents: new Set(),
  };
  const builder: SiteBuilder = {
    kind: 'process',
    build: async (_files, onProgress) => {
      f.build.calls++;
      onProgress(0.5);
      onProgress(1);
      return f.build.result;
    },
  };
  const screenshot: Screenshot = async () => {
    if (f.shot.fail) throw new Error('chromium did not start');
    // A real PNG (1x1), as sharp must read it to size the share image.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    return { png, facts: { title: 'Rendered title', h1: 'Hello', firstParagraph: 'First paragraph.' } };
  };
  const ports: PublishPorts = {
    env: ENV,
    deployments: {
      findById: async (id) => (id === f.deployment.id ? f.deployment : null),
      markBuilding: async () => {
        f.deployment.status = 'building';
      },
      setProgress: async (_id, progress, stage) => {
        f.progress.push({ progress, stage });
      },
      markFailed: async (_id, error) => {
        f.deployment.status = 'failed';
        f.failed.push(error);
      },
    },
    sites: {
      findById: async (id) => (id === f.site.id ? f.site : null),
      activate: async (_id, ready) => {
        f.activated.push(ready);
        f.deployment.status = 'ready';
        if (f.activation.live) f.site.liveDeploymentId = f.deployment.id;
        return { live: f.activation.live, site: f.site };
      },
      trafficTotals: async () => ({ requests: 7, bytes: 700 }),
    },
    domains: { list: async () => f.domains },
    files: { readAll: async () => new Map([['src/App.tsx', Buffer.from('export default () => null;')]]) },
    objects,
    builder,
    targets: new PublishTargets(new BuiltinTarget(objects), { s3: () => bucket }),
    screenshot,
    events: {
      publish: async <E extends ProjectEventName>(_projectId: string, name: E, payload: ProjectEventPayloads[E]) => {
        if (f.failingEvents.has(name)) throw new Error(`${name} not published`);
        f.events.push({ name, payload });
        return null;
      },
    },
    webhooks: { publish: (_ownerId, event, data) => void f.webhooks.push({ event, data }) },
    siteChanged: async (siteId) => f.siteChanged.push(siteId),
    warn: (msg) => void f.warnings.push(msg),
  };
  return { ...f, publisher: new DeploymentPublisher(ports) };
}
