import { InjectQueue, OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { JobMap } from '@studio/contracts';
import { TURN_HEARTBEAT_MS, TurnsRepository } from '@studio/data';
import { ENV, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { Cancellations } from './cancellations.js';
import { TurnPipeline } from './turn-pipeline.js';
import { shuttingDown } from './turn-run.js';

// A turn waiting behind another of its project looks again after this long, unless promoted sooner.
const WAIT_RECHECK_MS = 3000;
/**
 * How often a turn's job that BullMQ failed as stalled is put back in line. BullMQ never resets a job's stall
 * count, so once past maxStalledCount every further stall fails it again; each fault (a worker's death, a Redis
 * restart) costs about one.
 */
const MAX_REVIVALS = 5;
/** BullMQ's reason for a job that stalled more than `maxStalledCount` times (moveStalledJobsToWait). */
const STALLED_OUT = 'job stalled more than allowable limit';

/**
 * The `turns` queue. A job's id is its turn's id, so a duplicate enqueue is a no-op; whether a job may run
 * is decided in Postgres (`TurnsRepository.claim`): one turn of a project at a time, oldest first. A job whose turn
 * must wait goes back to `delayed` and is promoted when the turn ahead of it ends. A job whose worker died is
 * found by BullMQ's stalled check (lock 10 s, checked every 5 s) and recovered once its heartbeat is stale: its
 * recorded commit lands, or it runs again from the start if nothing of it was shown or billed, or it fails
 * TURN_INTERRUPTED (TurnPipeline.recover); never committed twice.
 */
@Processor('turns', { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1 })
export class TurnProcessor extends QueueProcessor<'turns'> implements OnApplicationBootstrap {
  readonly queue = 'turns' as const;

  constructor(
    @Inject(TurnsRepository) private readonly store: Pick<TurnsRepository, 'claim' | 'waiting' | 'failInterrupted' | 'beat'>,
    private readonly pipeline: TurnPipeline,
    private readonly cancellations: Cancellations,
    @InjectQueue('turns') private readonly turns: Queue,
    @Inject(PROJECT_EVENTS) private readonly bus: ProjectEventBus,
    @Inject(ENV) private readonly env: Env,
    private readonly webhooks: WebhookPublisher,
  ) {
    super();
  }

  onApplicationBootstrap() {
    this.worker.concurrency = this.env.TURN_CONCURRENCY;
  }

  protected readonly handlers: JobHandlers<'turns'> = {
    'turn.run': async ({ turnId, projectId }, job, lockToken) => {
      const claim = await this.store.claim(turnId, projectId);
      switch (claim.kind) {
        case 'wait':
          return backInLine(job, lockToken, WAIT_RECHECK_MS);
        case 'alive':
          // After a Redis restart the job may be held under another worker's lock by now ("Lock mismatch"): it is
          // not ours to move, and not a failure (a failed job would fail the live turn in onFailed).
          return backInLine(job, lockToken, WAIT_RECHECK_MS, { unlessLockedElsewhere: true });
        case 'finished':
          await this.startNext(projectId);
          return { status: claim.status };
        case 'recover': {
          const outcome = await this.beating(turnId, claim.lease, () => this.pipeline.recover(claim.turn, claim.lease));
          // Queued again, nothing of it shown: it runs from the start, now (not an attempt).
          if (outcome === 'handed-back') return backInLine(job, lockToken, 0);
          break;
        }
        case 'run': {
          const { signal, release } = this.cancellations.register(turnId);
          try {
            await this.beating(turnId, claim.lease, () => this.pipeline.run({ ...claim.turn, baseVersion: claim.turn.baseVersion! }, claim.lease, signal));
          } finally {
            release();
          }
          // Handed back (or its commit left for the next claim to recover): the job goes back in the queue at
          // once, for a worker that is not shutting down; not an attempt.
          if (shuttingDown(signal)) return backInLine(job, lockToken, 0);
        }
      }
      await this.startNext(projectId);
      return { status: 'done' };
    },
  };

  /**
   * A job BullMQ gave up on. Two kinds:
   * - It stalled: BullMQ lost its lock (a worker died, or Redis restarted or failed over under a live worker) and
   *   counted it against the job. Whether the turn can still run is Postgres's to say, not BullMQ's: the job goes
   *   back in line (`revive`) and its next claim decides (a live worker's heartbeat: wait; a dead one's: recover,
   *   landing a recorded commit or failing TURN_INTERRUPTED). Bounded, so a turn whose recovery kills
   *   workers still ends.
   * - Its attempts ran out (the database was unreachable twice): its turn is failed where the person sees it.
   * Either way the project's queue does not wait on it forever.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<JobMap['turn.run']> | undefined, err: Error) {
    if (!job || job.name !== 'turn.run') return;
    const stalled = err.message === STALLED_OUT;
    if (!stalled && job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { turnId, projectId, userId } = job.data;
    if (stalled && (await this.revive(job))) return;
    const error = { code: 'TURN_INTERRUPTED' as const, message: 'This turn could not be run; nothing was committed. Send the message again.' };
    const failed = await this.store.failInterrupted(turnId, error).catch(() => false);
    if (failed) {
      await this.bus.publish(projectId, 'turn:failed', { turnId, error }).catch(() => undefined);
      this.webhooks.publish(userId, 'turn.failed', { projectId, turnId, error });
    }
    await this.startNext(projectId).catch(() => undefined);
  }

  /**
   * Puts a stalled-out job back in line (same id, attempts reset), counting revivals in its data; false once it
   * was revived MAX_REVIVALS times or could not be moved (it stays failed, visible in the admin's queues view).
   */
  private async revive(job: Job<JobMap['turn.run']>): Promise<boolean> {
    const revived = job.data.revived ?? 0;
    if (revived >= MAX_REVIVALS) return false;
    try {
      await job.updateData({ ...job.data, revived: revived + 1 });
      await job.retry('failed', { resetAttemptsMade: true });
      this.logger.warn({ msg: 'turn job revived after a stall', turnId: job.data.turnId, revived: revived + 1 });
      return true;
    } catch (err) {
      this.logger.error({ msg: 'turn job could not be revived', turnId: job.data.turnId, err: String(err) });
      return false;
    }
  }

  /**
   * Runs `work` while refreshing the turn's heartbeat in Postgres, so that a claim after a Redis restart (BullMQ
   * thinking the job stalled) leaves a turn whose worker is alive alone. A failed beat is only logged: the
   * lease fences the turn's writes either way.
   */
  private async beating<T>(turnId: string, lease: number, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void this.store.beat(turnId, lease).catch(() => undefined), TURN_HEARTBEAT_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** The next waiting turn of the project runs now (its job leaves `delayed`); the others learn their new place. */
  private async startNext(projectId: string) {
    const waiting = await this.store.waiting(projectId);
    if (!waiting.length) return;
    const next = await this.turns.getJob(waiting[0]);
    await next?.promote().catch(() => undefined); // not delayed (yet): it will claim on its own
    await Promise.all(waiting.map((turnId, position) => this.bus.publish(projectId, 'turn:queued', { turnId, position })));
  }
}

/**
 * Puts the job back in the queue after `delayMs` (0: at once) without counting an attempt: the one way a turn's
 * job waits, whatever the reason. `unlessLockedElsewhere`: a job another worker's lock now holds is left alone.
 */
async function backInLine(job: Job, lockToken: string | undefined, delayMs: number, opts: { unlessLockedElsewhere?: boolean } = {}): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, lockToken).catch((err: Error) => {
    if (!opts.unlessLockedElsewhere || !/lock/i.test(err.message)) throw err;
  });
  throw new DelayedError();
}
