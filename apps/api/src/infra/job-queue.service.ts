import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JOB_QUEUE, type JobMap, type JobName, type QueueName } from '@studio/contracts';
import { FairShare } from '@studio/platform';
import type { Queue } from 'bullmq';

/**
 * The API's one way to start background work: `enqueue(name, data)` is checked against the job map, the
 * queue, retries and backoff come from libs/contracts, and the job's place is fair across users (FairShare).
 * A `jobId` makes a duplicate enqueue a no-op. The current request's id goes into the job's data unless the
 * caller gave one (FairShare.add, for both apps), so the worker logs the job under the request's id.
 */
@Injectable()
export class JobQueue {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly fair: FairShare,
  ) {}

  async enqueue<J extends JobName>(name: J, data: JobMap[J], options: { jobId?: string } = {}): Promise<void> {
    await this.fair.add(this.queue(JOB_QUEUE[name]), name, data, options);
  }

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
