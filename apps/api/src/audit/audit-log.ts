import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditActorKind } from '@studio/contracts';
import type { Request } from 'express';

/** What happened, by whom, to whom. `ip` and `requestId` come from the request when one is given. */
export interface AuditEntry {
  action: AuditAction;
  actor: { kind: AuditActorKind; userId: string | null };
  /** Whose trail it belongs to (the account, the project's owner, the admin's target). */
  subjectUserId: string | null;
  target?: { type: string; id: string };
  /** Never a secret: names, amounts, counts. */
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit trail (docs/API.md "Audit trail"). Every feature that does a listed action calls
 * `record` once the action has happened; a failure to record is logged and never fails the action.
 * STUB (issue 21, audit trail): records nothing yet.
 */
@Injectable()
export class AuditLog {
  async record(_entry: AuditEntry, _req?: Request): Promise<void> {}
}
