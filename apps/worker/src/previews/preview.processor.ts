import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ProjectLifecycleRepository } from '@studio/data';
import { type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { PreviewManager } from './preview-manager.js';

/**
 * The `previews` queue: start (or resume), follow the head, stop. Each job locks its project, so they may
 * run side by side for different projects; a cold start mostly waits on the engine.
 */
// A worker that dies mid-start is noticed within seconds (as for turns), and its job runs again.
@Processor('previews', { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 })
export class PreviewProcessor extends QueueProcessor<'previews'> {
  readonly queue = 'previews' as const;

  constructor(
    @Inject(PreviewManager) private readonly manager: Pick<PreviewManager, 'ensure' | 'follow' | 'stop'>,
    @Inject(ProjectLifecycleRepository) private readonly lifecycle: Pick<ProjectLifecycleRepository, 'isArchived'>,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<'previews'> = {
    'preview.start': ({ projectId, userId }) => this.manager.ensure(projectId, userId),
    'preview.sync': ({ projectId }) => this.manager.follow(projectId),
    // The archiver's stop: a visit since the archiving (archived_at cleared) keeps the preview it started.
    'preview.stop': ({ projectId, remove, ifArchived }) => this.manager.stop(projectId, remove, ifArchived ? () => this.lifecycle.isArchived(projectId) : undefined),
  };
}
