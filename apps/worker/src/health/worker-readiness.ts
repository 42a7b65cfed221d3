import { type DependencyState, readiness } from '@studio/platform';

/** What readiness needs to know of one BullMQ worker (a processor's `worker`). */
export interface QueueWorkerState {
  queue: string;
  running: boolean;
  paused: boolean;
}

export type WorkerState = 'running' | 'paused' | 'stopped';

/**
 * The worker is ready when the shared rule holds (Postgres, Redis and the object store up, not draining) and
 * every queue's BullMQ worker is running and not paused: a worker that stopped taking jobs of one queue is
 * not ready, even though the process still answers (that is liveness).
 */
export function workerReadiness(dependencies: Record<string, DependencyState>, workers: QueueWorkerState[], draining: boolean) {
  const shared = readiness(dependencies, draining);
  const states: Record<string, WorkerState> = Object.fromEntries(workers.map((w) => [w.queue, w.paused ? 'paused' : w.running ? 'running' : 'stopped']));
  const ok = shared.status === 200 && workers.length > 0 && Object.values(states).every((s) => s === 'running');
  return { status: ok ? 200 : 503, body: { ...shared.body, status: ok ? 'ready' : 'not_ready', workers: states } } as const;
}
