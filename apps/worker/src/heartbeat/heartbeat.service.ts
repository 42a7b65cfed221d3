import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WORKER_HEARTBEAT_KEY, WORKER_HEARTBEAT_TTL_SECONDS } from '@studio/contracts';
import { REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';

/** Refreshes a short-lived key while the worker runs, so the API's /health can tell whether any worker is alive. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer?: NodeJS.Timeout;
  private readonly id = `${hostname()}:${process.pid}`;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationBootstrap() {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), (WORKER_HEARTBEAT_TTL_SECONDS * 1000) / 3);
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
  }

  private async beat() {
    try {
      await this.redis.set(WORKER_HEARTBEAT_KEY, this.id, 'EX', WORKER_HEARTBEAT_TTL_SECONDS);
    } catch (err) {
      this.logger.warn(`heartbeat: ${err}`);
    }
  }
}
