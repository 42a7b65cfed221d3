import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { repeatableJob } from '@studio/contracts';
import { AuditEventsRepository } from '@studio/data';
import { ENV } from '@studio/platform';

/** The AuditEventsRepository call retention makes, and the maintenance queue's scheduling call. */
export type PrunableAudit = Pick<AuditEventsRepository, 'prune'>;
export interface AuditScheduler {
  upsertJobScheduler(id: string, repeat: { every: number }, template: ReturnType<typeof repeatableJob<'audit.prune'>>): Promise<unknown>;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * `audit.prune` (a repeatable maintenance job, every LIFECYCLE_EVERY_SECONDS): audit records older than
 * AUDIT_RETENTION_DAYS go (docs/API.md "Audit trail"). The only deletion the table's trigger lets through.
 */
@Injectable()
export class AuditPruner implements OnModuleInit {
  constructor(
    @Inject(AuditEventsRepository) private readonly events: PrunableAudit,
    @Inject(ENV) private readonly env: Pick<Env, 'AUDIT_RETENTION_DAYS' | 'LIFECYCLE_EVERY_SECONDS'>,
    @InjectQueue('maintenance') private readonly maintenance: AuditScheduler,
  ) {}

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit(): Promise<void> {
    await this.maintenance.upsertJobScheduler('audit.prune', { every: this.env.LIFECYCLE_EVERY_SECONDS * 1000 }, repeatableJob('audit.prune'));
  }

  /** The maintenance processor keeps its report (`removed`) in maintenance_runs. */
  async run(now = new Date()): Promise<{ removed: number }> {
    return { removed: await this.events.prune(new Date(now.getTime() - this.env.AUDIT_RETENTION_DAYS * DAY_MS)) };
  }
}
