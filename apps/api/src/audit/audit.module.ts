import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { auditContext } from './audit-context.js';
import { AuditLog } from './audit-log.js';

/** The audit trail: AuditLog for every feature, and `GET /api/audit`. */
@Global()
@Module({ controllers: [AuditController], providers: [AuditLog], exports: [AuditLog] })
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(auditContext).forRoutes('*');
  }
}
