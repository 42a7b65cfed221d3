/**
 * Every background job, typed end to end (STYLE.md "Jobs typed end to end").
 * JobMap names each job and its payload; JOB_QUEUE says which queue carries it. A job missing from
 * JOB_QUEUE does not compile, and the worker refuses to boot unless each job has exactly one handler.
 * Payloads carry ids, never file contents.
 */
export const QUEUES = ['maintenance'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobMap {
  /** Remove everything a deleted project kept outside Postgres (its objects under projects/<id>/). */
  'project.purge': { projectId: string; ownerId: string; requestId?: string };
}

export type JobName = keyof JobMap;

export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'project.purge': 'maintenance',
};

/** Retries and backoff for transient failures, set in one place. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Redis key the worker refreshes while it runs; /health reads it. */
export const WORKER_HEARTBEAT_KEY = 'studio:worker:heartbeat';
export const WORKER_HEARTBEAT_TTL_SECONDS = 15;
