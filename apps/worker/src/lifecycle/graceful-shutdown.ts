import type { WorkerHost } from '@nestjs/bullmq';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import type { Env } from '@studio/config';
import { Draining, onStopSignal } from '@studio/platform';
import { UploadProcessor } from '../assets/upload.processor.js';
import { ExportProcessor } from '../exports/export.processor.js';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor.js';
import { PreviewProcessor } from '../previews/preview.processor.js';
import { DeploymentProcessor } from '../sites/deployment.processor.js';
import { Cancellations } from '../turns/cancellations.js';
import { TurnProcessor } from '../turns/turn.processor.js';
import { WebhookProcessor } from '../webhooks/webhook.processor.js';
import { shutDownWorker } from './worker-shutdown.js';

/** Every queue's processor (WorkerModule has one per queue): all of them stop taking jobs on shutdown. */
const PROCESSORS = [TurnProcessor, PreviewProcessor, ExportProcessor, WebhookProcessor, UploadProcessor, DeploymentProcessor, MaintenanceProcessor];

/**
 * On SIGTERM (or SIGINT): drains the worker within SHUTDOWN_GRACE_MS (worker-shutdown.ts), closes the application
 * context, and exits 0. The same signal a second time exits at once (1): the turns still running are then
 * recovered as after a crash.
 */
export function exitGracefully(app: INestApplicationContext, env: Pick<Env, 'SHUTDOWN_GRACE_MS'>, logger: LoggerService): void {
  onStopSignal({
    graceMs: env.SHUTDOWN_GRACE_MS,
    logger,
    drain: () =>
      shutDownWorker({
        draining: app.get(Draining, { strict: false }),
        workers: PROCESSORS.map((p) => app.get<WorkerHost>(p, { strict: false }).worker),
        turns: app.get(Cancellations, { strict: false }),
        graceMs: env.SHUTDOWN_GRACE_MS,
        log: (msg) => logger.log(msg, 'Shutdown'),
      }),
    close: () => app.close(),
  });
}
