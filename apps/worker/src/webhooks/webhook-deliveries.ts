import { createHash } from 'node:crypto';
import type { WebhookEvent } from '@studio/contracts';
import type { NewDelivery } from '@studio/data';

/**
 * The id of the delivery of one dispatch to one webhook, derived from both (a name-based UUID), so a
 * dispatch job that runs again after a failure finds the rows it already made instead of doubling them.
 */
export function deliveryIdFor(dispatchId: string, webhookId: string): string {
  const h = createHash('sha256').update(`webhook-delivery:${dispatchId}:${webhookId}`).digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** One delivery of the event for each webhook; the payload is the body to send (signed as is). */
export function deliveriesOf(webhookIds: string[], event: WebhookEvent, data: Record<string, unknown>, dispatchId: string, createdAt: Date): NewDelivery[] {
  return webhookIds.map((webhookId) => {
    const id = deliveryIdFor(dispatchId, webhookId);
    return { id, webhookId, event, payload: { id, event, createdAt: createdAt.toISOString(), data } };
  });
}
