import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { loadCatalog } from '@studio/catalog';
import type { Env } from '@studio/config';
import { createRouters } from '@studio/llm';
import { DATA_SOURCE, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { Cancellations } from './cancellations.js';
import { loadPreviewPackages } from './preview-packages.js';
import { PreviewsModule } from '../previews/previews.module.js';
import { LLM_ROUTERS, TURN_DEPS, type TurnDeps } from './turn-deps.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnPipeline } from './turn-pipeline.js';
import { TurnProcessor } from './turn.processor.js';
import { TurnStore } from './turn-store.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';

/** The chat-turn pipeline of the worker: the `turns` queue's processor and what it runs on. */
@Module({
  imports: [BullModule.registerQueue({ name: 'turns' }), PreviewsModule, WebhooksModule],
  providers: [
    TurnProcessor,
    TurnPipeline,
    Cancellations,
    TurnMetrics,
    { provide: TurnStore, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new TurnStore(db) },
    { provide: LLM_ROUTERS, inject: [ENV], useFactory: (env: Env) => createRouters(env) },
    {
      provide: TURN_DEPS,
      inject: [ENV],
      useFactory: async (env: Env): Promise<TurnDeps> => ({ packages: loadPreviewPackages(env.PREVIEW_PACKAGES_FILE), catalog: await loadCatalog(env.TEMPLATES_DIR) }),
    },
  ],
  exports: [TurnProcessor, TurnMetrics],
})
export class TurnsModule {}
