import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { TURN_CANCEL_CHANNEL } from '@studio/contracts';
import { createPubSubRedis, ENV } from '@studio/platform';
import type { Redis } from 'ioredis';

/**
 * Stops a running turn the moment the person cancels it: the API publishes the turn id, and the worker
 * running it aborts the model stream. The database flag the API also sets is checked before the commit, so a
 * message lost here still cannot let a cancelled turn land.
 */
@Injectable()
export class Cancellations implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Cancellations.name);
  private readonly running = new Map<string, AbortController>();
  private subscriber?: Redis;

  constructor(@Inject(ENV) private readonly env: Env) {}

  async onModuleInit() {
    this.subscriber = createPubSubRedis(this.env.REDIS_URL, 'worker-cancel');
    this.subscriber.on('message', (_channel, turnId: string) => {
      const controller = this.running.get(turnId);
      if (!controller) return;
      this.logger.log({ msg: 'turn cancelled', turnId });
      controller.abort();
    });
    await this.subscriber.subscribe(TURN_CANCEL_CHANNEL);
  }

  async onModuleDestroy() {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Aborts every turn this worker is running with `reason` (shutting down); returns how many. */
  abortAll(reason: Error): number {
    for (const controller of this.running.values()) controller.abort(reason);
    return this.running.size;
  }

  /** The signal that aborts this turn's work; call the returned function when the turn ends. */
  register(turnId: string): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    this.running.set(turnId, controller);
    return { signal: controller.signal, release: () => this.running.delete(turnId) };
  }
}
