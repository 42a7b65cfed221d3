import { Injectable, Logger } from '@nestjs/common';
import type { AuditAction, AuditActorKind } from '@studio/contracts';
import { AuditEventsRepository, DbScope } from '@studio/data';
import type { Request } from 'express';
import { clientIp } from '../common/client-ip.js';
import { currentRequest } from './audit-context.js';

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
 * `record` once the action has happened; a failure to record is logged and never fails the action. Without
 * a `req`, the request being handled (AuditModule's middleware) supplies the address and request id.
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('AuditLog');

  constructor(private readonly events: AuditEventsRepository) {}

  /** A person acting on what is theirs: the actor is the person whose trail it is. */
  byOwner(userId: string, action: AuditAction, target?: AuditEntry['target'], details?: Record<string, unknown>, req?: Request): Promise<void> {
    return this.record({ action, actor: { kind: 'user', userId }, subjectUserId: userId, target, details }, req);
  }

  async record(entry: AuditEntry, req?: Request): Promise<void> {
    const from = req ?? currentRequest();
    const requestId = from?.headers['x-request-id'];
    try {
      // Whatever the caller's scope (a failed sign-in has no user yet), the record is written.
      await DbScope.asSystem('audit', () =>
        this.events.append({
          action: entry.action,
          actorKind: entry.actor.kind,
          actorUserId: entry.actor.userId,
          subjectUserId: entry.subjectUserId,
          targetType: entry.target?.type ?? null,
          targetId: entry.target?.id ?? null,
          ip: from ? clientIp(from) : null,
          requestId: typeof requestId === 'string' ? requestId : null,
          details: entry.details ?? {},
        }),
      );
    } catch (err) {
      // The action has happened; losing its record is an operator's problem, not the caller's.
      this.logger.error(`could not record ${entry.action}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
