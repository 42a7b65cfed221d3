/**
 * Every background job, typed end to end (docs/STYLE.md "Jobs typed end to end").
 * JobMap names each job and its payload; JOB_QUEUE says which queue carries it. A job missing from
 * JOB_QUEUE does not compile, and the worker refuses to boot unless each job has exactly one handler.
 * Payloads carry ids, never file contents.
 */
export const QUEUES = ['maintenance', 'turns', 'previews', 'exports', 'webhooks', 'assets', 'sites'] as const;
export type QueueName = (typeof QUEUES)[number];

/** What every job may carry: the id of the request (or socket message, or job) that caused it, for its logs. */
export interface Traced {
  requestId?: string;
}

export interface JobMap {
  /** Remove everything a deleted project kept outside Postgres (its objects under projects/<id>/). */
  'project.purge': { projectId: string; ownerId: string; requestId?: string };
  /** Run one chat turn. The job id is the turn id, so a duplicated enqueue is a no-op and a retry is recognised. */
  'turn.run': {
    turnId: string;
    projectId: string;
    userId: string;
    requestId?: string /** How often the job was put back in line after BullMQ failed it as stalled (TurnProcessor.revive). */;
    revived?: number;
  };
  /** Make the project's preview serve its head version: start it (or claim a warm one), or resume it. */
  'preview.start': { projectId: string; userId: string; requestId?: string };
  /** The head moved outside a turn (restore, a person's edit): bring a running preview to it. */
  'preview.sync': { projectId: string; requestId?: string };
  /**
   * Stop the project's preview; `remove` also deletes its container. `ifArchived` (the archiver's): only if the
   * project is still archived when the stop runs, so a visit in between keeps the preview it started.
   */
  'preview.stop': { projectId: string; remove: boolean; ifArchived?: boolean; requestId?: string };
  /** Build one export (its row says what): a source zip from the store, or a static site built in a container. */
  'export.build': { exportId: string; ownerId: string; requestId?: string };
  /** Delete exports past their expiry, zips first (a repeatable job). */
  'exports.expire': Traced;
  /** Something happened that webhooks may want: make a delivery for each of the owner's webhooks that asked for it. */
  'webhook.dispatch': { ownerId: string; event: WebhookEvent; data: Record<string, unknown>; requestId?: string };
  /** One delivery attempt; a failure is retried with backoff by the queue. */
  'webhook.deliver': { deliveryId: string; ownerId: string; requestId?: string };
  /**
   * Check the bytes an upload put in the object store (type, size, pixels), clean them (metadata, SVG script),
   * make the variants, and commit them as an asset version (purpose `asset`) or keep them for a chat message.
   */
  'upload.process': { uploadId: string; ownerId: string; requestId?: string };
  /** Mark pending uploads past their expiry `expired` and delete whatever bytes they left (a repeatable job). */
  'uploads.expire': Traced;
  /**
   * Publish one deployment (its row says which version of which site): build it in the network-less builder,
   * add what search engines and sharing need, compress, store it, and make it live in one transaction.
   */
  'deployment.build': { deploymentId: string; ownerId: string; requestId?: string };
  /** Delete the files of deployments past each site's retention (never the live one; a repeatable job). */
  'deployments.prune': Traced;
  /** Look up the TXT record of every verified custom domain again; one whose record is gone is no longer served. */
  'domains.recheck': Traced;
  /**
   * Storage lifecycle (a repeatable job each): delete blobs no version, pending commit or live claim refers to;
   * archive projects untouched for PROJECT_ARCHIVE_AFTER_DAYS; delete audit records past AUDIT_RETENTION_DAYS.
   * Each run's report (what it removed) is kept in maintenance_runs.
   */
  'blobs.collect': Traced;
  'projects.archive': Traced;
  'audit.prune': Traced;
}

/** What a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['project.version.created', 'turn.completed', 'turn.failed', 'export.ready', 'site.published', 'form.submitted', 'budget.warning'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type JobName = keyof JobMap;

export const JOB_QUEUE = {
  'project.purge': 'maintenance',
  'turn.run': 'turns',
  'preview.start': 'previews',
  'preview.sync': 'previews',
  'preview.stop': 'previews',
  'export.build': 'exports',
  'exports.expire': 'maintenance',
  'webhook.dispatch': 'webhooks',
  'webhook.deliver': 'webhooks',
  'upload.process': 'assets',
  'uploads.expire': 'maintenance',
  'deployment.build': 'sites',
  'deployments.prune': 'maintenance',
  'domains.recheck': 'maintenance',
  'blobs.collect': 'maintenance',
  'projects.archive': 'maintenance',
  'audit.prune': 'maintenance',
} as const satisfies { readonly [J in JobName]: QueueName };

/**
 * Whose work each job is, for fair scheduling (libs/platform fairness): jobs of one user wait behind other
 * users' earlier work only in turn, and one user runs only so many at once. `null`: the platform's own
 * housekeeping, or a short follow-up of work already admitted (a preview sync or stop), which goes first.
 */
export const JOB_OWNER: { readonly [J in JobName]: (data: JobMap[J]) => string | null } = {
  'project.purge': () => null,
  'turn.run': (d) => d.userId,
  'preview.start': (d) => d.userId,
  'preview.sync': () => null,
  'preview.stop': () => null,
  'export.build': (d) => d.ownerId,
  'exports.expire': () => null,
  'webhook.dispatch': (d) => d.ownerId,
  'webhook.deliver': (d) => d.ownerId,
  'upload.process': (d) => d.ownerId,
  'uploads.expire': () => null,
  'deployment.build': (d) => d.ownerId,
  'deployments.prune': () => null,
  'domains.recheck': () => null,
  'blobs.collect': () => null,
  'projects.archive': () => null,
  'audit.prune': () => null,
};

