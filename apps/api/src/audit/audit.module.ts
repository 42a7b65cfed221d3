import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';

/** The audit trail: AuditLog for every feature, and `GET /api/audit`. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
