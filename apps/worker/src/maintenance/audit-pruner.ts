import { Injectable } from '@nestjs/common';

/** `audit.prune` (a repeatable maintenance job): audit records older than AUDIT_RETENTION_DAYS go. STUB: issue 21. */
@Injectable()
export class AuditPruner {
  async run(): Promise<Record<string, number>> {
    throw new Error('AuditPruner is not built yet');
  }
}
