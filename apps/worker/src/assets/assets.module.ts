import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { processUpload } from '@studio/assets';
import { repeatableJob } from '@studio/contracts';
import { ProjectAssetsRepository, UploadsRepository } from '@studio/data';
import { DATA_SOURCE, ENV } from '@studio/platform';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { assetLimitsFrom } from './asset-limits.js';
import { PreviewFollower } from './preview-follower.js';
import { UploadProcessor } from './upload.processor.js';
import { ASSET_LIMITS, CHECK_UPLOAD, ROWS_WITHIN, type RowsWithin, UploadHandler } from './upload-handler.js';

/** How often pending uploads past their expiry are looked for. */
const EXPIRE_EVERY_MS = 5 * 60_000;

const rowsWithin: RowsWithin = (tx: EntityManager) => ({ uploads: new UploadsRepository(tx), assets: new ProjectAssetsRepository(tx) });

/** Uploads in the worker: the `assets` queue's processor, and the schedule that expires forgotten uploads. */
@Module({
  imports: [BullModule.registerQueue({ name: 'assets' }), BullModule.registerQueue({ name: 'previews' }), BullModule.registerQueue({ name: 'maintenance' }), WebhooksModule],
  providers: [
    { provide: UploadsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new UploadsRepository(db) },
    { provide: ROWS_WITHIN, useValue: rowsWithin },
    { provide: CHECK_UPLOAD, useValue: processUpload },
    { provide: ASSET_LIMITS, inject: [ENV], useFactory: assetLimitsFrom },
    PreviewFollower,
    UploadHandler,
    UploadProcessor,
  ],
  exports: [UploadProcessor, UploadsRepository],
})
export class AssetsModule implements OnModuleInit {
  constructor(@InjectQueue('maintenance') private readonly maintenance: Queue) {}

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit() {
    await this.maintenance.upsertJobScheduler('uploads.expire', { every: EXPIRE_EVERY_MS }, repeatableJob('uploads.expire'));
  }
}
