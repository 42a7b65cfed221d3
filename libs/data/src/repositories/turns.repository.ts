import type { ErrorBody } from '@studio/contracts';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ChatMessageEntity, type StoredChatAttachment } from '../entities/chat-message.entity.js';
import { ConversationSummaryEntity } from '../entities/conversation-summary.entity.js';
import { type PendingCommit, TurnEntity } from '../entities/turn.entity.js';
import { TurnEventEntity } from '../entities/turn-event.entity.js';
import type { EnqueueBudget } from './budget-rule.js';
import { type Claim, type Enqueued, failedRow, messageMeta, type Outcome, outcomeRow } from './turn-outcome.js';
import { type EndedCall, ledgerSummary, RECORD_CALL, settleTurn } from './turn-settlement.js';
import { budgetLeft, monthAndKeys, type SpendRow } from './usage.repository.js';
import { monthOf } from './usage-report.js';

export type { Claim, Enqueued, Outcome } from './turn-outcome.js';
export type { EndedCall } from './turn-settlement.js';

/** How often the worker running a turn refreshes turns.heartbeat_at. */
export const TURN_HEARTBEAT_MS = 5_000;
/** A running turn whose heartbeat is older than this has lost its worker: a claim takes it over (recovers it). */
export const TURN_HEARTBEAT_STALE_MS = 20_000;

/**
 * A send, in one statement (one snapshot, one round trip, no transaction around it): the budget's early
 * refusal, the owner check, the cap on waiting turns, the project's next seq (as ProjectEventsRepository.append
 * takes it: its row locked, so concurrent sends of a project take seqs one after the other), the turn, the person's message and the stored `turn:queued` with
 * its queue position. Nothing is written unless the seq was taken, and the turn and its event are written
 * together or not at all. $1 project, $2 user, $3 message, $4 model, $5 max waiting, $6 pictures, $7 default
 * budget, $8 the month's first day, $9 the least a person must have left (null: no budget check).
 */
const ENQUEUE = `WITH project AS (SELECT id FROM projects WHERE id = $1 AND owner_id = $2),
          waiting AS (SELECT count(*)::int AS n FROM turns WHERE user_id = $2 AND status = 'queued'),
          ahead AS (SELECT count(*)::int AS n FROM turns WHERE project_id = $1 AND status IN ('queued', 'running')),
          month AS (${monthAndKeys('$2', '$7', '$8')}),
          refused AS (SELECT 1 FROM month WHERE budget IS NOT NULL AND NOT own_keys AND budget - COALESCE(spent, 0) - COALESCE(reserved, 0) < $9::bigint),
          next AS (
            UPDATE projects SET event_seq = event_seq + 1
             WHERE id = (SELECT id FROM project) AND (SELECT n FROM waiting) < $5 AND NOT EXISTS (SELECT 1 FROM refused)
            RETURNING event_seq),
          turn AS (INSERT INTO turns (project_id, user_id, message, model) SELECT $1, $2, $3, $4 FROM next RETURNING id),
          message AS (INSERT INTO chat_messages (project_id, turn_id, role, content, attachments) SELECT $1, turn.id, 'user', $3, $6::jsonb FROM turn),
          event AS (
            INSERT INTO project_events (project_id, seq, name, payload)
            SELECT $1, next.event_seq, 'turn:queued', jsonb_build_object('turnId', turn.id, 'position', ahead.n) FROM next, turn, ahead
            RETURNING seq)
     SELECT (SELECT count(*)::int FROM project) AS found, waiting.n AS waiting, ahead.n AS position, (SELECT id FROM turn) AS turn_id, (SELECT seq FROM event) AS seq,
            EXISTS (SELECT 1 FROM refused) AS over_budget, month.budget::text AS budget, month.spent::text AS spent, month.reserved::text AS reserved, month.own_keys
     FROM waiting CROSS JOIN ahead LEFT JOIN month ON true`;

/**
 * The turn aggregate: turns and their lifecycle (queued → running → completed / failed / cancelled), their
 * audit trail (turn_events), the chat (chat_messages) and the project's conversation summary. Every write
 * that ends or advances a running turn is fenced by its lease and status, so a worker that lost the turn to
 * another can no longer change it. Takes a DataSource, or a transaction's EntityManager (`complete`).
 *
 * A little over ~150 lines on purpose: it is the one place the turn's lifecycle is written (four places in two
 * apps before), and each transition is a short fenced statement; the row mapping is already out (turn-outcome.ts).
 */
