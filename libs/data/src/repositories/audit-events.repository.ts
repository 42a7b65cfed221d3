import type { AuditAction, AuditActorKind, AuditEventView, AuditPageView } from '@studio/contracts';
import { type DataSource, type FindOptionsWhere, LessThan } from 'typeorm';
import { AuditEventEntity } from '../entities/audit-event.entity.js';

/** One record to append. */
export interface NewAuditEvent {
  action: AuditAction;
  actorKind: AuditActorKind;
  actorUserId: string | null;
  subjectUserId: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Which page of the trail: one person's (`subjectUserId`), or everyone's (`null`, an admin's view). */
export interface AuditPageQuery {
  subjectUserId: string | null;
  /** An event id: only older events. */
  before?: string;
  limit: number;
  action?: AuditAction;
}

/** Rows removed per retention transaction: short transactions keep the table writable while old rows go. */
const PRUNE_BATCH = 1000;
const MAX_BIGINT = 9223372036854775807n;

/**
 * The audit trail (audit_events): append and read, never change. The table's trigger refuses UPDATE, TRUNCATE
 * and every DELETE but retention's, which says so with `studio.audit_prune` for its own transaction only.
 */
export class AuditEventsRepository {
  constructor(protected readonly db: DataSource) {}

  async append(event: NewAuditEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_events (action, actor_kind, actor_user_id, subject_user_id, target_type, target_id, ip, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        event.action,
        event.actorKind,
        event.actorUserId,
        event.subjectUserId,
        event.targetType ?? null,
        event.targetId ?? null,
        event.ip ?? null,
        event.requestId ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
  }

  /** Newest first; `next` is the id to pass as `before` for the older page, null when there is none. */
  async page(query: AuditPageQuery): Promise<AuditPageView> {
    const where: FindOptionsWhere<AuditEventEntity> = {};
    if (query.subjectUserId !== null) where.subjectUserId = query.subjectUserId;
    // Every id is below an id past bigint's range: no bound rather than a comparison PostgreSQL refuses.
    if (query.before !== undefined && BigInt(query.before) <= MAX_BIGINT) where.id = LessThan(query.before);
    if (query.action !== undefined) where.action = query.action;
    const rows = await this.db.getRepository(AuditEventEntity).find({ where, order: { id: 'DESC' }, take: query.limit + 1 });
    const events = rows.slice(0, query.limit).map(toView);
    return { events, next: rows.length > query.limit ? events[events.length - 1].id : null };
  }

  /** Removes every record from before `olderThan`, in batches; returns how many went. */
  async prune(olderThan: Date): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.db.transaction(async (tx) => {
        await tx.query(`SET LOCAL studio.audit_prune = 'on'`);
        // Counted by a SELECT: a DELETE's RETURNING comes back from TypeORM as [rows, count], not as rows.
        const [row]: { n: number }[] = await tx.query(
          `WITH gone AS (DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < $1 ORDER BY id LIMIT $2) RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [olderThan, PRUNE_BATCH],
        );
        return row.n;
      });
      removed += batch;
      if (batch < PRUNE_BATCH) return removed;
    }
  }
}

function toView(row: AuditEventEntity): AuditEventView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    actor: { kind: row.actorKind, userId: row.actorUserId },
    subjectUserId: row.subjectUserId,
    target: row.targetType !== null && row.targetId !== null ? { type: row.targetType, id: row.targetId } : null,
    ip: row.ip,
    requestId: row.requestId,
    details: row.details,
  };
}
