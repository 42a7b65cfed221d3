import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { QUEUES } from '@studio/contracts';
import { AuditEventsRepository, ProjectsRepository } from '@studio/data';
import { DATA_SOURCE, PlatformModule, redisOptions } from '@studio/platform';
import type { ConnectionOptions } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AssetsModule } from './assets/assets.module.js';
import { UploadProcessor } from './assets/upload.processor.js';
import { ExportProcessor } from './exports/export.processor.js';
import { ExportsModule } from './exports/exports.module.js';
import { WorkerHealthModule } from './health/worker-health.module.js';
import { HeartbeatService } from './heartbeat/heartbeat.service.js';
import { assertHandlerCoverage } from './jobs/job-handlers.js';
import { AuditPruner } from './maintenance/audit-pruner.js';
import { BlobCollector } from './maintenance/blob-collector.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { ProjectArchiver } from './maintenance/project-archiver.js';
import { WorkerMetricsServer } from './metrics/worker-metrics.server.js';
import { PreviewProcessor } from './previews/preview.processor.js';
import { PreviewsModule } from './previews/previews.module.js';
import { DeploymentProcessor } from './sites/deployment.processor.js';
import { SitesModule } from './sites/sites.module.js';
import { TurnProcessor } from './turns/turn.processor.js';
import { TurnsModule } from './turns/turns.module.js';
import { WebhookProcessor } from './webhooks/webhook.processor.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** One processor per queue (docs/STYLE.md): maintenance, turns and previews; exports and webhooks join them. */
@Module({})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly maintenance: MaintenanceProcessor,
    private readonly turns: TurnProcessor,
    private readonly previews: PreviewProcessor,
    private readonly exports: ExportProcessor,
    private readonly webhooks: WebhookProcessor,
    private readonly assets: UploadProcessor,
    private readonly sites: DeploymentProcessor,
  ) {}

  static forRoot(env: Env): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(env, 'studio-worker'),
        BullModule.forRoot({ connection: redisOptions(env.REDIS_URL, true) as ConnectionOptions, prefix: env.QUEUE_PREFIX }),
        ...QUEUES.map((name) => BullModule.registerQueue({ name })),
        TurnsModule,
        PreviewsModule,
        ExportsModule,
        WebhooksModule,
        AssetsModule,
        SitesModule,
        WorkerHealthModule,
      ],
      providers: [
        { provide: ProjectsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ProjectsRepository(db) },
        { provide: AuditEventsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new AuditEventsRepository(db) },
        MaintenanceProcessor,
        BlobCollector,
        ProjectArchiver,
        AuditPruner,
        HeartbeatService,
        WorkerMetricsServer,
      ],
    };
  }

  onModuleInit() {
    assertHandlerCoverage([this.maintenance, this.turns, this.previews, this.exports, this.webhooks, this.assets, this.sites]);
  }
}
