import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.js';

/** A person's spend in one UTC month (migration 1764600000000): operator-billed cost, and what running turns hold. */
@Entity({ name: 'user_spend' })
export class UserSpendEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

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
