import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { TurnEntity } from './turn.entity.js';

/** The audit trail of a turn: each stage with its timing, retries, fallbacks, refusals, the outcome. */
@Entity({ name: 'turn_events' })
@Index('turn_events_turn_at_idx', ['turnId', 'at'])
export class TurnEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'turn_id', type: 'uuid' })
  turnId: string;

  @ManyToOne(() => TurnEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'turn_id', foreignKeyConstraintName: 'turn_events_turn_id_fkey' })
  turn?: Relation<TurnEntity>;

  /** `stage`, `retry`, `fallback`, `refused`, `continuation`, `repair`, `completed`, `failed`, ... */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;
}
