import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { WebhookEntity } from './webhook.entity.js';

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One attempt to deliver, as the user reads it in the delivery log. */
export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why it failed without an answer (timeout, refused address...). */
  error?: string;
  durationMs: number;
}

/** One event sent (or being sent) to one webhook, with every attempt. */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_webhook_idx', ['webhookId', 'createdAt'])
@Check('webhook_deliveries_status_check', `status IN ('pending', 'succeeded', 'failed')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'webhook_deliveries_webhook_id_fkey' })
  webhook?: Relation<WebhookEntity>;

  @Column({ type: 'text' })
  event: string;

  /** The exact JSON body sent (signed as is). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: WebhookDeliveryStatus;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attempts: WebhookAttempt[];

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
