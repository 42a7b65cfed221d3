import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type AgentConnector, connectAgent, createPreviewRuntime, PREVIEW_SYNC } from '@studio/containers';
import { PreviewSessionsRepository, ProjectLifecycleRepository } from '@studio/data';
import { DATA_SOURCE, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { HeadSync } from './head-sync.js';
import { AgentEvents } from './housekeeping/agent-events.js';
import { DeadInstances } from './housekeeping/dead-instances.js';
import { IdleReaper } from './housekeeping/idle-reaper.js';
import { LeaderLease } from './housekeeping/leader-lease.js';
import { OrphanSweep } from './housekeeping/orphan-sweep.js';
import { WarmPool } from './housekeeping/warm-pool.js';
import { LivePreviewSync } from './live-preview-sync.js';
import { PREVIEW_AGENTS, PREVIEW_RUNTIME, RENDER_CHECKER } from './preview.injection-keys.js';
import { PreviewProcessor } from './preview.processor.js';
import { PreviewManager } from './preview-manager.js';
import { PreviewNotices } from './preview-notices.js';
import { PreviewSupervisor } from './preview-supervisor.js';
import { RENDER_CHECK_OPTIONS, RenderChecker, type RenderCheckOptions } from './render-check/index.js';
import { RenderVerdicts } from './render-verdicts.js';

/** Live previews in the worker: the runtime, the `previews` queue, the turn pipeline's sync, housekeeping. */
@Module({
  imports: [BullModule.registerQueue({ name: 'previews' })],
  providers: [
    { provide: PREVIEW_RUNTIME, inject: [ENV], useFactory: (env: Env) => createPreviewRuntime(env, new Logger('PreviewRuntime')) },
    { provide: PREVIEW_AGENTS, useFactory: (): AgentConnector => connectAgent },
    { provide: PreviewSessionsRepository, inject: [DATA_SOURCE, ENV], useFactory: (db: DataSource, env: Env) => new PreviewSessionsRepository(db, env.PREVIEW_STACK_ID) },
    { provide: ProjectLifecycleRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ProjectLifecycleRepository(db) },
    {
      provide: RENDER_CHECK_OPTIONS,
      inject: [ENV],
      useFactory: (env: Env): RenderCheckOptions => ({ chromiumPath: env.CHROMIUM_PATH, timeoutMs: env.RENDER_CHECK_TIMEOUT_MS }),
    },
    RenderChecker,
    // RENDER_CHECK=false: no page is loaded by the platform, and turns and previews record no render check.
    { provide: RENDER_CHECKER, inject: [ENV, RenderChecker], useFactory: (env: Env, checker: RenderChecker) => (env.RENDER_CHECK ? checker : null) },
    PreviewNotices,
    RenderVerdicts,
    HeadSync,
    PreviewManager,
    PreviewProcessor,
    LeaderLease,
    OrphanSweep,
    DeadInstances,
    IdleReaper,
    WarmPool,
    AgentEvents,
    PreviewSupervisor,
    LivePreviewSync,
    { provide: PREVIEW_SYNC, useExisting: LivePreviewSync },
  ],
  exports: [PREVIEW_SYNC, PreviewProcessor, PreviewSessionsRepository],
})
export class PreviewsModule {}
