import type { Env } from '@studio/config';
import { type SiteBuilder, tailOf } from '@studio/containers';
import { type DeploymentStage, type ErrorBody, type ProjectEventName, type ProjectEventPayloads, StudioError, type WebhookEvent } from '@studio/contracts';
import type { DeploymentEntity, DeploymentsRepository, SiteDomainsRepository, SiteEntity, SitesRepository } from '@studio/data';
import type { FileStore, ObjectStore } from '@studio/files';
import { deploymentPrefix, siteUrl, siteView } from '@studio/publish';
import { errorText, manifestOf, type PublishFile, publishFilesOf } from './publish-file.js';
import { finishSite, type Screenshot } from './site-finisher.js';
import type { PublishTargets } from './targets/publish-target.js';

/** Progress is stored and sent at most this often (stage changes always), so a fast build is not a flood. */
const PROGRESS_EVERY_MS = 300;

/** The stages in the order a publish goes through them, and where each starts in its progress (the build is most of the time). */
const STAGES: readonly DeploymentStage[] = ['build', 'screenshot', 'seo', 'compress', 'upload', 'activate'];
const STAGE_AT: Record<DeploymentStage, number> = { build: 0, screenshot: 0.6, seo: 0.72, compress: 0.76, upload: 0.82, activate: 0.97 };

/** Everything a publish touches, as narrow as it uses it (the processor passes the real ones, tests fakes). */
export interface PublishPorts {
  deployments: Pick<DeploymentsRepository, 'findById' | 'markBuilding' | 'setProgress' | 'markFailed'>;
  sites: Pick<SitesRepository, 'findById' | 'activate' | 'trafficTotals'>;
  domains: Pick<SiteDomainsRepository, 'list'>;
  files: Pick<FileStore, 'readAll'>;
  objects: Pick<ObjectStore, 'get' | 'deletePrefix'>;
  builder: SiteBuilder;
  targets: PublishTargets;
  screenshot: Screenshot;
  events: { publish<E extends ProjectEventName>(projectId: string, name: E, payload: ProjectEventPayloads[E]): Promise<unknown> };
  webhooks: { publish(ownerId: string, event: WebhookEvent, data: Record<string, unknown>, requestId?: string): void };
  /** Tells every site host to forget what it cached for the site (SITE_CHANGED_CHANNEL). */
  siteChanged(siteId: string): Promise<unknown>;
  warn(msg: string, details?: Record<string, unknown>): void;
  env: Pick<Env, 'SITES_DOMAIN' | 'SITES_PUBLIC_SCHEME' | 'SITES_PUBLIC_PORT'>;
}

export interface PublishAttempt {
  /** The queue will not try again after this attempt: a transient failure becomes the deployment's outcome. */
  last: boolean;
  requestId?: string;
}

export type PublishResult = { skipped: string } | { failed: ErrorBody['code'] } | { live: boolean; fileCount: number; sizeBytes: number; buildMs: number; publishMs: number } | { reput: number };

/**
 * One `deployment.build` job (docs/ARCHITECTURE.md "Publishing"): build the version in the network-less
 * builder, finish it for search engines and sharing, compress, store it (and put it to the site's own target),
 * then make it live in one transaction. Idempotent: a finished or failed deployment is left alone; a retried
 * one starts over and writes the same keys. A build error (or a target that refuses) is the deployment's
 * outcome, not the job's failure; the store or the engine failing is thrown, so the queue retries it. The
 * live site is touched only by the final activation.
 */
export class DeploymentPublisher {
  constructor(private readonly ports: PublishPorts) {}

