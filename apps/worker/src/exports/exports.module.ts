import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { createSiteBuilder, type SiteBuilder } from '@studio/containers';
import { repeatableJob } from '@studio/contracts';
import { ExportsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { DATA_SOURCE, ENV, FILE_STORE } from '@studio/platform';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { ExportProcessor } from './export.processor.js';
import { ExportBuilder } from './export-builder.js';

const SITE_BUILDER = Symbol('SITE_BUILDER');
/** How often expired exports are looked for. */
const EXPIRE_EVERY_MS = 10 * 60_000;

/** Exports in the worker: the `exports` queue's processor, the static-site builder, the expiry schedule. */
@Module({
  imports: [BullModule.registerQueue({ name: 'exports' }), BullModule.registerQueue({ name: 'maintenance' }), WebhooksModule],
  providers: [
    { provide: SITE_BUILDER, inject: [ENV], useFactory: (env: Env) => createSiteBuilder(env, new Logger('Exports')) },
    { provide: ExportsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ExportsRepository(db) },
    { provide: ExportBuilder, inject: [FILE_STORE, SITE_BUILDER], useFactory: (files: FileStore, sites: SiteBuilder) => new ExportBuilder(files, sites) },
    ExportProcessor,
  ],
  exports: [ExportProcessor, ExportsRepository],
})
export class ExportsModule implements OnModuleInit {
  constructor(@InjectQueue('maintenance') private readonly maintenance: Queue) {}

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit() {
    await this.maintenance.upsertJobScheduler('exports.expire', { every: EXPIRE_EVERY_MS }, repeatableJob('exports.expire'));
  }
}
