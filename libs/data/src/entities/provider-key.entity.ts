import type { ProviderKeyKind } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** A person's own model key (migration 1764610000000). `sealedKey` is never returned or logged. */
@Entity({ name: 'provider_keys' })
@Unique('provider_keys_user_provider_key', ['userId', 'provider'])
@Check('provider_keys_provider_check', `provider IN ('openai', 'anthropic', 'openai-compatible')`)
export class ProviderKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'provider_keys_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  provider: ProviderKeyKind;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @Column({ name: 'base_url', type: 'text', nullable: true })
  baseUrl: string | null;

  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Column({ type: 'text' })
  hint: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
