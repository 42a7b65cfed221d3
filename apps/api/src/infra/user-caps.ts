import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { PreviewSessionsRepository, ProjectsRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';

/**
 * Per-user caps with defaults a real user never reaches, so one account (or a stolen key in a loop) cannot
 * exhaust the host for everyone: projects, and previews serving at once. Counted in Postgres at the moment of
 * asking; two requests racing at the very edge may both pass, which a cap of this size tolerates.
 */
@Injectable()
export class UserCaps {
  constructor(
    private readonly previewSessions: PreviewSessionsRepository,
    private readonly projects: ProjectsRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async assertCanCreateProject(userId: string): Promise<void> {
    const limit = this.env.USER_MAX_PROJECTS;
    const count = await this.projects.countOwned(userId);
    if (count >= limit) {
      throw new DomainError('QUOTA_EXCEEDED', `You have ${count} projects, the most one account may have; delete some to create more.`, { resource: 'projects', limit });
    }
  }

  /** Another preview (not this project's, which may always restart) may start. */
  async assertCanStartPreview(userId: string, projectId: string): Promise<void> {
    const limit = this.env.USER_MAX_RUNNING_PREVIEWS;
    const count = await this.previewSessions.countServing(userId, projectId);
    if (count >= limit) {
      const minutes = Math.ceil(this.env.PREVIEW_IDLE_PAUSE_SECONDS / 60);
      throw new DomainError('QUOTA_EXCEEDED', `${count} of your previews are running, the most one account may run at once; stop one, or one left alone pauses after ${minutes} min.`, {
        resource: 'running_previews',
        limit,
      });
    }
  }
}
