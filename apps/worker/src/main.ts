import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadEnv } from '@studio/config';
import { createLogger } from '@studio/platform';
import { exitGracefully } from './lifecycle/graceful-shutdown.js';
import { WorkerModule } from './worker.module.js';

/** The worker has no HTTP server: a Nest application context running BullMQ processors. */
async function bootstrap() {
  const env = loadEnv();
  const logger = createLogger(env, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { logger });
  await app.init();
  // On SIGTERM/SIGINT: drain within SHUTDOWN_GRACE_MS, hand the turns still running back to the queue, exit.
  exitGracefully(app, env, logger);
  logger.log('Worker started', 'Bootstrap');
}

bootstrap().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else new Logger('Bootstrap').error(`Worker failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
