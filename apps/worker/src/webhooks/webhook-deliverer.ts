import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { StudioError, WEBHOOK_HEADERS } from '@studio/contracts';
import { type WebhookAttempt, WebhooksRepository } from '@studio/data';
import { AddressPolicy, ENV, resolveWebhookTarget } from '@studio/platform';
import { postOnce, type SendResult } from './webhook-sender.js';
import { webhookSignature } from './webhook-signature.js';

const USER_AGENT = 'Studio-Webhooks/1';

/** A failed attempt, thrown so the queue retries it with backoff. Its message is safe to log (no secret). */
export class DeliveryAttemptFailed extends Error {}

export type DeliveryOutcome = 'succeeded' | 'dropped' | 'already-done';

/**
 * One attempt at one delivery: the URL is checked and resolved again (the API checked it at registration,
 * but what a name resolves to can change), the stored payload is sent signed, and the attempt is appended
 * to the delivery log whatever happens.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger(WebhookDeliverer.name);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly policy: AddressPolicy,
    private readonly webhooks: WebhooksRepository,
  ) {}

  /** `last`: no retry follows this attempt, so a failure is final. Throws DeliveryAttemptFailed otherwise. */
  async deliver(deliveryId: string, last: boolean): Promise<DeliveryOutcome> {
    const delivery = await this.webhooks.pendingDelivery(deliveryId);
    // Its webhook was deleted (and the delivery with it) or switched off: nobody wants it any more.
    if (!delivery || !delivery.active) return 'dropped';
    if (delivery.status !== 'pending') return 'already-done';

    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const at = new Date().toISOString();
    let result: SendResult;
    try {
      const target = await resolveWebhookTarget(delivery.url, this.policy);
      result = await postOnce(
        target,
        {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [WEBHOOK_HEADERS.event]: delivery.event,
          [WEBHOOK_HEADERS.delivery]: delivery.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: webhookSignature(delivery.secret, timestamp, body),
        },
        body,
        this.env.WEBHOOK_TIMEOUT_MS,
      );
    } catch (err) {
      // A refused address is the user's to see; anything else is ours, so they get a plain word for it.
      if (!(err instanceof StudioError)) this.logger.error({ msg: 'webhook delivery attempt broke', deliveryId, err: String((err as Error)?.stack ?? err) });
      result = { error: err instanceof StudioError ? err.message : 'the delivery could not be attempted', durationMs: 0 };
    }

    const attempt: WebhookAttempt = { at, ...(result.status !== undefined ? { status: result.status } : {}), ...(result.error ? { error: result.error } : {}), durationMs: result.durationMs };
    const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
    await this.webhooks.recordAttempt(deliveryId, attempt, ok ? 'succeeded' : last ? 'failed' : 'pending');
    if (ok) return 'succeeded';
    const why = result.error ? `${result.status ? `HTTP ${result.status}: ` : ''}${result.error}` : `HTTP ${result.status}`;
    if (last) this.logger.warn({ msg: 'webhook delivery failed for good', deliveryId, why });
    throw new DeliveryAttemptFailed(`webhook delivery ${deliveryId}: ${why}`);
  }
}
