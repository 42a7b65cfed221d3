import { Injectable } from '@nestjs/common';
import type { CreateDeploymentBody, DeploymentView } from '@studio/contracts';
import { DeploymentsRepository, SitesRepository } from '@studio/data';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { SitesService } from './sites.service.js';
import { toDeploymentView } from './views.js';

/**
 * Each deployment is a container build: a site with this many queued or building waits for some to finish
 * (429) rather than piling builds up. One that has not finished within the window is a lost job, not work
 * in flight, so it never blocks the site for good.
 */
export const SITE_MAX_PENDING_DEPLOYMENTS = 5;
const IN_FLIGHT_WINDOW_MS = 30 * 60_000;
// A build takes seconds to a minute: worth asking again after a few.
const PENDING_RETRY_SECONDS = 10;

/**
 * Deployments (docs/API.md "Sites and publishing"): publishing a version queues a `deployment.build` job the
 * worker runs; its progress and outcome are project events. Looked up by owner and id together: another
 * person's deployment does not exist.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly deployments: DeploymentsRepository,
    private readonly sites: SitesRepository,
    private readonly siteService: SitesService,
    private readonly projects: ProjectsService,
    private readonly jobs: JobQueue,
  ) {}

  /** Publishes a version (default: the head), creating the site with a generated slug on the first publish. */
  async create(ownerId: string, projectId: string, body: CreateDeploymentBody, requestId?: string): Promise<DeploymentView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    // Versions are numbered 1..head and never deleted, so the head is all there is to check.
    const version = body.version ?? project.headVersion;
    if (version > project.headVersion) throw new DomainError('VERSION_NOT_FOUND', `No version ${version} of this project.`, { version });
    const site = await this.siteService.ensureSite(ownerId, project);
    await this.limitPending(ownerId, site.id);
    const row = await this.deployments.create({ siteId: site.id, projectId: project.id, ownerId, version, targetKind: site.targetKind });
    await this.jobs.enqueue('deployment.build', { deploymentId: row.id, ownerId, ...(requestId ? { requestId } : {}) }, { jobId: row.id });
    return toDeploymentView(row, site.liveDeploymentId);
  }

  private async limitPending(ownerId: string, siteId: string): Promise<void> {
    const since = Date.now() - IN_FLIGHT_WINDOW_MS;
    const recent = await this.deployments.listForSite(ownerId, siteId, SITE_MAX_PENDING_DEPLOYMENTS + 1);
    const pending = recent.filter((d) => (d.status === 'queued' || d.status === 'building') && d.createdAt.getTime() > since).length;
    if (pending >= SITE_MAX_PENDING_DEPLOYMENTS) {
      throw new RateLimitedError(PENDING_RETRY_SECONDS, `This site has ${pending} deployments queued or building; publish again when some are done.`, { pending, limit: SITE_MAX_PENDING_DEPLOYMENTS });
    }
  }

  /** Newest first; a project never published has none. */
  async list(ownerId: string, projectId: string): Promise<DeploymentView[]> {
    const project = await this.projects.getOwned(ownerId, projectId);
    const site = await this.sites.findForProject(ownerId, project.id);
    if (!site) return [];
    const rows = await this.deployments.listForSite(ownerId, site.id);
    return rows.map((d) => toDeploymentView(d, site.liveDeploymentId));
  }

  async get(ownerId: string, id: string): Promise<DeploymentView> {
    const found = isUuid(id) ? await this.deployments.find(ownerId, id) : null;
    if (!found) throw new DomainError('DEPLOYMENT_NOT_FOUND', 'No such deployment.');
    const site = await this.sites.findById(found.siteId);
    return toDeploymentView(found, site?.liveDeploymentId ?? null);
  }
}
