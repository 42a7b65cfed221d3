import { Inject, Injectable } from '@nestjs/common';
import { isAssetPath } from '@studio/assets';
import type { Env } from '@studio/config';
import { type PublishTargetBody, type SiteSettingsBody, type SiteView, StudioError } from '@studio/contracts';
import { type ProjectEntity, type SiteEntity, SitesRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { AddressPolicy, ENV, FILE_STORE, resolveWebhookTarget, secretBox } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { generatedSlug } from './generated-slug.js';
import { SiteChanges } from './site-changes.js';

// Four random letters leave 1.7 million slugs per name: a few tries find a free one unless something is wrong.
const SLUG_TRIES = 5;

/**
 * A project's site (docs/API.md "Sites and publishing"): its settings, its target, and the moves of its live
 * pointer a person makes (rollback, unpublish). Looked up through the owner's project, so another person's
 * project answers PROJECT_NOT_FOUND and a project of theirs without a site SITE_NOT_FOUND.
 */
@Injectable()
export class SitesService {
  constructor(
    private readonly sites: SitesRepository,
    private readonly projects: ProjectsService,
    private readonly changes: SiteChanges,
    private readonly jobs: JobQueue,
    private readonly policy: AddressPolicy,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** The owner's project and its site; SITE_NOT_FOUND when it has none yet. */
  async requireSite(ownerId: string, projectId: string): Promise<{ project: ProjectEntity; site: SiteEntity }> {
    const project = await this.projects.getOwned(ownerId, projectId);
    const site = await this.sites.findForProject(ownerId, project.id);
    if (!site) throw new DomainError('SITE_NOT_FOUND', 'This project has no site yet; publish it or save its settings first.');
    return { project, site };
  }

  async get(ownerId: string, projectId: string): Promise<SiteView> {
    return this.changes.view((await this.requireSite(ownerId, projectId)).site);
  }

  /**
   * The project's site, created on first need: with the slug the person chose (SLUG_TAKEN when another site
   * has it), else one made from the project's name, tried again with other letters when taken.
   */
  async ensureSite(ownerId: string, project: ProjectEntity, slug?: string): Promise<SiteEntity> {
    const existing = await this.sites.findForProject(ownerId, project.id);
    if (existing) return existing;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sites.create({ projectId: project.id, ownerId, slug: slug ?? generatedSlug(project.name) });
      } catch (err) {
        // Two first requests at once: the other one created it (one site per project).
        const created = await this.sites.findForProject(ownerId, project.id);
        if (created) return created;
        if (!(err instanceof StudioError && err.code === 'SLUG_TAKEN') || slug !== undefined || attempt >= SLUG_TRIES) throw err;
      }
    }
  }

  /** Creates the site when missing; only the fields the body names change (`null` clears one). */
  async saveSettings(ownerId: string, projectId: string, body: SiteSettingsBody): Promise<SiteView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    if (body.imagePath) await this.checkImage(project, body.imagePath);
    const site = await this.ensureSite(ownerId, project, body.slug);
    const patch: Parameters<SitesRepository['updateSettings']>[2] = {};
    if (body.slug !== undefined && body.slug !== site.slug) patch.slug = body.slug;
    if (body.title !== undefined) patch.title = body.title || null;
    if (body.description !== undefined) patch.description = body.description || null;
    if (body.imagePath !== undefined) patch.imagePath = body.imagePath || null;
    if (body.noindex !== undefined) patch.noindex = body.noindex;
    const saved = Object.keys(patch).length ? await this.sites.updateSettings(ownerId, site.id, patch) : site;
    return this.changes.announce(saved);
  }

  /** The Open Graph image must be an image of the project as it is now (the head), under public/assets/. */
  private async checkImage(project: ProjectEntity, path: string): Promise<void> {
    const inHead = isAssetPath(path) && (await this.files.listFiles(project.id)).some((f) => f.path === path);
    if (!inHead) throw new DomainError('ASSET_NOT_FOUND', 'No image at this path in the project; upload it under public/assets/ first.', { path });
  }

  /**
   * Moves the live pointer to an earlier ready deployment, with no build. A site published to a person's
   * bucket also needs that deployment's files put back there: the worker does it (a `deployment.build` of a
   * ready deployment re-puts its stored files), since the API does no heavy work in a request.
   */
  async rollback(ownerId: string, projectId: string, deploymentId: string, requestId?: string): Promise<SiteView> {
    const { site } = await this.requireSite(ownerId, projectId);
    if (!isUuid(deploymentId)) throw new DomainError('DEPLOYMENT_NOT_FOUND', 'No such deployment of this site.');
    const moved = await this.sites.rollback(ownerId, site.id, deploymentId);
    if (moved.targetKind !== 'builtin' && site.liveDeploymentId !== deploymentId) {
      // Its own job id: the deployment's first build job may still be kept under the deployment's id.
      await this.jobs.enqueue('deployment.build', { deploymentId, ownerId, ...(requestId ? { requestId } : {}) }, { jobId: `${deploymentId}-rollback-${Date.now()}` });
    }
    return this.changes.announce(moved);
  }

  /** Takes the site down (its host answers 404); its deployments stay, so publishing or a rollback brings it back. */
  async unpublish(ownerId: string, projectId: string): Promise<SiteView> {
    const { site } = await this.requireSite(ownerId, projectId);
    return this.changes.announce(await this.sites.unpublish(ownerId, site.id));
  }

  /**
   * Where the next deployments go. A bucket's secret is sealed before it is stored and never shown again; its
   * endpoint must pass the outbound address policy webhooks meet (the worker connects to it on the person's
   * behalf), refused as VALIDATION_FAILED on `endpoint`.
   */
  async setTarget(ownerId: string, projectId: string, body: PublishTargetBody): Promise<SiteView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    if (body.kind === 's3' && body.endpoint) await this.checkEndpoint(body.endpoint);
    const site = await this.ensureSite(ownerId, project);
    if (body.kind === 'builtin') return this.changes.announce(await this.sites.setTarget(ownerId, site.id, { kind: 'builtin' }));
    const { endpoint, region, bucket, prefix, accessKeyId, forcePathStyle, publicUrl } = body;
    const config = { endpoint, region, bucket, prefix, accessKeyId, forcePathStyle, publicUrl };
    const saved = await this.sites.setTarget(ownerId, site.id, { kind: 's3', config, secret: secretBox(this.env).seal(body.secretAccessKey) });
    return this.changes.announce(saved);
  }

  private async checkEndpoint(endpoint: string): Promise<void> {
    try {
      await resolveWebhookTarget(endpoint, this.policy);
    } catch (err) {
      if (!(err instanceof StudioError) || err.code !== 'WEBHOOK_URL_REFUSED') throw err;
      const reason = typeof err.details?.reason === 'string' ? err.details.reason : undefined;
      const why = reason ? `it is or resolves to a ${reason} address` : 'it must be an http(s) URL without credentials whose host resolves to public addresses';
      throw new DomainError('VALIDATION_FAILED', `The bucket endpoint is refused: ${why}.`, { fields: { endpoint: why } });
    }
  }
}
