import { Injectable, Logger } from '@nestjs/common';
import type { WebhookEvent } from '@studio/contracts';
import { JobQueue } from '../infra/job-queue.service.js';

/**
 * Tells the owner's webhooks that something happened on the API's side (a person's edit, a restore).
 * Fire and forget: it enqueues a `webhook.dispatch` job and never fails or delays the request; if Redis is
 * down the event is logged as lost (the API's queue connection fails fast rather than waiting).
 */
@Injectable()
export class WebhookPublisher {
  private readonly logger = new Logger(WebhookPublisher.name);

  constructor(private readonly jobs: JobQueue) {}

  publish(ownerId: string, event: WebhookEvent, data: Record<string, unknown>, requestId?: string): void {
    this.jobs
      .enqueue('webhook.dispatch', { ownerId, event, data, ...(requestId ? { requestId } : {}) })
      .catch((err) => this.logger.warn({ msg: 'webhook event not published', event, ownerId, requestId, err: String((err as Error)?.message ?? err) }));
  }
}
