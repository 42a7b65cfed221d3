import type { DataSource, EntityManager } from 'typeorm';
import { WebhookEntity } from '../entities/webhook.entity.js';
import { type WebhookAttempt, WebhookDeliveryEntity, type WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';

export interface NewWebhook {
  ownerId: string;
  url: string;
  secret: string;
  events: string[];
}

/** A delivery about to be stored: its id is derived by the caller, so storing it twice stores it once. */
export interface NewDelivery {
  id: string;
  webhookId: string;
  event: string;
  payload: Record<string, unknown>;
}

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
 * Webhooks (`webhooks`) and their delivery log (`webhook_deliveries`). The API registers and lists them, always
 * by owner; the worker fans events out into deliveries and records each attempt.
 */
export class WebhooksRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Stores the webhook unless the owner has `max` already (then null). */
  create(hook: NewWebhook, max: number): Promise<WebhookEntity | null> {
    return this.db.transaction(async (tx) => {
      // One creation at a time per owner, so two at once cannot both pass the count.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('webhooks:' || $1))`, [hook.ownerId]);
      const repo = tx.getRepository(WebhookEntity);
      if ((await repo.countBy({ ownerId: hook.ownerId })) >= max) return null;
      return repo.save(repo.create({ ...hook, active: true }));
    });
  }

  /** The owner's webhooks, newest first. */
  listOwned(ownerId: string): Promise<WebhookEntity[]> {
    return this.db.getRepository(WebhookEntity).find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findOwned(ownerId: string, id: string): Promise<WebhookEntity | null> {
    return this.db.getRepository(WebhookEntity).findOneBy({ id, ownerId });
  }

  /** Deletes the owner's webhook and its delivery log (cascade); false when there was none. */
  async deleteOwned(ownerId: string, id: string): Promise<boolean> {
    const res = await this.db.getRepository(WebhookEntity).delete({ id, ownerId });
    return Boolean(res.affected);
  }

  /** A webhook's deliveries, newest first, each with every attempt. */
  deliveries(webhookId: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.db.getRepository(WebhookDeliveryEntity).find({ where: { webhookId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** The ids of the owner's active webhooks that subscribed to the event. */
  async subscribedTo(ownerId: string, event: string): Promise<string[]> {
    const hooks = await this.db
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .select(['w.id'])
      .where('w.ownerId = :ownerId AND w.active AND :event = ANY(w.events)', { ownerId, event })
      .getMany();
    return hooks.map((h) => h.id);
  }

  /** Stores pending deliveries; one whose id is stored already is left as it is (a dispatch that runs again). */
  async addDeliveries(rows: NewDelivery[]): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status)
       SELECT r.id, r.webhook_id, r.event, r.payload, 'pending'
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, webhook_id uuid, event text, payload jsonb)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, webhook_id: r.webhookId, event: r.event, payload: r.payload })))],
    );
  }

  /** The delivery and its webhook; null when the webhook was deleted (its deliveries went with it). */
  async pendingDelivery(deliveryId: string): Promise<PendingDelivery | null> {
    const rows: PendingDelivery[] = await this.db.query(
      `SELECT d.id, d.event, d.payload, d.status, w.url, w.secret, w.active
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return rows[0] ?? null;
  }

  /** Appends an attempt to the log and sets the status (in one statement: the log never misses an attempt). */
  async recordAttempt(deliveryId: string, attempt: WebhookAttempt, status: WebhookDeliveryStatus): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts || $2::jsonb, status = $3, updated_at = now(),
              delivered_at = CASE WHEN $3 = 'succeeded' THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [deliveryId, JSON.stringify([attempt]), status],
    );
  }
}
