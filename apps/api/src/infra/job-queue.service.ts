import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, type JobMap, type JobName } from '@studio/contracts';
import type { Queue } from 'bullmq';

/**
 * The API's one way to start background work: `enqueue(name, data)` is checked against the job map, and
 * the queue, retries and backoff come from libs/contracts. A `jobId` makes a duplicate enqueue a no-op.
 */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<J extends JobName>(name: J, data: JobMap[J], options: { jobId?: string } = {}): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    await queue.add(name, data, { ...DEFAULT_JOB_OPTIONS, jobId: options.jobId });
  }
}
