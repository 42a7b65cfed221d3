import type { WebhookEvent } from '@studio/contracts';
import { type WebhookAttempt, type WebhookDeliveryStatus, WebhookDeliveryEntity, WebhookEntity } from '@studio/data';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A delivery with what sending it needs from its webhook. */
export interface PendingDelivery {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  url: string;
  secret: string;
  active: boolean;
}

/**
 * The id of the delivery of one dispatch to one webhook, derived from both (a name-based UUID), so a
 * dispatch job that runs again after a failure finds the rows it already made instead of doubling them.
 */
export function deliveryIdFor(dispatchId: string, webhookId: string): string {
  const h = createHash('sha256').update(`webhook-delivery:${dispatchId}:${webhookId}`).digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The webhooks tables as the worker uses them. Every read starts from an owner or a delivery id. */
export class WebhookDeliveries {
  constructor(private readonly db: DataSource) {}

  /**
   * One pending delivery for each of the owner's active webhooks that subscribed to the event; returns
   * their ids (existing ones included, for a dispatch that runs again). The payload is the body to send.
   */
  async create(ownerId: string, event: WebhookEvent, data: Record<string, unknown>, dispatchId: string, createdAt: Date): Promise<string[]> {
    const hooks = await this.db
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .select(['w.id'])
      .where('w.ownerId = :ownerId AND w.active AND :event = ANY(w.events)', { ownerId, event })
      .getMany();
    if (!hooks.length) return [];
    const rows = hooks.map((h) => {
      const id = deliveryIdFor(dispatchId, h.id);
      return { id, webhookId: h.id, event, status: 'pending' as const, payload: { id, event, createdAt: createdAt.toISOString(), data } };
    });
    await this.db.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(rows).orIgnore().execute();
    return rows.map((r) => r.id);
  }

  /** The delivery and its webhook; null when the webhook was deleted (its deliveries went with it). */
  async load(deliveryId: string): Promise<PendingDelivery | null> {
    const [row] = await this.db.query(
      `SELECT d.id, d.event, d.payload, d.status, w.url, w.secret, w.active
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return (row as PendingDelivery | undefined) ?? null;
  }

  /** Appends an attempt to the log and sets the status (in one statement: the log never misses an attempt). */
  async record(deliveryId: string, attempt: WebhookAttempt, status: WebhookDeliveryStatus): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts || $2::jsonb, status = $3, updated_at = now(),
              delivered_at = CASE WHEN $3 = 'succeeded' THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [deliveryId, JSON.stringify([attempt]), status],
    );
  }
}
