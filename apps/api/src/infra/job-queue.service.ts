import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JOB_OPTIONS, JOB_QUEUE, type JobMap, type JobName, type QueueName } from '@studio/contracts';
import type { Queue } from 'bullmq';

/**
 * The API's one way to start background work: `enqueue(name, data)` is checked against the job map, and
 * the queue, retries and backoff come from libs/contracts. A `jobId` makes a duplicate enqueue a no-op.
 */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<J extends JobName>(name: J, data: JobMap[J], options: { jobId?: string } = {}): Promise<void> {
    const queue = this.queue(JOB_QUEUE[name]);
    await queue.add(name, data, { ...JOB_OPTIONS[JOB_QUEUE[name]], jobId: options.jobId });
  }

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
