import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadEnv } from '@studio/config';
import { createLogger } from '@studio/platform';
import { AppModule } from './app.module.js';
import { BodyAfterAuthInterceptor } from './common/body-after-auth.interceptor.js';
import { corsOrigins } from './common/cors-origins.js';
import { dbScope } from './common/db-scope.middleware.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { requestId } from './common/request-id.middleware.js';
import { apiHeaders, webClientHeaders } from './common/security-headers.js';
import { uploadOrigin } from './common/upload-origin.js';
import { exitGracefully } from './lifecycle/graceful-shutdown.js';
import { httpMetrics } from './metrics/http-metrics.middleware.js';
import { mountOpenApi } from './openapi.js';
import { PreviewProxy } from './preview-proxy/preview-proxy.js';
import { PreviewLinks } from './previews/preview-links.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';
import { SiteHost } from './site-host/site-host.js';
import { mountWebClient } from './web-client.js';

async function bootstrap() {
  const env = loadEnv();
  const logger = createLogger(env, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), { logger, bodyParser: false });

  app.set('trust proxy', env.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  const previewProxy = app.get(PreviewProxy);
  app.use(requestId, dbScope, httpMetrics);
  app.use('/api', apiHeaders);
  const corsOrigin = corsOrigins(env.CORS_ORIGINS);
  app.enableCors({ origin: corsOrigin, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  // The preview iframe's origins: PreviewLinks' own rule with a wildcard for the project id.
  const previewOrigins = app.get(PreviewLinks).origin('*');
  const headers = webClientHeaders({ previewOrigins, uploadOrigin: uploadOrigin(env), https: env.PUBLIC_URL.startsWith('https:') });
  mountWebClient(app, env.WEB_DIR, headers, (m) => logger.log(m, 'Bootstrap'));
  app.setGlobalPrefix('api', { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  // No body parser runs before the routes: bodies are read after authentication (bodyParser: false above).
  app.useGlobalInterceptors(new BodyAfterAuthInterceptor(app.get(Reflector), env));
  const io = new RedisIoAdapter(app, env.REDIS_URL, corsOrigin);
  app.useWebSocketAdapter(io);
  mountOpenApi(app);
  // On SIGTERM/SIGINT: readiness 503, no new connections, sockets told to go, requests in flight finish within SHUTDOWN_GRACE_MS.
  exitGracefully(app, io, env, logger);

  // Node's own limits: headers within HTTP_HEADERS_TIMEOUT_MS, the whole request within that plus the body's
  // deadline (a backstop for requests no route reads; Node checks it every 30 s).
  const server = app.getHttpServer();
  server.headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = env.HTTP_HEADERS_TIMEOUT_MS + env.HTTP_BODY_TIMEOUT_MS;
  await app.listen(env.PORT, env.HOST);
  // After listen, when Socket.IO's engine has attached: preview hosts (anything under PREVIEW_DOMAIN) go to
  // the proxy ahead of every other listener, so neither engine.io nor any middleware or route answers there.
  previewProxy.claim(app.getHttpServer());
  logger.log(`API listening on ${env.PUBLIC_URL}`, 'Bootstrap');
  // Published sites on a listener of their own (an origin that is never the API's); SITES_PORT=0: none here.
  if (env.SITES_PORT > 0) {
    const sitesPort = await app.get(SiteHost).listen(env.SITES_PORT, env.HOST);
    logger.log(`Sites served at ${env.SITES_PUBLIC_SCHEME}://<slug>.${env.SITES_DOMAIN}:${sitesPort}/`, 'Bootstrap');
  }
}

bootstrap().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    new Logger('Bootstrap').error(`API failed to start: ${err?.stack ?? err}`);
  }
  process.exit(1);
});
