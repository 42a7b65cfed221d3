import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ExportsRepository, ProjectsRepository } from '@studio/data';
import { type ObjectStore, projectPrefix } from '@studio/files';
import { OBJECT_STORE } from '@studio/platform';
import { type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';

/** Housekeeping that must not run on a request: a deleted project's objects, expired exports. */
@Processor('maintenance', { concurrency: 2 })
export class MaintenanceProcessor extends QueueProcessor<'maintenance'> {
  readonly queue = 'maintenance' as const;

  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    private readonly projects: ProjectsRepository,
    private readonly exportRows: ExportsRepository,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<'maintenance'> = {
    'project.purge': async ({ projectId }) => {
      // Idempotent: a retry finds fewer (or no) objects. Never purge a project that still exists.
      if (await this.projects.exists(projectId)) {
        throw new Error(`project ${projectId} still exists; refusing to purge its objects`);
      }
      return { deleted: await this.objects.deletePrefix(projectPrefix(projectId)) };
    },
    'exports.expire': async () => {
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
    },
  };
}
