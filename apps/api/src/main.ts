import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadEnv } from '@studio/config';
import { createLogger } from '@studio/platform';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { requestId } from './common/request-id.middleware.js';
import { httpMetrics } from './metrics/http-metrics.middleware.js';
import { mountOpenApi } from './openapi.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';
import { PreviewProxy } from './preview-proxy/preview-proxy.js';
import { mountWebClient } from './web-client.js';

async function bootstrap() {
  const env = loadEnv();
  const logger = createLogger(env, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), { logger, bodyParser: false });

  app.set('trust proxy', env.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  // First: a preview host (<projectId>.<PREVIEW_DOMAIN>) never reaches the API's parsers or routes.
  const previewProxy = app.get(PreviewProxy);
  app.use(previewProxy.middleware);
  app.useBodyParser('json', { limit: '1mb' });
  // A file's bytes, for PUT .../files/raw. Twice the file limit, so an oversized file gets the store's
  // FILE_TOO_LARGE (with the limit) rather than a bare 413 from the parser.
  app.use('/api/projects/:id/files/raw', express.raw({ type: () => true, limit: env.FILES_MAX_FILE_BYTES * 2 }));
  app.use(requestId, httpMetrics);
  mountWebClient(app, env.WEB_DIR, (m) => logger.log(m, 'Bootstrap'));
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  const corsOrigin = env.CORS_ORIGINS === '*' ? true : env.CORS_ORIGINS.split(',').map((o) => o.trim());
  app.enableCors({ origin: corsOrigin, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  app.useWebSocketAdapter(new RedisIoAdapter(app, env.REDIS_URL, corsOrigin));
  mountOpenApi(app);
  app.enableShutdownHooks();

  await app.listen(env.PORT, env.HOST);
  previewProxy.attachUpgrades(app.getHttpServer());
  logger.log(`API listening on ${env.PUBLIC_URL}`, 'Bootstrap');
}

bootstrap().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    new Logger('Bootstrap').error(`API failed to start: ${err?.stack ?? err}`);
  }
  process.exit(1);
});
