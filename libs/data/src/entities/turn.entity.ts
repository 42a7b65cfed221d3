import type { ErrorBody, FileChangeView, RefusedChangeView, RenderCheckView, TurnStatus, TurnWarningView, UsageBilledTo, UsagePurpose, UsageView } from '@studio/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { bigintNumber } from './bigint-number.js';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

/** Accepted changes whose bytes are already in the blob store, kept until the commit lands. */
export interface PendingCommit {
  changes: ({ action: 'write'; path: string; sha256: string; size: number } | { action: 'delete'; path: string } | { action: 'rename'; from: string; path: string })[];
  response: string;
  refused: RefusedChangeView[];
  warnings?: TurnWarningView[];
  render?: RenderCheckView;
  usage: UsageView | null;
}

/** A model call of a turn as the ledger will record it (usage_records), money in micro-dollars. */
export interface BilledCall {
  seq: number;
  lease: number;
  purpose: UsagePurpose;
  provider: string;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  billedTo: UsageBilledTo;
}

/**
 * One chat turn: a message in, a reply and (when it completes) one new version out. Turns of a project run
 * one at a time in `created_at` order. `lease` fences the worker that runs it: a worker that lost its job to
 * another (stalled, then retried) can no longer complete it, so a turn never commits twice.
 */
@Entity({ name: 'turns' })
@Index('turns_project_created_idx', ['projectId', 'createdAt'])
@Index('turns_user_status_idx', ['userId', 'status'])
@Check('turns_status_check', `status IN ('queued', 'running', 'completed', 'failed', 'cancelled')`)
export class TurnEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'turns_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'turns_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text', default: 'queued' })
  status: TurnStatus;

  @Column({ type: 'text' })
  message: string;

  /** `provider:model` the person asked for, or null for the configured default. */
  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ type: 'text', default: '' })
  response: string;

  @Column({ name: 'base_version', type: 'integer', nullable: true })
  baseVersion: number | null;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes: FileChangeView[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  refused: RefusedChangeView[];

  /** Some of what the model wrote was not applied (`refused`). */
  @Column({ type: 'boolean', default: false })
  partial: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: TurnWarningView[];

  /** The platform's headless load of the page after the turn's changes; null when no preview ran. */
  @Column({ type: 'jsonb', nullable: true })
  render: RenderCheckView | null;

  @Column({ type: 'jsonb', nullable: true })
  usage: UsageView | null;

  @Column({ type: 'jsonb', nullable: true })
  error: ErrorBody | null;

  @Column({ name: 'pending_commit', type: 'jsonb', nullable: true })
  pendingCommit: PendingCommit | null;

  /**
   * The turn's model calls, persisted as each ends (across the leases of a recovered turn), so the ledger
   * written with the outcome has every call the provider billed, even one made by a worker that died.
   */
  @Column({ name: 'billed_calls', type: 'jsonb', default: () => "'[]'" })
  billedCalls: BilledCall[];

  /** What the turn holds of its owner's monthly budget (user_spend.reserved_micro_usd), released when it ends. */
  @Column({ name: 'reserved_micro_usd', type: 'bigint', default: 0, transformer: bigintNumber })
  reservedMicroUsd: number;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  @Column({ type: 'integer', default: 0 })
  lease: number;

  // clock_timestamp, not now(): two turns created in one transaction still get distinct, ordered times.
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** Refreshed every few seconds by the worker running the turn: a claim takes over only a turn that stopped beating. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
