import { Processor } from '@nestjs/bullmq';
import { isLastAttempt, type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { DeploymentPublisher } from './deployment-publisher.js';

/**
 * The `sites` queue: one `deployment.build` job per deployment (its job id is the deployment id). The work is
 * DeploymentPublisher's; here it meets the queue: a transient failure is thrown for a retry, and on the last
 * attempt it becomes the deployment's PUBLISH_FAILED.
 */
@Processor('sites', { concurrency: 2, lockDuration: 60_000 })
export class DeploymentProcessor extends QueueProcessor<'sites'> {
  readonly queue = 'sites' as const;

  constructor(private readonly publisher: DeploymentPublisher) {
    super();
  }

  protected readonly handlers: JobHandlers<'sites'> = {
    'deployment.build': ({ deploymentId, requestId }, job) => this.publisher.run(deploymentId, { last: isLastAttempt(job), ...(requestId ? { requestId } : {}) }),
  };
}
