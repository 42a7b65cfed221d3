import type { ErrorBody, FileChangeView, RefusedChangeView, RenderCheckView, TurnStatus, TurnWarningView, UsageView } from '@studio/contracts';
import { ChatMessageEntity, type ChatMessageMeta, ConversationSummaryEntity, type PendingCommit, type PreviewErrorRecord, TurnEntity, TurnEventEntity } from '@studio/data';
import type { ChatMessage, ConversationSummary } from '@studio/llm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/** What the worker may do with a turn job, decided under the project's lock. */
export type Claim =
  | { kind: 'run'; turn: TurnEntity; lease: number }
  /** Status was already `running`: the worker that ran it died (or lost its job); `lease` fences it out. */
  | { kind: 'recover'; turn: TurnEntity; lease: number }
  /** An earlier turn of the project has not finished: this one waits its turn. */
  | { kind: 'wait' }
  | { kind: 'finished'; status: TurnStatus };

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

/**
 * The turn's rows in Postgres. Every write that ends or advances a turn is fenced by its lease and status,
 * so a worker that lost the turn to another can no longer change it.
 */
export class TurnStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Decides, with the project's row locked (so two workers cannot both start a turn of one project), whether
   * this turn runs now: only the oldest unfinished turn of a project runs.
   */
  claim(turnId: string, projectId: string): Promise<Claim> {
    return this.db.transaction(async (tx) => {
      const [project] = await tx.query(`SELECT head_version FROM projects WHERE id = $1 FOR UPDATE`, [projectId]);
      const turn = await tx.getRepository(TurnEntity).findOneBy({ id: turnId, projectId });
      if (!project || !turn) return { kind: 'finished', status: 'cancelled' } as Claim;
      if (turn.status !== 'queued' && turn.status !== 'running') return { kind: 'finished', status: turn.status };
      const [first] = await tx.query(
        `SELECT id FROM turns WHERE project_id = $1 AND status IN ('queued', 'running') ORDER BY created_at, id LIMIT 1`,
        [projectId],
      );
      if (first.id !== turn.id) return { kind: 'wait' };
      const lease = turn.lease + 1;
      if (turn.status === 'running') {
        await tx.getRepository(TurnEntity).update({ id: turn.id }, { lease });
        return { kind: 'recover', turn: { ...turn, lease }, lease };
      }
      const baseVersion = project.head_version as number;
      await tx.getRepository(TurnEntity).update({ id: turn.id }, { status: 'running', lease, startedAt: new Date(), baseVersion });
      return { kind: 'run', turn: { ...turn, status: 'running', lease, baseVersion }, lease };
    });
  }

  /** Records the changes about to be committed (their blobs already uploaded), so a restarted worker can finish the commit. */
  async savePending(turnId: string, lease: number, pending: PendingCommit): Promise<boolean> {
    const r = await this.db.getRepository(TurnEntity).update({ id: turnId, lease, status: 'running', cancelRequested: false }, { pendingCommit: pending });
    return Boolean(r.affected);
  }

  /** Completes the turn inside the commit's transaction; false when it was cancelled or another worker took it. */
  completeIn(tx: EntityManager, turn: TurnEntity, lease: number, outcome: Outcome): Promise<boolean> {
    return this.endIn(tx, turn, { id: turn.id, lease, status: 'running', cancelRequested: false }, outcome);
  }

  /** Ends the turn (failed, cancelled, or completed without a new version); false when the lease was lost. */
  finish(turn: TurnEntity, lease: number, outcome: Outcome): Promise<boolean> {
    return this.db.transaction((tx) => this.endIn(tx, turn, { id: turn.id, lease, status: 'running' }, outcome));
  }

  /** The fenced update that ends a turn, and the assistant's chat message when there is a reply. */
  private async endIn(tx: EntityManager, turn: TurnEntity, fence: Partial<TurnEntity>, outcome: Outcome): Promise<boolean> {
    const r = await tx.getRepository(TurnEntity).update(fence as never, this.row(outcome));
    if (!r.affected) return false;
    if (outcome.response) await tx.getRepository(ChatMessageEntity).insert({ projectId: turn.projectId, turnId: turn.id, role: 'assistant', content: outcome.response, meta: messageMeta(outcome) as never });
    return true;
  }

  async cancelRequested(turnId: string): Promise<boolean> {
    const row = await this.db.getRepository(TurnEntity).findOne({ where: { id: turnId }, select: { id: true, cancelRequested: true } });
    return row?.cancelRequested ?? true;
  }

  /** The project's turns still waiting, in order. */
  async waiting(projectId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM turns WHERE project_id = $1 AND status = 'queued' ORDER BY created_at, id`, [projectId]);
    return rows.map((r) => r.id);
  }

  /** The chat before this turn, oldest first, as the model sees it. */
  async conversation(projectId: string, before: TurnEntity): Promise<ChatMessage[]> {
    const rows: { role: 'user' | 'assistant'; content: string }[] = await this.db.query(
      `SELECT role, content FROM chat_messages WHERE project_id = $1 AND created_at < $2 ORDER BY created_at, id`,
      [projectId, before.createdAt],
    );
    return rows;
  }

  async templateOf(projectId: string): Promise<string> {
    const [row] = await this.db.query(`SELECT template_id FROM projects WHERE id = $1`, [projectId]);
    return row?.template_id ?? '';
  }

  /** Paths changed by the project's latest versions, most recent first (the context builder ranks them high). */
  async recentlyChanged(projectId: string, versions = 3): Promise<string[]> {
    const rows: { changes: { path: string }[] }[] = await this.db.query(
      `SELECT changes FROM project_versions WHERE project_id = $1 ORDER BY number DESC LIMIT $2`,
      [projectId, versions],
    );
    return [...new Set(rows.flatMap((r) => r.changes.map((c) => c.path)))];
  }

  /** What the live preview reported wrong with this version (build and runtime errors), for the model to fix. */
  async previewErrors(projectId: string, version: number): Promise<PreviewErrorRecord[]> {
    const rows: { recent_errors: PreviewErrorRecord[] }[] = await this.db.query(`SELECT recent_errors FROM preview_sessions WHERE project_id = $1`, [projectId]);
    return (rows[0]?.recent_errors ?? []).filter((e) => e.version === version);
  }

  async summary(projectId: string): Promise<ConversationSummary | undefined> {
    const row = await this.db.getRepository(ConversationSummaryEntity).findOneBy({ projectId });
    return row ? { text: row.text, coversMessages: row.coversMessages } : undefined;
  }

  async saveSummary(projectId: string, summary: ConversationSummary): Promise<void> {
    await this.db.getRepository(ConversationSummaryEntity).upsert({ projectId, text: summary.text, coversMessages: summary.coversMessages, updatedAt: new Date() }, ['projectId']);
  }

  /** One row of the turn's audit trail. Never fails the turn: the trail is for people, the turn is the work. */
  async audit(turnId: string, kind: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.db.getRepository(TurnEventEntity).insert({ turnId, kind, data: data as QueryDeepPartialEntity<Record<string, unknown>> }).catch(() => undefined);
  }

  private row(o: Outcome): QueryDeepPartialEntity<TurnEntity> {
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
}

/**
 * What the assistant's message must say beside the model's words: what was not applied and why. A failed turn's
 * message is partial by definition (nothing of it landed).
 */
function messageMeta(o: Outcome): ChatMessageMeta | null {
  const refused = o.refused ?? [];
  const warnings = o.warnings ?? [];
  const partial = o.status !== 'completed' || refused.length > 0;
  return partial || warnings.length ? { partial, refused, warnings } : null;
}
