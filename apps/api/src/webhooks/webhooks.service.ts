import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CreateWebhookBody, WebhookDeliveryView, WebhookView } from '@studio/contracts';
import { type WebhookDeliveryEntity, type WebhookEntity, WebhooksRepository } from '@studio/data';
import { AddressPolicy, resolveWebhookTarget } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';

/** Enough for every system a person wires up, few enough that one event cannot fan out into a flood. */
export const MAX_WEBHOOKS_PER_USER = 20;

export const toWebhookView = (w: WebhookEntity): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

export const toDeliveryView = (d: WebhookDeliveryEntity): WebhookDeliveryView => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt.toISOString(),
  ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
});

/** A user's webhooks, always looked up by owner and id together: another user's webhook does not exist (404). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly policy: AddressPolicy,
  ) {}

  /**
   * Checks the URL (scheme, no credentials, every address it resolves to) before anything is stored; the
   * secret is shown in this answer and never again.
   */
  async create(ownerId: string, body: CreateWebhookBody): Promise<WebhookView> {
    const target = await resolveWebhookTarget(body.url, this.policy);
    const secret = body.secret ?? randomBytes(32).toString('hex');
    const saved = await this.webhooks.create({ ownerId, url: target.url.href, secret, events: body.events }, MAX_WEBHOOKS_PER_USER);
    if (!saved) {
      throw new DomainError('CONFLICT', `You have ${MAX_WEBHOOKS_PER_USER} webhooks, the most one account may have; delete one first.`, { limit: MAX_WEBHOOKS_PER_USER });
    }
    return { ...toWebhookView(saved), secret };
  }

  async list(ownerId: string): Promise<WebhookView[]> {
    const rows = await this.webhooks.listOwned(ownerId);
    return rows.map(toWebhookView);
  }

  /** Deleting a webhook deletes its delivery log (cascade); a delivery still queued is dropped by the worker. */
  async remove(ownerId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.webhooks.deleteOwned(ownerId, id))) throw notFound();
  }

  /** The webhook's deliveries, newest first, each with every attempt. */
  async deliveries(ownerId: string, id: string, limit: number): Promise<WebhookDeliveryView[]> {
    const hook = isUuid(id) ? await this.webhooks.findOwned(ownerId, id) : null;
    if (!hook) throw notFound();
    const rows = await this.webhooks.deliveries(hook.id, limit);
    return rows.map(toDeliveryView);
  }
}

const notFound = () => new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook.');