/**
 * Dead letters (docs/ARCHITECTURE.md "Job priorities"): a job that exhausted its retries stays in its queue's
 * failed set, where an admin sees it and retries or discards it, until this many newer failures push it out.
 * Capped by count, not by age: a failure nobody looked at for a week is still there to look at.
 */
export const DEAD_LETTERS_KEPT = { count: 10_000 } as const;

/** Retries and backoff for transient failures, set in one place. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: DEAD_LETTERS_KEPT,
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
  removeOnFail: DEAD_LETTERS_KEPT,
} as const;

/**
 * Preview jobs are asked for again by the next visit, so a failure is reported (preview:status error) and
 * not retried for long; finished jobs are dropped at once so the same job id (one per project) can run again.
 * Not dead letters therefore: a failed preview job kept in the failed set would swallow the next visit's.
 */
export const PREVIEW_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 500 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;

/**
 * An export that fails for a transient reason (the store, the engine) is tried once more; a build error is
 * final (its processor marks the export failed and does not throw).
 */
export const EXPORT_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: DEAD_LETTERS_KEPT,
} as const;

/**
 * Webhook deliveries retry with exponential backoff (1 s, 2 s, 4 s... about a minute in all); every attempt
 * is in the delivery log.
 */
export const WEBHOOK_JOB_OPTIONS = {
  attempts: 7,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: DEAD_LETTERS_KEPT,
} as const;

type JobOptions = typeof DEFAULT_JOB_OPTIONS | typeof TURN_JOB_OPTIONS | typeof PREVIEW_JOB_OPTIONS | typeof EXPORT_JOB_OPTIONS | typeof WEBHOOK_JOB_OPTIONS;

/** Per-job options by queue; the default elsewhere. */
export const JOB_OPTIONS: { readonly [Q in QueueName]: JobOptions } = {
  maintenance: DEFAULT_JOB_OPTIONS,
  turns: TURN_JOB_OPTIONS,
  previews: PREVIEW_JOB_OPTIONS,
  exports: EXPORT_JOB_OPTIONS,
  webhooks: WEBHOOK_JOB_OPTIONS,
  // An upload that failed for a transient reason (the store) is tried again; a refusal is final (not thrown).
  assets: EXPORT_JOB_OPTIONS,
  // A publish that failed for a transient reason (the store, the engine, a bucket) is tried again; a build error is final.
  sites: EXPORT_JOB_OPTIONS,
};

/**
 * Job priorities (docs/ARCHITECTURE.md "Job priorities"): the class of each job inside its queue, lower first.
 * Across classes nothing is shared: each queue has its own worker slots (per-queue concurrency), so a flood
 * of webhooks or maintenance never takes a turn's slot, and a stream of turns never starves a webhook either.
 * Inside one queue the class goes before the owner's place in line (FairShare): a preview's sync and stop
 * (short follow-ups of work already running, whose order with a later start must hold) before a start.
 * The order of the values also says which work comes first overall: turns, previews, uploads, exports and
 * publishes, webhooks, then maintenance.
 */
export const JOB_PRIORITY = {
  'turn.run': 1,
  'preview.sync': 2,
  'preview.stop': 2,
  'preview.start': 3,
  'upload.process': 4,
  'export.build': 5,
  'deployment.build': 5,
  'webhook.deliver': 6,
  'webhook.dispatch': 6,
  'project.purge': 7,
  'exports.expire': 7,
  'uploads.expire': 7,
  'deployments.prune': 7,
  'domains.recheck': 7,
  'blobs.collect': 7,
  'projects.archive': 7,
  'audit.prune': 7,
} as const satisfies { readonly [J in JobName]: number };

/** Room for a place in an owner's line under one class (BullMQ priorities end at 2^21). */
export const PRIORITY_BAND = 100_000;

/**
 * The options of every job added anywhere (FairShare.add, repeatable jobs' templates): its queue's retries
 * and dead-letter keeping, and a BullMQ priority from its class and `place` (the owner's place in line).
 */
export function jobOptions<J extends JobName>(name: J, place = 0): JobOptions & { priority: number } {
  const inLine = Math.min(Math.max(0, Math.floor(place)), PRIORITY_BAND - 1);
  return { ...JOB_OPTIONS[JOB_QUEUE[name]], priority: JOB_PRIORITY[name] * PRIORITY_BAND + inLine };
}

/** Jobs without a payload (a request id at most): the repeatable ones (a job scheduler adds one every so often). */
export type RepeatableJobName = { [J in JobName]: Traced extends JobMap[J] ? J : never }[JobName];

/** What a job scheduler adds each time (`queue.upsertJobScheduler(name, { every }, repeatableJob(name))`). */
export const repeatableJob = <J extends RepeatableJobName>(name: J) => {
  const data: Traced = {};
  return { name, data, opts: jobOptions(name) };
};

/** Redis pub/sub channel on which the API asks the worker running a turn to stop it (payload: the turn id). */
export const TURN_CANCEL_CHANNEL = 'studio:turn-cancel';

/**
 * Redis pub/sub channel on which whoever changes what a site serves (the worker activating a deployment, the API
 * rolling back, unpublishing, verifying or removing a domain) tells every site host to forget what it cached
 * for that site (payload: the site id), so a rollback is immediate on every process.
 */
export const SITE_CHANGED_CHANNEL = 'studio:site-changed';

/** Redis key the worker refreshes while it runs; /health reads it. */
export const WORKER_HEARTBEAT_KEY = 'studio:worker:heartbeat';
export const WORKER_HEARTBEAT_TTL_SECONDS = 15;
