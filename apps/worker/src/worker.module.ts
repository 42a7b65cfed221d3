import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { QUEUES } from '@studio/contracts';
import { PlatformModule, redisOptions } from '@studio/platform';
import type { ConnectionOptions } from 'bullmq';
import { HeartbeatService } from './heartbeat/heartbeat.service.js';
import { assertHandlerCoverage } from './jobs/job-handlers.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';

/** One processor per queue (STYLE.md): maintenance now; turns, previews, exports and webhooks join it. */
@Module({})
export class WorkerModule implements OnModuleInit {
  constructor(private readonly maintenance: MaintenanceProcessor) {}

  static forRoot(env: Env): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(env, 'studio-worker'),
        BullModule.forRoot({ connection: redisOptions(env.REDIS_URL, true) as ConnectionOptions, prefix: 'studio' }),
        ...QUEUES.map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [MaintenanceProcessor, HeartbeatService],
    };
  }

  onModuleInit() {
    assertHandlerCoverage([this.maintenance]);
  }
}
