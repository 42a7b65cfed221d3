import { Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { AddressPolicy, ENV } from '@studio/platform';
import { WebhookPublisher } from './webhook-publisher.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks in the API: the REST endpoints, and the publisher features call when something happens. */
@Module({
  controllers: [WebhooksController],
  providers: [{ provide: AddressPolicy, inject: [ENV], useFactory: (env: Env) => AddressPolicy.fromList(env.WEBHOOK_ALLOWED_CIDRS) }, WebhooksService, WebhookPublisher],
  exports: [WebhookPublisher],
})
export class WebhooksModule {}
