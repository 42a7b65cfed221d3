import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type ErrorBody, exportDownloadUrl } from '@studio/contracts';
import { type ExportEntity, ExportsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { ENV, OBJECT_STORE, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import type { Job } from 'bullmq';
import { isLastAttempt, type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { ExportBuilder, type ExportOutcome } from './export-builder.js';
import { exportKey } from './export-key.js';

/** Progress is stored and sent at most this often (and always at the end), so a fast build is not a flood. */
const PROGRESS_EVERY_MS = 300;

/**
 * The `exports` queue: one job per export. Idempotent (a finished export is left alone; a retried one
 * starts over and overwrites the same key); a build error is the export's outcome, not the job's failure.
 */
@Processor('exports', { concurrency: 2, lockDuration: 60_000 })
export class ExportProcessor extends QueueProcessor<'exports'> {
  readonly queue = 'exports' as const;

  constructor(
    private readonly exportRows: ExportsRepository,
    private readonly builder: ExportBuilder,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
    @Inject(ENV) private readonly env: Env,
    private readonly webhooks: WebhookPublisher,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<'exports'> = {
    'export.build': ({ exportId }, job) => this.build(exportId, job),
  };

  private async build(exportId: string, job: Job): Promise<unknown> {
    const found = await this.exportRows.find(exportId);
    if (!found || found.status === 'ready' || found.status === 'failed') return { skipped: found?.status ?? 'gone' };
    await this.exportRows.markRunning(exportId);
    const report = this.progressReporter(found);
    try {
      const progress = (f: number) => report(f * 0.95);
      const outcome: ExportOutcome =
        found.kind === 'source' ? await this.builder.source(found.projectId, found.version, progress) : await this.builder.static(found.projectId, found.version, progress);
      if (!outcome.ok) return await this.fail(found, { code: 'EXPORT_BUILD_FAILED', message: 'The project does not build: vite build failed.', details: { output: outcome.output } });
      const objectKey = exportKey(found.projectId, found.id);
      await this.objects.put(objectKey, outcome.zip, { contentType: 'application/zip', contentLength: outcome.zip.length });
      const expiresAt = new Date(Date.now() + this.env.EXPORT_TTL_HOURS * 3600_000);
      await this.exportRows.markReady(found.id, { objectKey, sizeBytes: outcome.zip.length, expiresAt });
      await this.events.publish(found.projectId, 'export:progress', { exportId, progress: 1 });
      await this.events.publish(found.projectId, 'export:ready', { exportId, downloadUrl: exportDownloadUrl(exportId) });
      this.webhooks.publish(
        found.ownerId,
        'export.ready',
        { projectId: found.projectId, exportId, kind: found.kind, version: found.version, sizeBytes: outcome.zip.length, downloadUrl: exportDownloadUrl(exportId) },
        job.data.requestId,
      );
      return { sizeBytes: outcome.zip.length };
    } catch (err) {
      // The store or the engine failed: let the queue try again, and say so only when it will not.
      if (isLastAttempt(job)) await this.fail(found, { code: 'EXPORT_FAILED', message: `The export could not be made: ${(err as Error).message ?? err}` });
      throw err;
    }
  }

  private async fail(found: ExportEntity, error: ErrorBody): Promise<{ failed: string }> {
    await this.exportRows.markFailed(found.id, error);
    await this.events.publish(found.projectId, 'export:failed', { exportId: found.id, error });
    return { failed: error.code };
  }

  /** Stores and sends progress, throttled, never going backwards. */
  private progressReporter(found: ExportEntity): (fraction: number) => void {
    let shown = 0;
    let at = 0;
    return (fraction) => {
      const value = Math.round(Math.min(1, fraction) * 100) / 100;
      if (value <= shown || Date.now() - at < PROGRESS_EVERY_MS) return;
      shown = value;
      at = Date.now();
      void this.exportRows.setProgress(found.id, value).catch(() => undefined);
      void this.events.publish(found.projectId, 'export:progress', { exportId: found.id, progress: value }).catch(() => undefined);
    };
  }
}
