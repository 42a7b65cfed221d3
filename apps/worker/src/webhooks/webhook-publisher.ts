import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { type JobMap, type WebhookEvent } from '@studio/contracts';
import { FairShare } from '@studio/platform';
import type { Queue } from 'bullmq';

// The worker's queue connection waits for Redis to come back; a publisher must not hold on that long.
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Tells the owner's webhooks that something happened (the worker's side: turns, exports). Fire and forget:
 * it enqueues a `webhook.dispatch` job and never fails or delays its caller; if Redis is down, the event is
 * logged as lost and the caller goes on.
 */
@Injectable()
export class WebhookPublisher {
  private readonly logger = new Logger(WebhookPublisher.name);

  constructor(
    @InjectQueue('webhooks') private readonly queue: Queue,
    private readonly fair: FairShare,
  ) {}

  publish(ownerId: string, event: WebhookEvent, data: Record<string, unknown>, requestId?: string): void {
    const job: JobMap['webhook.dispatch'] = { ownerId, event, data, ...(requestId ? { requestId } : {}) };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    void Promise.race([this.fair.add(this.queue, 'webhook.dispatch', job), timeout])
      .catch((err) => this.logger.warn({ msg: 'webhook event not published', event, ownerId, requestId, err: String((err as Error)?.message ?? err) }))
      .finally(() => clearTimeout(timer));
  }
}
