import type { UsageBilledTo, UsagePurpose } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { bigintNumber } from './bigint-number.js';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

/** One model call in the usage ledger (migration 1764600000000). Money in micro-dollars. */
@Entity({ name: 'usage_records' })
@Index('usage_records_user_created_idx', ['userId', 'createdAt'])
@Unique('usage_records_turn_seq_key', ['turnId', 'seq'])
@Check('usage_records_billed_to_check', `billed_to IN ('operator', 'own_key')`)
export class UsageRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'usage_records_user_id_fkey' })
  user?: Relation<UserEntity>;

  /** NULL once the project is deleted (the money was still spent). */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'usage_records_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'turn_id', type: 'uuid', nullable: true })
  turnId: string | null;

  /** The call's place among its turn's calls (0, 1, ...), across the leases of a recovered turn. */
  @Column({ type: 'integer', default: 0 })
  seq: number;

  @Column({ type: 'text' })
  purpose: UsagePurpose;

  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'text' })
  model: string;

  @Column({ name: 'input_tokens', type: 'integer', default: 0 })
  inputTokens: number;

  @Column({ name: 'cached_input_tokens', type: 'integer', default: 0 })
  cachedInputTokens: number;

  @Column({ name: 'output_tokens', type: 'integer', default: 0 })
  outputTokens: number;

  @Column({ name: 'cost_micro_usd', type: 'bigint', default: 0, transformer: bigintNumber })
  costMicroUsd: number;

  @Column({ name: 'billed_to', type: 'text', default: 'operator' })
  billedTo: UsageBilledTo;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
