/**
 * Every background job, typed end to end (STYLE.md "Jobs typed end to end").
 * JobMap names each job and its payload; JOB_QUEUE says which queue carries it. A job missing from
 * JOB_QUEUE does not compile, and the worker refuses to boot unless each job has exactly one handler.
 * Payloads carry ids, never file contents.
 */
export const QUEUES = ['maintenance', 'turns', 'previews'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobMap {
  /** Remove everything a deleted project kept outside Postgres (its objects under projects/<id>/). */
  'project.purge': { projectId: string; ownerId: string; requestId?: string };
  /** Run one chat turn. The job id is the turn id, so a duplicated enqueue is a no-op and a retry is recognised. */
  'turn.run': { turnId: string; projectId: string; userId: string; requestId?: string };
  /** Make the project's preview serve its head version: start it (or claim a warm one), or resume it. */
  'preview.start': { projectId: string; userId: string; requestId?: string };
  /** The head moved outside a turn (restore, a person's edit): bring a running preview to it. */
  'preview.sync': { projectId: string; requestId?: string };
  /** Stop the project's preview; `remove` also deletes its container. */
  'preview.stop': { projectId: string; remove: boolean; requestId?: string };
}

export type JobName = keyof JobMap;

export const JOB_QUEUE = {
  'project.purge': 'maintenance',
  'turn.run': 'turns',
  'preview.start': 'previews',
  'preview.sync': 'previews',
  'preview.stop': 'previews',
} as const satisfies { readonly [J in JobName]: QueueName };

/** Retries and backoff for transient failures, set in one place. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * A turn job is not retried by BullMQ's attempts (a turn that called the model must not silently call it
 * again): its processor records every failure on the turn itself. One retry covers a worker that could not
 * even reach the database; a worker that dies mid-turn is caught by the stalled-job check instead.
 */
export const TURN_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * Preview jobs are asked for again by the next visit, so a failure is reported (preview:status error) and
 * not retried for long; finished jobs are dropped at once so the same job id (one per project) can run again.
 */
export const PREVIEW_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 500 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;

/** Per-job options by queue; the default elsewhere. */
export const JOB_OPTIONS: { readonly [Q in QueueName]: typeof DEFAULT_JOB_OPTIONS | typeof TURN_JOB_OPTIONS | typeof PREVIEW_JOB_OPTIONS } = {
  maintenance: DEFAULT_JOB_OPTIONS,
  turns: TURN_JOB_OPTIONS,
  previews: PREVIEW_JOB_OPTIONS,
};

/** Redis pub/sub channel on which the API asks the worker running a turn to stop it (payload: the turn id). */
export const TURN_CANCEL_CHANNEL = 'studio:turn-cancel';

/** Redis key the worker refreshes while it runs; /health reads it. */
export const WORKER_HEARTBEAT_KEY = 'studio:worker:heartbeat';
export const WORKER_HEARTBEAT_TTL_SECONDS = 15;
