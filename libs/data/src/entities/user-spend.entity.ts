import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { bigintNumber } from './bigint-number.js';
import { UserEntity } from './user.entity.js';

/** A person's spend in one UTC month (migration 1764600000000): operator-billed cost, and what running turns hold. */
@Entity({ name: 'user_spend' })
@Check('user_spend_reserved_check', 'reserved_micro_usd >= 0')
export class UserSpendEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_spend_user_id_fkey' })
  user?: Relation<UserEntity>;

  /** The month's first day, `YYYY-MM-01`. */
  @PrimaryColumn({ type: 'date' })
  period: string;

  @Column({ name: 'spent_micro_usd', type: 'bigint', default: 0, transformer: bigintNumber })
  spentMicroUsd: number;

  @Column({ name: 'reserved_micro_usd', type: 'bigint', default: 0, transformer: bigintNumber })
  reservedMicroUsd: number;

  /** When the person was told they passed BUDGET_WARNING_RATIO this month (once a month). */
  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt: Date | null;
}
