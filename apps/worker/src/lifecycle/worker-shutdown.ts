import { setTimeout as sleep } from 'node:timers/promises';
import type { Draining } from '@studio/platform';
import { ShuttingDown } from '../turns/turn-run.js';

/** What shutting down needs of a BullMQ worker: stop fetching (resolving when its running jobs are done), and close. */
export interface QueueWorker {
  readonly name: string;
  pause(doNotWaitActive?: boolean): Promise<void>;
  close(force?: boolean): Promise<void>;
}

export interface WorkerShutdownDeps {
  draining: Pick<Draining, 'begin'>;
  workers: QueueWorker[];
  /** Aborts every running turn with the reason given; returns how many. */
  turns: { abortAll(reason: Error): number };
  graceMs: number;
  log: (msg: string) => void;
}

// After the grace, how long the aborted turns get to hand themselves back (a few fenced statements each).
const HAND_BACK_MS = 5_000;

/**
 * The worker's graceful shutdown (docs/DEPLOYMENT.md "Shutdown and the grace a deployment must allow"): draining
 * begins (readiness answers 503), no queue takes a new job, running jobs get `graceMs` to finish. Past it, the
 * turns still running are aborted and hand themselves back to the queue (another worker runs them from the
 * start); any other job still running is left to BullMQ's stalled-job check on the other workers (its lock
 * is no longer renewed), which puts it back in its queue. Resolves when the queues are closed.
 */
export async function shutDownWorker(deps: WorkerShutdownDeps): Promise<void> {
  const { workers, graceMs, log } = deps;
  deps.draining.begin();
  // pause() stops fetching at once and resolves when the worker's running jobs have ended.
  const idle = Promise.all(workers.map((w) => w.pause()));
  const grace = new AbortController();
  const inTime = await Promise.race([idle.then(() => true), sleep(graceMs, false, { signal: grace.signal }).catch(() => false)]);
  grace.abort();
  if (!inTime) {
    const aborted = deps.turns.abortAll(new ShuttingDown());
    log(`grace of ${graceMs} ms over: ${aborted} running turn(s) handed back to the queue`);
    const handBack = new AbortController();
    const done = await Promise.race([idle.then(() => true), sleep(HAND_BACK_MS, false, { signal: handBack.signal }).catch(() => false)]);
    handBack.abort();
    if (!done) log('jobs still running are left to the stalled-job check of the other workers');
  }
  // Forced: whatever still runs is not waited for (its lock lapses and another worker's stalled check takes it).
  await Promise.all(workers.map((w) => w.close(!inTime)));
}
