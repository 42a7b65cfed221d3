import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { createPreviewRuntime } from '@studio/containers';
import { DATA_SOURCE, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { PREVIEW_SYNC } from '../turns/preview-sync.js';
import { LivePreviewSync } from './live-preview-sync.js';
import { PreviewManager } from './preview-manager.js';
import { PreviewProcessor } from './preview.processor.js';
import { PreviewSessions } from './preview-sessions.js';
import { PreviewSupervisor } from './preview-supervisor.js';
import { PREVIEW_RUNTIME, RENDER_CHECKER } from './preview-tokens.js';
import { RENDER_CHECK_OPTIONS, type RenderCheckOptions, RenderChecker } from './render-check/index.js';

/** Live previews in the worker: the runtime, the `previews` queue, the turn pipeline's sync, housekeeping. */
@Module({
  imports: [BullModule.registerQueue({ name: 'previews' })],
  providers: [
    { provide: PREVIEW_RUNTIME, inject: [ENV], useFactory: (env: Env) => createPreviewRuntime(env, new Logger('PreviewRuntime')) },
    { provide: PreviewSessions, inject: [DATA_SOURCE, ENV], useFactory: (db: DataSource, env: Env) => new PreviewSessions(db, env.PREVIEW_STACK_ID) },
    {
      provide: RENDER_CHECK_OPTIONS,
      inject: [ENV],
      useFactory: (env: Env): RenderCheckOptions => ({ chromiumPath: env.CHROMIUM_PATH, timeoutMs: env.RENDER_CHECK_TIMEOUT_MS }),
    },
    RenderChecker,
    // RENDER_CHECK=false: no page is loaded by the platform, and turns and previews record no render check.
    { provide: RENDER_CHECKER, inject: [ENV, RenderChecker], useFactory: (env: Env, checker: RenderChecker) => (env.RENDER_CHECK ? checker : null) },
    PreviewManager,
    PreviewProcessor,
    PreviewSupervisor,
    LivePreviewSync,
    { provide: PREVIEW_SYNC, useExisting: LivePreviewSync },
  ],
  exports: [PREVIEW_SYNC, PreviewProcessor, PreviewSessions],
})
export class PreviewsModule {}
