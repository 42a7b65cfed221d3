import { Inject, Injectable } from '@nestjs/common';
import type { PreviewStatus, ProjectEventPayloads } from '@studio/contracts';
import { PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';

export type StatusDetails = { version?: number; error?: string; file?: string; line?: number; column?: number };

/** What the preview code tells a project's clients (stored in the project's event log, then sent). */
@Injectable()
export class PreviewNotices {
  constructor(@Inject(PROJECT_EVENTS) private readonly events: Pick<ProjectEventBus, 'publish'>) {}

  async status(projectId: string, status: PreviewStatus, details: StatusDetails = {}): Promise<void> {
    await this.events.publish(projectId, 'preview:status', { status, ...details });
  }

  async updated(projectId: string, version: number, paths: string[]): Promise<void> {
    await this.events.publish(projectId, 'preview:updated', { version, paths });
  }

  async error(projectId: string, error: ProjectEventPayloads['preview:error']): Promise<void> {
    await this.events.publish(projectId, 'preview:error', error);
  }
}
