import type { UserRole } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.js';

@Entity({ name: 'users' })
@Check('users_role_check', `role IN ('user', 'admin')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored trimmed and lower-cased; unique. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text', default: 'user' })
  role: UserRole;

  /** Set while an admin has disabled the account. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** An admin's monthly budget for this person, in micro-dollars; null: the configured default. */
  @Column({ name: 'monthly_budget_micro_usd', type: 'bigint', nullable: true, transformer: bigintNumber })
  monthlyBudgetMicroUsd: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
