import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** A URL a user asked to be told about events at, with the secret its deliveries are signed with. */
@Entity({ name: 'webhooks' })
@Index('webhooks_owner_idx', ['ownerId'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'webhooks_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  @Column({ type: 'text' })
  url: string;

  /** HMAC-SHA256 key of the signature header; shown to the user once, when the webhook is created. */
  @Column({ type: 'text' })
  secret: string;

  /** Event names it wants (contracts WEBHOOK_EVENTS). */
  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
