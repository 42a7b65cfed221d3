import { Injectable, Logger } from '@nestjs/common';
import type { PreviewView } from '@studio/contracts';
import { PreviewSessionsRepository, ProjectLifecycleRepository } from '@studio/data';
import type { Principal } from '../auth/principal.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { UserCaps } from '../infra/user-caps.js';
import { ProjectsService } from '../projects/projects.service.js';
import { PreviewLinks } from './preview-links.js';
import { previewView } from './preview-view.js';

/** docs/API.md "Preview": the API records and enqueues; the worker runs the containers. */
@Injectable()
export class PreviewsService {
  private readonly logger = new Logger(PreviewsService.name);

  constructor(
    private readonly projects: ProjectsService,
    private readonly previewSessions: PreviewSessionsRepository,
    private readonly links: PreviewLinks,
    private readonly jobs: JobQueue,
    private readonly caps: UserCaps,
    private readonly lifecycle: ProjectLifecycleRepository,
  ) {}

  /** The preview's state, with a fresh link for `principal` (bound to its sign-in session or API key). */
  async get(principal: Principal, projectId: string): Promise<PreviewView> {
    await this.projects.getOwned(principal.userId, projectId);
    return previewView(await this.previewSessions.target(projectId), this.links.url(principal, projectId));
  }

  /** Starts (or resumes) the preview; `ready` means it already serves the head version. */
  async start(principal: Principal, projectId: string, requestId?: string): Promise<{ view: PreviewView; started: boolean }> {
    const { userId } = principal;
    const project = await this.projects.getOwned(userId, projectId);
    // A visit: an archived project comes back (its preview was removed, so it starts from the store below).
    await this.lifecycle.opened(projectId);
    const target = await this.previewSessions.target(projectId);
    const url = this.links.url(principal, projectId);
    if (target?.status === 'ready' && target.version === project.headVersion) return { view: previewView(target, url), started: false };
    await this.caps.assertCanStartPreview(userId, projectId);
    await this.wake(projectId, userId, requestId);
    return { view: { status: 'starting', url }, started: true };
  }

  /** One start job per project at a time (its id), so repeated visits do not pile up. */
  wake(projectId: string, userId: string, requestId?: string): Promise<void> {
    return this.jobs.enqueue('preview.start', { projectId, userId, requestId }, { jobId: `preview-start-${projectId}` });
  }

  async stop(userId: string, projectId: string, requestId?: string): Promise<void> {
    await this.projects.getOwned(userId, projectId);
    await this.jobs.enqueue('preview.stop', { projectId, remove: true, requestId });
  }

  /** The head moved outside a turn: a running preview follows. Best effort; the next start syncs anyway. */
  follow(projectId: string, requestId?: string): void {
    this.jobs.enqueue('preview.sync', { projectId, requestId }).catch((err) => this.logger.warn(`preview.sync for ${projectId}: ${err}`));
  }
}
