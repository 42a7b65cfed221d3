import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Env } from '@studio/config';
import type { QueueName } from '@studio/contracts';
import type { ObjectStore } from '@studio/files';
import { coreProbes, DATA_SOURCE, Draining, ENV, OBJECT_STORE, type Probes, REDIS, runProbes } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { QueueProcessor } from '../jobs/job-handlers.js';
import { type QueueWorkerState, workerReadiness } from './worker-readiness.js';

/**
 * The worker's health endpoints on WORKER_HEALTH_PORT (off when 0), on HOST, without a token (they say
 * nothing but up or down, and why): `GET /health/live` answers 200 whenever the process does; `GET
 * /health/ready` 200 when Postgres, Redis and the object store answer, every queue's BullMQ worker runs and
 * the process is not draining, else 503 with what is wrong. A plain node:http server: the worker has no HTTP
 * application. It listens after bootstrap, when the BullMQ workers exist.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private readonly probes: Probes;
  private server?: Server;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(DATA_SOURCE) db: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(OBJECT_STORE) objects: ObjectStore,
    private readonly draining: Draining,
    private readonly discovery: DiscoveryService,
  ) {
    this.probes = coreProbes(db, redis, objects);
  }

  async onApplicationBootstrap() {
    if (!this.env.WORKER_HEALTH_PORT) return;
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.env.WORKER_HEALTH_PORT, this.env.HOST, resolve));
    this.logger.log(`health on :${this.env.WORKER_HEALTH_PORT}/health/live and /health/ready`);
  }

  async onModuleDestroy() {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  /** The state of every queue processor's BullMQ worker in this process. */
  workers(): QueueWorkerState[] {
    return this.discovery
      .getProviders()
      .map((wrapper): unknown => wrapper.instance)
      .filter((instance): instance is QueueProcessor<QueueName> => instance instanceof QueueProcessor)
      .map((p) => ({ queue: p.queue, running: p.worker.isRunning(), paused: p.worker.isPaused() }));
  }

  private async answer(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/health/live') return json(res, 200, { status: 'live', uptimeSeconds: Math.round(process.uptime()) });
    if (path !== '/health/ready') return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Only /health/live and /health/ready here' } });
    try {
      const answer = workerReadiness(await runProbes(this.probes), this.workers(), this.draining.active);
      json(res, answer.status, answer.body);
    } catch (err) {
      json(res, 503, { status: 'not_ready', error: String(err) });
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
