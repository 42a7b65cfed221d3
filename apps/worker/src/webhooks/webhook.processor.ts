import { InjectQueue, Processor } from '@nestjs/bullmq';
import { WebhooksRepository } from '@studio/data';
import type { Queue } from 'bullmq';
import { isLastAttempt, type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import { deliveriesOf } from './webhook-deliveries.js';

/**
 * The `webhooks` queue. `webhook.dispatch` turns an event into one delivery per subscribed webhook (rows
 * first, then one `webhook.deliver` job each, whose job id is the delivery id: enqueuing twice is a no-op);
 * `webhook.deliver` makes one attempt and throws on failure, so BullMQ retries it with the backoff of
 * WEBHOOK_JOB_OPTIONS until its attempts run out, when the delivery is marked failed.
 */
// Deliveries mostly wait on other people's servers: many run side by side.
@Processor('webhooks', { concurrency: 16 })
export class WebhookProcessor extends QueueProcessor<'webhooks'> {
  readonly queue = 'webhooks' as const;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliverer: WebhookDeliverer,
    @InjectQueue('webhooks') private readonly deliveryQueue: Queue,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<'webhooks'> = {
    'webhook.dispatch': async ({ ownerId, event, data }, job) => {
      // The job's id and creation time make a dispatch that runs again produce the same deliveries; the
      // time is in the key too, since BullMQ's job ids start again at 1 if Redis loses its data.
      const deliveries = deliveriesOf(await this.webhooks.subscribedTo(ownerId, event), event, data, `${job.id}@${job.timestamp}`, new Date(job.timestamp));
      await this.webhooks.addDeliveries(deliveries);
      await Promise.all(deliveries.map(({ id }) => this.fair.add(this.deliveryQueue, 'webhook.deliver', { deliveryId: id, ownerId }, { jobId: id })));
      return { deliveries: deliveries.length };
    },
    'webhook.deliver': async ({ deliveryId }, job) => ({ outcome: await this.deliverer.deliver(deliveryId, isLastAttempt(job)) }),
  };
}
