import { Processor } from '@nestjs/bullmq';
import { isLastAttempt, type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { UploadHandler } from './upload-handler.js';

/**
 * The `assets` queue: one job per completed upload. Decoding untrusted images is CPU and memory heavy, so a
 * worker process takes two at a time (and one user at most USER_RUNNING_ASSET_JOBS across processes).
 */
@Processor('assets', { concurrency: 2, lockDuration: 60_000 })
export class UploadProcessor extends QueueProcessor<'assets'> {
  readonly queue = 'assets' as const;

  constructor(private readonly uploads: UploadHandler) {
    super();
  }

  protected readonly handlers: JobHandlers<'assets'> = {
    'upload.process': async ({ uploadId, requestId }, job) => {
      try {
        return await this.uploads.process(uploadId, requestId);
      } catch (err) {
        // The store or the database failed: the queue tries again; after the last try the upload must not
        // stay `processing` forever, so it is refused with what went wrong.
        if (isLastAttempt(job)) await this.uploads.giveUp(uploadId, err).catch(() => undefined);
        throw err;
      }
    },
  };
}
