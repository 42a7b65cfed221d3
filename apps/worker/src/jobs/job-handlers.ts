import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { JOB_QUEUE, type JobMap, type JobName, type QueueName } from '@studio/contracts';
import { FairShare, runInLogContext } from '@studio/platform';
import { DelayedError, type Job } from 'bullmq';

/** The jobs a queue carries, derived from JOB_QUEUE. */
export type JobsOf<Q extends QueueName> = { [J in JobName]: (typeof JOB_QUEUE)[J] extends Q ? J : never }[JobName];

/** One handler per job of the queue: a job added to the queue without a handler here does not compile. */
export type JobHandlers<Q extends QueueName> = { [J in JobsOf<Q>]: (data: JobMap[J], job: Job<JobMap[J]>, lockToken?: string) => Promise<unknown> };

/**
 * Base of every queue processor: dispatches by job name to its handler and lets failures propagate, so
 * BullMQ records the attempt and retries with backoff (never swallow an error here).
 */
export abstract class QueueProcessor<Q extends QueueName> extends WorkerHost {
  abstract readonly queue: Q;
  protected abstract readonly handlers: JobHandlers<Q>;
  protected readonly logger = new Logger(this.constructor.name);
  // Property injection: every processor gets it without passing it through its own constructor.
  @Inject(FairShare) protected readonly fair!: FairShare;

  handledJobs(): string[] {
    return Object.keys(this.handlers);
  }

  /**
   * BullMQ's own errors (a lock it could not renew, a connection lost): logged as JSON lines like everything
   * else. Without a listener BullMQ prints them to stderr as plain text, which a log pipeline cannot parse.
   * Warnings, not failures: the job's outcome is decided elsewhere (a lost lock, by Postgres's claim).
   */
  @OnWorkerEvent('error')
  onWorkerError(err: Error) {
    this.logger.warn({ msg: `${this.queue} queue: ${err?.message ?? err}` });
  }

  async process(job: Job, lockToken?: string): Promise<unknown> {
    const handler = (this.handlers as Record<string, (data: unknown, job: Job, lockToken?: string) => Promise<unknown>>)[job.name];
    if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${this.queue}"`);
    const context = { job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, requestId: (job.data as { requestId?: string })?.requestId };
    // Every line the handler logs (the events it publishes included) carries the job and the request id of the
    // request that enqueued it; jobs it enqueues carry that id on.
    return runInLogContext(context, () => this.handle(job, handler, context, lockToken));
  }

  private handle(job: Job, handler: (data: unknown, job: Job, lockToken?: string) => Promise<unknown>, context: { job: string }, lockToken?: string): Promise<unknown> {
    // Fairly: a job whose owner already runs as many as a user may goes back to waiting, unlogged.
    return this.fair.run(this.queue, job, lockToken, async () => {
      const started = performance.now();
      try {
        const result = await handler(job.data, job, lockToken);
        // The context is on the line already in JSON logs (runInLogContext); the job's name keeps pretty logs readable.
        this.logger.log({ msg: `job done: ${context.job}`, ms: Math.round(performance.now() - started) });
        return result;
      } catch (err) {
        // A job moved back to delayed (waiting its turn) is not a failure.
        if (err instanceof DelayedError) throw err;
        this.logger.error({ msg: `job failed: ${context.job}`, err: String((err as Error)?.stack ?? err) });
        throw err;
      }
    });
  }
}

export { isLastAttempt } from '@studio/platform';

/**
 * Refuses to start a worker in which some job has no handler, or two, or a handler sits on the wrong
 * queue: a job would otherwise wait forever, or run twice.
 */
export function assertHandlerCoverage(processors: { readonly queue: QueueName; handledJobs(): string[] }[]): void {
  const owners = new Map<string, string[]>();
  for (const p of processors) {
    for (const job of p.handledJobs()) {
      if (JOB_QUEUE[job as JobName] !== p.queue) throw new Error(`Job "${job}" is handled on queue "${p.queue}" but belongs to "${JOB_QUEUE[job as JobName]}"`);
      owners.set(job, [...(owners.get(job) ?? []), p.constructor.name]);
    }
  }
  for (const job of Object.keys(JOB_QUEUE)) {
    const found = owners.get(job) ?? [];
    if (found.length !== 1) throw new Error(`Job "${job}" must have exactly one handler; found ${found.length ? found.join(', ') : 'none'}`);
  }
}
