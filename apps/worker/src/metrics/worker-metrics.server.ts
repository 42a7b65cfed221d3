import { createServer, type Server } from 'node:http';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV, metricsAccess } from '@studio/platform';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { TurnMetrics } from '../turns/turn-metrics.js';

/**
 * The worker's Prometheus endpoint (`GET /metrics` on WORKER_METRICS_PORT; off when 0): turn latency by
 * stage, outcomes, refusals by code, model tokens, and the turn queue's depth read from BullMQ at scrape time.
 * It listens on HOST like the API, so it asks for the same METRICS_TOKEN (404 without one configured).
 */
@Injectable()
export class WorkerMetricsServer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly metrics: TurnMetrics,
    @InjectQueue('turns') private readonly turns: Queue,
  ) {
    collectDefaultMetrics({ register: metrics.registry, prefix: 'studio_worker_' });
    const queue = this.turns;
    new Gauge({
      name: 'studio_turn_queue_depth',
      help: 'Turn jobs by state (waiting includes turns waiting behind another of their project)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        const counts = await queue.getJobCounts('wait', 'delayed', 'active');
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  async onModuleInit() {
    if (!this.env.WORKER_METRICS_PORT) return;
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      const access = metricsAccess(req.headers.authorization, this.env.METRICS_TOKEN);
      if (access === 'off') return void res.writeHead(404).end();
      if (access === 'refused') return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      this.metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(body))
        .catch((err) => res.writeHead(500).end(String(err)));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.env.WORKER_METRICS_PORT, this.env.HOST, resolve));
    this.logger.log(`metrics on :${this.env.WORKER_METRICS_PORT}/metrics`);
  }

  async onModuleDestroy() {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
