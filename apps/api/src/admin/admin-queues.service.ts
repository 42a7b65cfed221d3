import { Injectable } from '@nestjs/common';
import { type FailedJobView, QUEUES, type QueueName, type QueueView } from '@studio/contracts';
import type { Job, Queue } from 'bullmq';
import { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../common/domain-error.js';
import { JobQueue } from '../infra/job-queue.service.js';

// BullMQ's own ids are numbers; ours (jobId) are uuids and names like `preview-start-<uuid>`.
const JOB_ID = /^[A-Za-z0-9:._-]{1,200}$/;
const MAX_ERROR_CHARS = 2000;
const MAX_ID_CHARS = 200;

const isQueue = (name: string): name is QueueName => (QUEUES as readonly string[]).includes(name);

/**
 * Only the ids of a job's payload (`projectId`, `ownerId`, `requestId`...): a payload may carry a message,
 * a webhook's body or a URL, which an admin's view must not spread.
 */
export function idsOf(data: unknown): Record<string, string | number> {
  if (!data || typeof data !== 'object') return {};
  const ids: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!/Id$/.test(key)) continue;
    if (typeof value === 'string') ids[key] = value.slice(0, MAX_ID_CHARS);
    else if (typeof value === 'number') ids[key] = value;
  }
  return ids;
}

/** The worker's queues for admins: depth by state, the dead letters (failed after their last retry), retry and discard. */
@Injectable()
export class AdminQueuesService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
  ) {}

  async queues(adminId: string): Promise<QueueView[]> {
    const views = await Promise.all(
      QUEUES.map(async (name): Promise<QueueView> => {
        const queue = this.jobs.queue(name);
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
        return {
          name,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          prioritized: counts.prioritized ?? 0,
          failed: counts.failed ?? 0,
          paused: await queue.isPaused(),
        };
      }),
    );
    await this.record(adminId, 'admin.queues_viewed', {});
    return views;
  }

  async failed(adminId: string, name: string, limit: number): Promise<FailedJobView[]> {
    const queue = this.queue(name);
    const jobs = await queue.getFailed(0, limit - 1);
    await this.record(adminId, 'admin.queues_viewed', { queue: name, failed: jobs.length });
    return jobs.filter((job): job is Job & { id: string } => Boolean(job?.id)).map((job) => view(name, job));
  }

  /** Back to waiting, its attempts counted afresh. */
  async retry(adminId: string, name: string, id: string): Promise<void> {
    const job = await this.failedJob(name, id);
    await job.retry('failed');
    await this.record(adminId, 'admin.job_retried', { queue: name, jobId: id, job: job.name });
  }

  /** Removed for good (the work it stood for is abandoned). */
  async discard(adminId: string, name: string, id: string): Promise<void> {
    const job = await this.failedJob(name, id);
    await job.remove();
    await this.record(adminId, 'admin.job_discarded', { queue: name, jobId: id, job: job.name });
  }

  private queue(name: string): Queue {
    if (!isQueue(name)) throw new DomainError('NOT_FOUND', 'No such queue.');
    return this.jobs.queue(name);
  }

  /** Only a job that failed after its last retry may be retried or discarded (a running job belongs to its worker). */
  private async failedJob(name: string, id: string): Promise<Job> {
    const queue = this.queue(name);
    const job = JOB_ID.test(id) ? await queue.getJob(id) : undefined;
    if (!job || !(await job.isFailed())) throw new DomainError('JOB_NOT_FOUND', 'No failed job with this id in this queue.');
    return job;
  }

  private record(adminId: string, action: 'admin.queues_viewed' | 'admin.job_retried' | 'admin.job_discarded', details: Record<string, unknown>) {
    const target = typeof details.jobId === 'string' ? { type: 'job', id: `${details.queue}/${details.jobId}` } : undefined;
    return this.audit.record({ action, actor: { kind: 'admin', userId: adminId }, subjectUserId: null, target, details });
  }
}

function view(queue: string, job: Job & { id: string }): FailedJobView {
  return {
    queue,
    id: job.id,
    name: job.name,
    data: idsOf(job.data),
    error: (job.failedReason ?? '').slice(0, MAX_ERROR_CHARS),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
