import { randomUUID } from 'node:crypto';
import type { Env } from '@studio/config';
import { JOB_OWNER, type JobMap, type JobName, jobOptions, type QueueName } from '@studio/contracts';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { withRequestId } from '../logging/request-context.js';

/**
 * Fair scheduling over BullMQ's open-source queues, which know only first-in-first-out and priorities.
 *
 * Order: a job's priority is its class (JOB_PRIORITY, contracts) and then its place in its owner's own line
 * (1 for a user's first pending job of the queue, 2 for the second...), never below the owner's latest
 * pending job so one user's jobs keep their own order. BullMQ runs lower numbers first and equal numbers in arrival order, so every user's first job runs
 * before anyone's second: one user's 30 exports do not stand in front of another user's one.
 *
 * Concurrency: a worker that picks a job whose owner already runs `limit` jobs of that queue (counted across
 * every worker process, from live BullMQ job locks, so a dead worker's jobs stop counting when their lock
 * expires) puts it back in `delayed` for about a second; the worker's other slots stay free for other users.
 *
 * Jobs without an owner (JOB_OWNER null: housekeeping, preview syncs) take place 0: first of their class.
 */

// ZADD the job with priority max(n + 1, the owner's highest) unless it is already there; answers the priority.
const ADMIT = `
local existing = redis.call('ZSCORE', KEYS[1], ARGV[1])
if existing then return tonumber(existing) end
local prio = redis.call('ZCARD', KEYS[1]) + 1
local top = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if top[2] and tonumber(top[2]) > prio then prio = tonumber(top[2]) end
if prio > ${2_097_151} then prio = ${2_097_151} end
redis.call('ZADD', KEYS[1], prio, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return prio`;

// Counts the owner's running jobs (members whose BullMQ lock is alive; the others are dropped) and adds this
// one if there is room. ARGV: job id, limit, the queue's key prefix, ttl. Answers 1 when admitted.
// The lock keys are not in KEYS: fine on one Redis (which BullMQ needs anyway), not on a cluster.
const BEGIN = `
local running = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[1] then
    if redis.call('EXISTS', ARGV[3] .. id .. ':lock') == 1 then running = running + 1 else redis.call('SREM', KEYS[1], id) end
  end
end
if running >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** An owner idle this long starts a fresh line: a leaked entry (a job that vanished unseen) cannot linger. */
const LINE_TTL_MS = 3600_000;
/** How long a job that found its owner at the limit waits before it is looked at again (plus jitter). */
export const BUSY_RETRY_MS = 750;

export type FairLimits = { readonly [Q in QueueName]: number };

/** Per-user running limits by queue, from configuration. Housekeeping has no owner, so no limit applies. */
export const fairLimits = (env: Env): FairLimits => ({
  maintenance: Number.MAX_SAFE_INTEGER,
  turns: env.USER_RUNNING_TURNS,
  previews: env.USER_RUNNING_PREVIEW_JOBS,
  exports: env.USER_RUNNING_EXPORTS,
  webhooks: env.USER_RUNNING_WEBHOOKS,
  assets: env.USER_RUNNING_ASSET_JOBS,
  // Publishing builds like a static export does, so the same per-user limit holds.
  sites: env.USER_RUNNING_EXPORTS,
});

const ownerOf = (job: Pick<Job, 'name' | 'data'>): string | null => {
  const owner = JOB_OWNER[job.name as JobName] as ((data: unknown) => string | null) | undefined;
  return owner ? owner(job.data) : null;
};

const lineKey = (queue: string, owner: string) => `${queue}:fair:line:${owner}`;
const runningKey = (queue: string, owner: string) => `${queue}:fair:running:${owner}`;

/** The one way both apps add jobs and the worker starts them, so every path is scheduled the same way. */
export class FairShare {
  constructor(
    private readonly redis: Redis,
    private readonly limits: FairLimits,
  ) {}

  /**
   * Adds a job with its fair priority. `jobId` makes a repeated add a no-op (BullMQ's rule, and ours). The
   * current request id (a request's, a socket message's, a running job's) goes into the data unless it has one,
   * so the job's handling is logged under the id of the work that asked for it.
   */
  async add<J extends JobName>(queue: Queue, name: J, given: JobMap[J], options: { jobId?: string } = {}): Promise<void> {
    const data = withRequestId(given);
    const owner = ownerOf({ name, data });
    if (!owner) {
      await queue.add(name, data, { ...jobOptions(name), jobId: options.jobId });
      return;
    }
    const jobId = options.jobId ?? randomUUID();
    const key = lineKey(queue.qualifiedName, owner);
    const place = Number(await this.redis.eval(ADMIT, 1, key, jobId, LINE_TTL_MS));
    try {
      await queue.add(name, data, { ...jobOptions(name, place), jobId });
    } catch (err) {
      await this.redis.zrem(key, jobId).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs a picked job's work fairly: if its owner has no room it goes back to `delayed` (not an attempt) and
   * the worker's slot is free at once; otherwise it counts as running until it ends, and leaves its owner's
   * line when it succeeded or failed for the last time.
   */
  async run<T>(queue: QueueName, job: Job, lockToken: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!(await this.begin(queue, job))) {
      await job.moveToDelayed(busyRetryAt(), lockToken);
      throw new DelayedError();
    }
    let finished = false;
    try {
      const result = await work();
      finished = true;
      return result;
    } catch (err) {
      finished = !(err instanceof DelayedError) && isLastAttempt(job);
      throw err;
    } finally {
      // Best effort: a count left behind is corrected by the next `begin` (dead locks) or the line's TTL.
      await this.end(job, finished).catch(() => undefined);
    }
  }

  /** Before a job runs: whether its owner has room (and if so, it now counts as running). */
  async begin(queue: QueueName, job: Job): Promise<boolean> {
    const owner = ownerOf(job);
    if (!owner || !job.id) return true;
    const prefix = `${job.queueQualifiedName}:`;
    return (await this.redis.eval(BEGIN, 1, runningKey(job.queueQualifiedName, owner), job.id, this.limits[queue], prefix, LINE_TTL_MS)) === 1;
  }

  /** After a job ran (or went back to waiting): it no longer counts as running; when `finished`, it leaves its owner's line. */
  async end(job: Job, finished: boolean): Promise<void> {
    const owner = ownerOf(job);
    if (!owner || !job.id) return;
    const multi = this.redis.multi().srem(runningKey(job.queueQualifiedName, owner), job.id);
    if (finished) multi.zrem(lineKey(job.queueQualifiedName, owner), job.id);
    await multi.exec();
  }
}

/** Inside a handler: whether a failure now is final. BullMQ counts `attemptsMade` after each failure. */
export const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** When a job that found no room is looked at again: about a second, spread so a flood does not come back at once. */
export const busyRetryAt = () => Date.now() + BUSY_RETRY_MS + Math.floor(Math.random() * BUSY_RETRY_MS);