export class TurnsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Records a turn and the person's message and stores its `turn:queued` with the project's next seq, in one
   * statement, unless the person has less than `budget.minLeftMicroUsd` of their month left (checked first),
   * the project is not theirs, or they already have `maxWaiting` turns queued. `attachments` are the message's
   * pictures, already checked by the caller.
   */
  async enqueue(projectId: string, userId: string, message: string, model: string | null, maxWaiting: number, attachments: StoredChatAttachment[] = [], budget?: EnqueueBudget): Promise<Enqueued> {
    const pictures = attachments.length ? JSON.stringify(attachments) : null;
    const { start, end } = monthOf(budget?.now ?? new Date());
    const [row]: (SpendRow & { found: number; waiting: number; position: number; turn_id: string | null; seq: string | null; over_budget: boolean; own_keys: boolean })[] = await this.manager().query(
      ENQUEUE,
      [projectId, userId, message, model, maxWaiting, pictures, budget?.defaultMonthlyMicroUsd ?? null, start, budget?.minLeftMicroUsd ?? null],
    );
    const left = row.over_budget ? budgetLeft(row, end) : null;
    if (left) return { kind: 'over-budget', ...left };
    if (!row.found) return { kind: 'not-found' };
    if (row.waiting >= maxWaiting) return { kind: 'too-many', waiting: row.waiting };
    // Found in the statement's snapshot but deleted before its row could be locked: nothing was written.
    if (!row.turn_id || row.seq === null) return { kind: 'not-found' };
    return { kind: 'queued', event: { projectId, seq: Number(row.seq), name: 'turn:queued', payload: { turnId: row.turn_id, position: row.position } } };
  }

  /** The same repository inside a transaction (`complete` runs in the commit's). */
  within(tx: EntityManager): TurnsRepository {
    return new TurnsRepository(tx);
  }

  /** The user's turn; null when there is none (another user's turn does not exist). */
  findOwned(userId: string, turnId: string): Promise<TurnEntity | null> {
    return this.turns().findOneBy({ id: turnId, userId });
  }

  /** Ends a turn still waiting (its job could not be enqueued, or BullMQ gave up on it); false when it was not queued. */
  async failQueued(turnId: string, error: ErrorBody): Promise<boolean> {
    return Boolean((await this.turns().update({ id: turnId, status: 'queued' }, failedRow(error))).affected);
  }

  /**
   * Ends a turn BullMQ gave up on, queued or running; the lease moves on so a worker still running it is
   * fenced out. False when it had already ended.
   */
  async failInterrupted(turnId: string, error: ErrorBody): Promise<boolean> {
    // The calls it made are still ledgered and what it held released (docs/ARCHITECTURE.md "Usage ledger and budgets").
    return this.transact(async (tx) => {
      const ended = Boolean((await tx.getRepository(TurnEntity).update({ id: turnId, status: In(['queued', 'running']) }, { ...failedRow(error), lease: () => 'lease + 1' })).affected);
      if (ended) await settleTurn(tx, turnId);
      return ended;
    });
  }

  /**
   * Whether the person saw any of the turn's reply: a `chat:delta` (its prose) or a `file:staged` (a file it
   * wrote, staged in the preview) of it is in the project's event log (every event is stored before it is sent,
   * so one a client received is there).
   */
  async showedReply(turnId: string, projectId: string): Promise<boolean> {
    const [{ shown }]: { shown: boolean }[] = await this.manager().query(
      `SELECT EXISTS (SELECT 1 FROM project_events WHERE project_id = $1 AND name IN ('chat:delta', 'file:staged') AND payload->>'turnId' = $2) AS shown`,
      [projectId, turnId],
    );
    return shown;
  }

  /** The running turn's worker is alive (see TURN_HEARTBEAT_STALE_MS); false when the turn is no longer ours. */
  async beat(turnId: string, lease: number): Promise<boolean> {
    const beaten = await this.turns().update({ id: turnId, lease, status: 'running' }, { heartbeatAt: () => 'now()' });
    return Boolean(beaten.affected);
  }

  /**
   * Gives a running turn back to the queue (its worker is shutting down): `queued` again under a new lease, so
   * this worker is fenced out and the next claim runs it from the start. Its billed calls and what it holds stay
   * on the row, ledgered when the turn ends. Only before its commit was recorded: a turn with a pending commit
   * stays `running`, and the next claim recovers it (lands that commit). False when it was not ours to give back.
   */
  async handBack(turnId: string, lease: number): Promise<boolean> {
    const handed = await this.turns().update({ id: turnId, lease, status: 'running', pendingCommit: IsNull() }, { status: 'queued', lease: () => 'lease + 1', baseVersion: null, response: '' });
    return Boolean(handed.affected);
  }

  /**
   * Persists one model call of a running turn as it ends (fenced by the lease), so the ledger written with the
   * outcome has it even if this worker dies now; `releaseMicroUsd` (its estimate less its cost) is given back
   * to the budget at once. False when the lease was lost.
   */
  async recordCall(turnId: string, lease: number, call: EndedCall, releaseMicroUsd = 0): Promise<boolean> {
    const rows: unknown[] = await this.manager().query(RECORD_CALL, [turnId, lease, JSON.stringify(call), Math.max(0, Math.floor(releaseMicroUsd))]);
    return rows.length > 0;
  }

  /**
   * A person's turns that have not ended (queued or running): what disabling them must stop. Newest first, so
   * the waiting ones are cancelled before the running one ahead of them ends and lets them start.
   */
  unfinishedOf(userId: string): Promise<TurnEntity[]> {
    return this.turns().find({ where: { userId, status: In(['queued', 'running']) }, order: { createdAt: 'DESC' } });
  }

  /** Cancels a turn that has not started; false when it is no longer queued. */
  async cancelQueued(turnId: string): Promise<boolean> {
    return Boolean((await this.turns().update({ id: turnId, status: 'queued' }, { status: 'cancelled', cancelRequested: true, finishedAt: new Date() })).affected);
  }

  /** Flags a running turn for cancellation (its commit checks the flag); false when it is not running. */
  async requestCancel(turnId: string): Promise<boolean> {
    return Boolean((await this.turns().update({ id: turnId, status: 'running' }, { cancelRequested: true })).affected);
  }

  /** Whether the turn must stop: cancelled by the person, or gone. */
  async cancelRequested(turnId: string): Promise<boolean> {
    const row = await this.turns().findOne({ where: { id: turnId }, select: { id: true, cancelRequested: true } });
    return row?.cancelRequested ?? true;
  }

  /**
   * Decides, holding the project's claim lock (so two workers cannot both start a turn of one project), whether
   * this turn runs now: only the oldest unfinished turn of a project runs. The lock is an advisory one, not the
   * project's row: that row is where every send takes the project's next seq (ENQUEUE), and a claim holding it
   * over its round trips made the person's `chat:send` wait on the worker (B5: 50-190 ms waits at p99).
   */
  claim(turnId: string, projectId: string): Promise<Claim> {
    return this.db.transaction(async (tx): Promise<Claim> => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('turn-claim:' || $1, 0))`, [projectId]);
      const turn = await tx.getRepository(TurnEntity).findOneBy({ id: turnId, projectId });
      if (!turn) return { kind: 'finished', status: 'cancelled' };
      if (turn.status !== 'queued' && turn.status !== 'running') return { kind: 'finished', status: turn.status };
      const first = await tx.getRepository(TurnEntity).findOne({ where: { projectId, status: In(['queued', 'running']) }, order: { createdAt: 'ASC', id: 'ASC' }, select: { id: true } });
      if (first?.id !== turn.id) return { kind: 'wait' };
      const lease = turn.lease + 1;
      if (turn.status === 'running') {
        const [{ alive }]: { alive: boolean }[] = await tx.query(`SELECT coalesce(heartbeat_at > now() - make_interval(secs => $2), false) AS alive FROM turns WHERE id = $1`, [
          turn.id,
          TURN_HEARTBEAT_STALE_MS / 1000,
        ]);
        if (alive) return { kind: 'alive' };
        await tx.getRepository(TurnEntity).update({ id: turn.id }, { lease });
        return { kind: 'recover', turn: { ...turn, lease }, lease };
      }
      // Read only now, the project's row unlocked: the turn before this one is seen finished above, and it
      // finished in the same transaction that moved the head, so this read sees the head it left.
      const [project]: { head_version: number }[] = await tx.query(`SELECT head_version FROM projects WHERE id = $1`, [projectId]);
      if (!project) return { kind: 'finished', status: 'cancelled' };
      const baseVersion = project.head_version;
      await tx.getRepository(TurnEntity).update({ id: turn.id }, { status: 'running', lease, startedAt: new Date(), baseVersion, heartbeatAt: () => 'now()' });
      return { kind: 'run', turn: { ...turn, status: 'running', lease, baseVersion }, lease };
    });
  }

  /** Records the changes about to be committed (their blobs already uploaded), so a restarted worker can finish the commit. */
  async savePending(turnId: string, lease: number, pending: PendingCommit): Promise<boolean> {
    return Boolean((await this.turns().update({ id: turnId, lease, status: 'running', cancelRequested: false }, { pendingCommit: pending })).affected);
  }

  /**
   * Completes the turn; call it on the repository `within` the commit's transaction, so the turn completes
   * with its version or not at all. False when it was cancelled or another worker took it.
   */
  complete(turn: TurnEntity, lease: number, outcome: Outcome): Promise<boolean> {
    return this.end(this.manager(), turn, { id: turn.id, lease, status: 'running', cancelRequested: false }, outcome);
  }

  /** Ends the turn (failed, cancelled, or completed without a new version); false when the lease was lost. */
  finish(turn: TurnEntity, lease: number, outcome: Outcome): Promise<boolean> {
    return this.db.transaction((tx) => this.end(tx, turn, { id: turn.id, lease, status: 'running' }, outcome));
  }

  /** The project's turns still waiting, oldest first. */
  async waiting(projectId: string): Promise<string[]> {
    const rows = await this.turns().find({ where: { projectId, status: 'queued' }, order: { createdAt: 'ASC', id: 'ASC' }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** One row of the turn's audit trail. Never fails: the trail is for people, the turn is the work. */
  async audit(turnId: string, kind: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.manager()
      .getRepository(TurnEventEntity)
      .insert({ turnId, kind, data: data as QueryDeepPartialEntity<Record<string, unknown>> })
      .catch(() => undefined);
  }

  /** The chat before this turn, oldest first, as the model sees it (with the names of the pictures each message carried). */
  async conversation(projectId: string, before: TurnEntity): Promise<{ role: 'user' | 'assistant'; content: string; attachments: StoredChatAttachment[] | null }[]> {
    return this.db.query(`SELECT role, content, attachments FROM chat_messages WHERE project_id = $1 AND created_at < $2 ORDER BY created_at, id`, [projectId, before.createdAt]);
  }

  /** The pictures the person's message of this turn carried (none for a text-only message). */
  async attachmentsOf(turn: Pick<TurnEntity, 'id' | 'projectId'>): Promise<StoredChatAttachment[]> {
    const row = await this.manager().getRepository(ChatMessageEntity).findOneBy({ projectId: turn.projectId, turnId: turn.id, role: 'user' });
    return row?.attachments ?? [];
  }

  /** Records where the turn saved the pictures the person asked to use on the page (`assetPath` by upload id). */
  async recordAssetPaths(turn: Pick<TurnEntity, 'id' | 'projectId'>, paths: ReadonlyMap<string, string>): Promise<void> {
    const row = await this.manager().getRepository(ChatMessageEntity).findOneBy({ projectId: turn.projectId, turnId: turn.id, role: 'user' });
    if (!row?.attachments) return;
    const attachments = row.attachments.map((a) => (paths.has(a.uploadId) ? { ...a, assetPath: paths.get(a.uploadId) } : a));
    await this.manager().query(`UPDATE chat_messages SET attachments = $2::jsonb WHERE id = $1`, [row.id, JSON.stringify(attachments)]);
  }

  /** The newest `limit` messages of the project's chat, oldest first. */
  async recentMessages(projectId: string, limit: number): Promise<ChatMessageEntity[]> {
    const rows = await this.manager()
      .getRepository(ChatMessageEntity)
      .find({ where: { projectId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.reverse();
  }

  async summary(projectId: string): Promise<{ text: string; coversMessages: number } | undefined> {
    const row = await this.manager().getRepository(ConversationSummaryEntity).findOneBy({ projectId });
    return row ? { text: row.text, coversMessages: row.coversMessages } : undefined;
  }

  /**
   * Saves the project's summary and, in the same transaction, ledgers the calls that made it (`turn`'s, from
   * seq 1000 on, so they never collide with the turn's own; a repeat inserts nothing).
   */
  async saveSummary(projectId: string, summary: { text: string; coversMessages: number }, billed?: { turn: Pick<TurnEntity, 'id' | 'userId'>; calls: EndedCall[] }): Promise<void> {
    await this.transact(async (tx) => {
      await tx.getRepository(ConversationSummaryEntity).upsert({ projectId, text: summary.text, coversMessages: summary.coversMessages, updatedAt: new Date() }, ['projectId']);
      if (billed?.calls.length) await ledgerSummary(tx, projectId, billed.turn, billed.calls);
    });
  }

  /** The fenced update that ends a turn, and the assistant's chat message when there is a reply. */
  private async end(tx: EntityManager, turn: TurnEntity, fence: { id: string; lease: number; status: 'running'; cancelRequested?: false }, outcome: Outcome): Promise<boolean> {
    const r = await tx.getRepository(TurnEntity).update(fence, outcomeRow(outcome));
    if (!r.affected) return false;
    await settleTurn(tx, turn.id);
    if (outcome.response) await tx.getRepository(ChatMessageEntity).insert({ projectId: turn.projectId, turnId: turn.id, role: 'assistant', content: outcome.response, meta: messageMeta(outcome) });
    return true;
  }

  private transact<T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  private turns() {
    return this.manager().getRepository(TurnEntity);
  }
}
