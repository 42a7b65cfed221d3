import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { WebhooksRepository } from '@studio/data';
import { AddressPolicy, DATA_SOURCE, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { WebhookProcessor } from './webhook.processor.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import { WebhookPublisher } from './webhook-publisher.js';

/**
 * Webhooks in the worker: the `webhooks` queue's processor, and the publisher other features call when
 * something happens (turns here; exports call it for `export.ready`).
 */
@Module({
  imports: [BullModule.registerQueue({ name: 'webhooks' })],
  providers: [
    { provide: AddressPolicy, inject: [ENV], useFactory: (env: Env) => AddressPolicy.fromList(env.WEBHOOK_ALLOWED_CIDRS) },
    { provide: WebhooksRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new WebhooksRepository(db) },
    WebhookDeliverer,
    WebhookProcessor,
    WebhookPublisher,
  ],
  exports: [WebhookPublisher, WebhookProcessor],
})
export class WebhooksModule {}