  async run(deploymentId: string, attempt: PublishAttempt): Promise<PublishResult> {
    const { deployments, sites } = this.ports;
    const found = await deployments.findById(deploymentId);
    if (!found || found.status === 'failed') return { skipped: found?.status ?? 'gone' };
    const site = await sites.findById(found.siteId);
    if (!site) return { skipped: 'site gone' };
    if (found.status === 'ready') return this.reput(found, site);

    const started = performance.now();
    await deployments.markBuilding(found.id);
    const { report, settled } = this.progressReporter(found);
    let activated: { live: boolean; site: SiteEntity };
    let outcome: PublishResult;
    try {
      report('build', 0);
      const source = await this.ports.files.readAll(found.projectId, found.version);
      const buildStarted = performance.now();
      const built = await this.ports.builder.build(source, (f) => report('build', f));
      const buildMs = Math.round(performance.now() - buildStarted);
      if (!built.ok) {
        await settled();
        return await this.fail(found, { code: 'PUBLISH_BUILD_FAILED', message: 'The project does not build: vite build failed.', details: { output: tailOf(built.output) } });
      }

      const finished = await finishSite(
        {
          built: built.files,
          source,
          settings: site,
          canonicalUrl: await this.canonicalUrl(site),
          siteName: site.title ?? site.slug,
          publishedAt: new Date(),
        },
        { screenshot: this.ports.screenshot, warn: (msg, details) => this.ports.warn(msg, { deploymentId: found.id, ...details }) },
        (stage) => report(stage, 0),
      );
      report('compress', 0);
      const files = await publishFilesOf(finished);
      report('upload', 0);
      // Always into the platform's store (the built-in host serves it, rollback reuses it), then the site's own target.
      await this.ports.targets.builtin.put(found, files);
      const target = this.ports.targets.for(site);
      if (target !== this.ports.targets.builtin) await target.put(found, files);

      report('activate', 0);
      const fileCount = files.length;
      const sizeBytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
      await settled();
      const publishMs = Math.round(performance.now() - started);
      activated = await sites.activate(found.id, { manifest: manifestOf(found.projectId, found.id, files), fileCount, sizeBytes, buildMs, publishMs });
      outcome = { live: activated.live, fileCount, sizeBytes, buildMs, publishMs };
    } catch (err) {
      await settled();
      // The person's own target said no: retrying will not change its mind.
      if (err instanceof StudioError && err.code === 'PUBLISH_TARGET_REFUSED') {
        await this.discardStored(found);
        return await this.fail(found, err.toBody());
      }
      // The store or the engine failed: let the queue try again, and say so only when it will not.
      if (attempt.last) {
        await this.discardStored(found);
        await this.fail(found, { code: 'PUBLISH_FAILED', message: `The site could not be published: ${errorText(err)}` });
      }
      throw err;
    }
    // Past the activation the deployment is ready (and maybe live): nothing after it may fail it or its files.
    await this.announce(found, activated.site, activated.live, attempt.requestId).catch((err: unknown) => this.ports.warn('publish not announced', { deploymentId: found.id, err: errorText(err) }));
    return outcome;
  }

  /** The live URL a person is shown: their bucket's public URL for an s3 site, else the built-in host's. */
  liveUrl(site: SiteEntity): string {
    if (site.targetKind === 's3' && site.targetConfig?.publicUrl) return withSlash(site.targetConfig.publicUrl);
    return siteUrl(this.ports.env, site.slug);
  }

  /** Where search engines should index the page: the bucket's public URL, a verified custom domain, or the site's host. */
  private async canonicalUrl(site: SiteEntity): Promise<string> {
    if (site.targetKind === 's3' && site.targetConfig?.publicUrl) return withSlash(site.targetConfig.publicUrl);
    const verified = (await this.ports.domains.list(site.ownerId, site.id)).filter((d) => d.status === 'verified').sort((a, b) => (a.verifiedAt?.getTime() ?? 0) - (b.verifiedAt?.getTime() ?? 0));
    const domain = verified.at(0)?.domain;
    return domain ? `${this.ports.env.SITES_PUBLIC_SCHEME}://${domain}/` : siteUrl(this.ports.env, site.slug);
  }

  private async announce(found: DeploymentEntity, site: SiteEntity, live: boolean, requestId?: string): Promise<void> {
    const { events } = this.ports;
    const url = this.liveUrl(site);
    await events.publish(found.projectId, 'deployment:progress', { deploymentId: found.id, progress: 1, stage: 'activate' });
    await events.publish(found.projectId, 'deployment:ready', { deploymentId: found.id, version: found.version, url, live });
    // Not live: a rollback or an unpublish came after this deployment was asked for; the site did not change.
    if (!live) return;
    await this.ports.siteChanged(site.id);
    const traffic = await this.ports.sites.trafficTotals(site.id);
    await events.publish(found.projectId, 'site:updated', { site: siteView(site, this.ports.env, traffic, found.version) });
    this.ports.webhooks.publish(found.ownerId, 'site.published', { projectId: found.projectId, siteId: site.id, deploymentId: found.id, version: found.version, url }, requestId);
  }

