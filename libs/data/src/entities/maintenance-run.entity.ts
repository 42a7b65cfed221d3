import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What one storage-lifecycle run removed (migration 1764640000000). */
@Entity({ name: 'maintenance_runs' })
@Index('maintenance_runs_started_idx', ['startedAt'])
export class MaintenanceRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  job: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  removed: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
