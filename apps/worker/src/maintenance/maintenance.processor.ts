import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ExportsRepository, MaintenanceRunsRepository, ProjectsRepository, UploadsRepository } from '@studio/data';
import { type ObjectStore, projectPrefix } from '@studio/files';
import { DATA_SOURCE, OBJECT_STORE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { DeploymentPruner } from '../sites/deployment-pruner.js';
import { DomainsRecheck } from '../sites/domains-recheck.js';
import { AuditPruner } from './audit-pruner.js';
import { BlobCollector } from './blob-collector.js';
import { ProjectArchiver } from './project-archiver.js';

/**
 * Housekeeping that must not run on a request: a deleted project's objects, expired exports and uploads,
 * and the storage lifecycle (orphan blobs, archived projects, audit retention).
 */
@Processor('maintenance', { concurrency: 2 })
export class MaintenanceProcessor extends QueueProcessor<'maintenance'> {
  readonly queue = 'maintenance' as const;
  /** Each storage-lifecycle run (and each exports expiry) is reported there: what it removed, or its error. */
  private readonly runs: MaintenanceRunsRepository;

  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    private readonly projects: ProjectsRepository,
    private readonly exportRows: ExportsRepository,
    private readonly uploadRows: UploadsRepository,
    private readonly deploymentPruner: DeploymentPruner,
    private readonly domainsRecheck: DomainsRecheck,
    private readonly blobCollector: BlobCollector,
    private readonly archiver: ProjectArchiver,
    private readonly auditPruner: AuditPruner,
    @Inject(DATA_SOURCE) db: DataSource,
  ) {
    super();
    this.runs = new MaintenanceRunsRepository(db);
  }

  protected readonly handlers: JobHandlers<'maintenance'> = {
    'project.purge': async ({ projectId }) => {
      // Idempotent: a retry finds fewer (or no) objects. Never purge a project that still exists.
      if (await this.projects.exists(projectId)) {
        throw new Error(`project ${projectId} still exists; refusing to purge its objects`);
      }
      return { deleted: await this.objects.deletePrefix(projectPrefix(projectId)) };
    },
    'exports.expire': () => this.runs.record('exports.expire', () => this.expireExports()),
    'uploads.expire': async () => {
      // The rows first (expired, so nobody completes them), then their bytes: a crash in between leaves an
      // object under the project's prefix that the project's purge still removes, never a pending upload
      // whose bytes are gone.
      let expired = 0;
      for (let keys = await this.uploadRows.expirePending(new Date()); keys.length; keys = await this.uploadRows.expirePending(new Date())) {
        for (const key of keys) await this.objects.delete(key);
        expired += keys.length;
      }
      return { expired };
    },
    // Retention: files of deployments past each site's SITES_DEPLOYMENTS_KEPT (never the live one).
    'deployments.prune': () => this.deploymentPruner.run(),
    // Verified custom domains whose TXT record is gone or changed stop being served.
    'domains.recheck': () => this.domainsRecheck.run(),
    // Storage lifecycle (docs/ARCHITECTURE.md "Storage lifecycle"): each run's report is kept in maintenance_runs.
    'blobs.collect': () => this.runs.record('blobs.collect', () => this.blobCollector.run()),
    'projects.archive': () => this.runs.record('projects.archive', () => this.archiver.run()),
    'audit.prune': () => this.runs.record('audit.prune', () => this.auditPruner.run()),
  };

  /** Exports past their expiry (zips and rows); the run is reported in maintenance_runs. */
  private async expireExports(): Promise<{ removed: number }> {
    // The zip first, then the row: a crash in between leaves a row whose zip is gone (its download says
    // so), never a zip nobody can find.
    let removed = 0;
    for (let batch = await this.exportRows.expired(new Date()); batch.length; batch = await this.exportRows.expired(new Date())) {
      for (const row of batch) {
        if (row.objectKey) await this.objects.deletePrefix(row.objectKey);
        await this.exportRows.remove(row.id);
        removed++;
      }
    }
    return { removed };
  }
}