  /**
   * A ready deployment asked for again: the site was rolled back to it, and its own target (a bucket) must
   * get its files again; no build. The built-in host needs nothing (it reads the store by the pointer).
   */
  private async reput(found: DeploymentEntity, site: SiteEntity): Promise<PublishResult> {
    if (site.targetKind === 'builtin') return { skipped: 'ready' };
    // A later rollback or publish moved the pointer on: putting this one would overwrite the live files.
    if (site.liveDeploymentId !== found.id) return { skipped: 'not live' };
    if (!found.manifest || found.filesDeletedAt) return { skipped: 'files deleted' };
    const files = await this.storedFiles(found);
    try {
      await this.ports.targets.for(site).put(found, files);
    } catch (err) {
      if (!(err instanceof StudioError && err.code === 'PUBLISH_TARGET_REFUSED')) throw err;
      // The deployment stays ready (the built-in copy is intact); the person learns the bucket did not follow.
      await this.ports.events.publish(found.projectId, 'deployment:failed', { deploymentId: found.id, error: err.toBody() });
      return { failed: err.code };
    }
    return { reput: files.length };
  }

  /** A stored deployment's files back from the object store, by its manifest (plain bytes: targets compress nothing). */
  private async storedFiles(found: DeploymentEntity): Promise<PublishFile[]> {
    const files: PublishFile[] = [];
    for (const [path, entry] of Object.entries(found.manifest?.files ?? {})) {
      const stream = await this.ports.objects.get(entry.key);
      if (!stream) throw new Error(`deployment ${found.id}: ${entry.key} is missing from the store`);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      files.push({ path, bytes: Buffer.concat(chunks), contentType: entry.contentType, immutable: entry.immutable });
    }
    return files;
  }

  /** A deployment that will never be ready keeps no files (retention looks only at ready ones); best effort. */
  private async discardStored(found: DeploymentEntity): Promise<void> {
    await this.ports.objects
      .deletePrefix(deploymentPrefix(found.projectId, found.id))
      .catch((err: unknown) => this.ports.warn('stored files of a failed deployment not removed', { deploymentId: found.id, err: errorText(err) }));
  }

  private async fail(found: DeploymentEntity, error: ErrorBody): Promise<{ failed: ErrorBody['code'] }> {
    await this.ports.deployments.markFailed(found.id, error);
    await this.ports.events.publish(found.projectId, 'deployment:failed', { deploymentId: found.id, error });
    return { failed: error.code };
  }

  /**
   * Stores and sends progress: a new stage at once, fractions within a stage throttled; never backwards.
   * `settled` waits for the writes in flight, so none lands after the outcome (ready at 1, or failed).
   */
  private progressReporter(found: DeploymentEntity): { report: (stage: DeploymentStage, fraction: number) => void; settled: () => Promise<void> } {
    let shown = -1;
    let shownStage: DeploymentStage | null = null;
    let at = 0;
    let writes: Promise<unknown> = Promise.resolve();
    const report = (stage: DeploymentStage, fraction: number) => {
      const next = STAGES[STAGES.indexOf(stage) + 1];
      const end = next ? STAGE_AT[next] : 1;
      const value = Math.round((STAGE_AT[stage] + (end - STAGE_AT[stage]) * Math.min(1, Math.max(0, fraction))) * 100) / 100;
      const newStage = stage !== shownStage;
      if (value < shown || (!newStage && (value === shown || Date.now() - at < PROGRESS_EVERY_MS))) return;
      shown = value;
      shownStage = stage;
      at = Date.now();
      writes = Promise.all([
        writes,
        this.ports.deployments.setProgress(found.id, value, stage).catch(() => undefined),
        this.ports.events.publish(found.projectId, 'deployment:progress', { deploymentId: found.id, progress: value, stage }).catch(() => undefined),
      ]);
    };
    return { report, settled: async () => void (await writes) };
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
