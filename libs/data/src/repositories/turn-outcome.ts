import type { ErrorBody, FileChangeView, RefusedChangeView, RenderCheckView, StoredProjectEvent, TurnStatus, TurnWarningView, UsageView } from '@studio/contracts';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { ChatMessageMeta } from '../entities/chat-message.entity.js';
import type { TurnEntity } from '../entities/turn.entity.js';

/** What the worker may do with a turn job, decided under the project's lock. */
export type Claim =
  | { kind: 'run'; turn: TurnEntity & { baseVersion: number }; lease: number }
  /** Status was already `running`: the worker that ran it died (or lost its job); `lease` fences it out. */
  | { kind: 'recover'; turn: TurnEntity; lease: number }
  /** An earlier turn of the project has not finished: this one waits its turn. */
  | { kind: 'wait' }
  /**
   * Status is `running` and its worker still beats (turns.heartbeat_at): the job came back through BullMQ's
   * stalled check (a Redis restart, a blip), not because the worker died. Looked at again later; taken over
   * only once the heartbeat is stale.
   */
  | { kind: 'alive' }
  | { kind: 'finished'; status: TurnStatus };

/** How a turn ended, and what it leaves in its row (and in the assistant's chat message). */
export interface Outcome {
  status: 'completed' | 'failed' | 'cancelled';
  response?: string;
  version?: number | null;
  changes?: FileChangeView[];
  refused?: RefusedChangeView[];
  warnings?: TurnWarningView[];
  render?: RenderCheckView | null;
  usage?: UsageView | null;
  error?: ErrorBody | null;
}

/** What sending a message did: too little budget left, no such project (of this user), too many turns waiting, or a queued turn. */
export type Enqueued =
  | { kind: 'over-budget'; remainingMicroUsd: number; monthlyMicroUsd: number; periodEnd: string }
  | { kind: 'not-found' }
  | { kind: 'too-many'; waiting: number }
  /** `event` is the stored `turn:queued`, for the caller to send once the turn is committed. */
  | { kind: 'queued'; event: StoredProjectEvent<'turn:queued'> };

/** The columns an outcome sets on the turn's row. */
export function outcomeRow(o: Outcome): QueryDeepPartialEntity<TurnEntity> {
  const row: Partial<TurnEntity> = {
    status: o.status,
    finishedAt: new Date(),
    pendingCommit: null,
    ...(o.response !== undefined ? { response: o.response } : {}),
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.changes ? { changes: o.changes } : {}),
    ...(o.refused ? { refused: o.refused, partial: o.refused.length > 0 } : {}),
    ...(o.warnings ? { warnings: o.warnings } : {}),
    ...(o.render !== undefined ? { render: o.render } : {}),
    ...(o.usage !== undefined ? { usage: o.usage } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}),
  };
  // jsonb columns (error, usage...) hold plain JSON; TypeORM's deep-partial type cannot see that.
  return row as QueryDeepPartialEntity<TurnEntity>;
}

/** The columns that fail a turn which never reached its own end (not enqueued, or given up on by the queue). */
export function failedRow(error: ErrorBody): QueryDeepPartialEntity<TurnEntity> {
  const row: Partial<TurnEntity> = { status: 'failed', error, finishedAt: new Date() };
  // As above: `error` is plain JSON in a jsonb column.
  return row as QueryDeepPartialEntity<TurnEntity>;
}

/**
 * What the assistant's message must say beside the model's words: what was not applied and why. A failed turn's
 * message is partial by definition (nothing of it landed).
 */
export function messageMeta(o: Outcome): ChatMessageMeta | null {
  const refused = o.refused ?? [];
  const warnings = o.warnings ?? [];
  const partial = o.status !== 'completed' || refused.length > 0;
  return partial || warnings.length ? { partial, refused, warnings } : null;
}
