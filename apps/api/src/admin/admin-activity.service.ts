import { Injectable } from '@nestjs/common';
import type { AdminPreviewsView, AuditPageView, AuditQuery, MaintenanceRunView } from '@studio/contracts';
import { AuditEventsRepository, DbScope, MaintenanceRunsRepository, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import { AuditLog } from '../audit/audit-log.js';

const UNPLACED = '(not placed yet)';

/** What runs on the platform, for admins: previews per host, everyone's audit trail, the storage-lifecycle runs. */
@Injectable()
export class AdminActivityService {
  constructor(
    private readonly previews: PreviewSessionsRepository,
    private readonly events: AuditEventsRepository,
    private readonly runs: MaintenanceRunsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Every preview that belongs to a project (warm-pool instances are nobody's yet), grouped by the host it runs on. */
  async previewsByHost(adminId: string): Promise<AdminPreviewsView> {
    const sessions = await DbScope.asSystem('admin', () => this.previews.all());
    const hosts = new Map<string, AdminPreviewsView['hosts'][number]>();
    for (const s of sessions) {
      if (!s.projectId || !s.userId) continue;
      const name = s.host ?? UNPLACED;
      const host = hosts.get(name) ?? { host: name, running: 0, paused: 0, previews: [] };
      if (SERVING_STATUSES.has(s.status)) host.running++;
      else if (s.status === 'paused') host.paused++;
      host.previews.push({ projectId: s.projectId, ownerId: s.userId, status: s.status, since: s.updatedAt?.toISOString() ?? null });
      hosts.set(name, host);
    }
    await this.record(adminId, 'admin.previews_viewed', null, { hosts: hosts.size });
    return { hosts: [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host)) };
  }

  /** Everyone's trail, or one person's (`userId`): newest first. */
  async auditTrail(adminId: string, q: AuditQuery): Promise<AuditPageView> {
    const page = await DbScope.asSystem('admin', () => this.events.page({ subjectUserId: q.userId ?? null, before: q.before, limit: q.limit, action: q.action }));
    await this.record(adminId, 'admin.audit_viewed', q.userId ?? null, { action: q.action ?? null });
    return page;
  }

  async maintenance(adminId: string, limit: number): Promise<MaintenanceRunView[]> {
    const runs = await DbScope.asSystem('admin', () => this.runs.recent(limit));
    await this.record(adminId, 'admin.maintenance_viewed', null, { runs: runs.length });
    return runs.map((r) => ({ id: r.id, job: r.job, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, removed: r.removed, error: r.error }));
  }

  private record(adminId: string, action: 'admin.previews_viewed' | 'admin.audit_viewed' | 'admin.maintenance_viewed', subject: string | null, details: Record<string, unknown>) {
    return this.audit.record({ action, actor: { kind: 'admin', userId: adminId }, subjectUserId: subject, target: subject ? { type: 'user', id: subject } : undefined, details });
  }
}
