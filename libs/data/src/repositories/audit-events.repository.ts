import type { AuditAction, AuditActorKind } from '@studio/contracts';
import type { DataSource } from 'typeorm';

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

/** The audit trail (audit_events): append and read, never change. STUB (issue 21, audit trail). */
export class AuditEventsRepository {
  constructor(protected readonly db: DataSource) {}

  async append(_event: NewAuditEvent): Promise<void> {
    throw new Error('AuditEventsRepository.append is not built yet');
  }
}
