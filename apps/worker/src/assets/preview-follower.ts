import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { FairShare } from '@studio/platform';
import type { Queue } from 'bullmq';

/**
 * Asks the previews queue to bring a project's running preview to its new head (`preview.sync`, as the API
 * does after a person's edit). Fire and forget: the version has landed whatever the preview does, and a
 * project with no running preview makes the job a no-op.
 */
@Injectable()
export class PreviewFollower {
  private readonly logger = new Logger(PreviewFollower.name);

  constructor(
    @InjectQueue('previews') private readonly queue: Queue,
    private readonly fair: FairShare,
  ) {}

  follow(projectId: string, requestId?: string): void {
    this.fair.add(this.queue, 'preview.sync', { projectId, ...(requestId ? { requestId } : {}) }).catch((err) => this.logger.warn({ msg: 'preview.sync not queued', projectId, err: String(err) }));
  }
}
