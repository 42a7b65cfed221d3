import { repeatableJob } from '@studio/contracts';
import { AuditPruner, type AuditScheduler, type PrunableAudit } from './audit-pruner.js';

function setup(retentionDays: number) {
  const cutoffs: Date[] = [];
  const scheduled: unknown[][] = [];
  const events: PrunableAudit = {
    prune: async (olderThan) => {
      cutoffs.push(olderThan);
      return 42;
    },
  };
  const queue: AuditScheduler = { upsertJobScheduler: async (...args) => scheduled.push(args) };
  const pruner = new AuditPruner(events, { AUDIT_RETENTION_DAYS: retentionDays, LIFECYCLE_EVERY_SECONDS: 600 }, queue);
  return { pruner, cutoffs, scheduled };
}

describe('AuditPruner', () => {
  it('removes the records older than AUDIT_RETENTION_DAYS and reports how many went', async () => {
    const { pruner, cutoffs } = setup(30);
    const result = await pruner.run(new Date('2026-03-31T12:00:00.000Z'));
    expect(cutoffs).toEqual([new Date('2026-03-01T12:00:00.000Z')]);
    expect(result).toEqual({ removed: 42 });
  });

  it('schedules itself every LIFECYCLE_EVERY_SECONDS, once per deployment (by its id)', async () => {
    const { pruner, scheduled } = setup(365);
    await pruner.onModuleInit();
    expect(scheduled).toEqual([['audit.prune', { every: 600_000 }, repeatableJob('audit.prune')]]);
  });
});
