import type { AuditAction, AuditActorKind } from '@studio/contracts';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One audit record (migration 1764620000000): append-only, enforced by a trigger. */
@Entity({ name: 'audit_events' })
@Check('audit_events_actor_kind_check', `actor_kind IN ('user', 'admin', 'system', 'anonymous')`)
@Index('audit_events_subject_idx', ['subjectUserId'])
@Index('audit_events_at_idx', ['at'])
export class AuditEventEntity {
  /** bigint identity, as a string (it orders the trail and pages it). Inserted rows get it from the database. */
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS', insert: false })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()', insert: false })
  at: Date;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: AuditActorKind;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'subject_user_id', type: 'uuid', nullable: true })
  subjectUserId: string | null;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;
}
