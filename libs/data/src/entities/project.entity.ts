import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Entity({ name: 'projects' })
@Index('projects_owner_created_idx', ['ownerId', 'createdAt'])
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'projects_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'template_id', type: 'text' })
  templateId: string;

  /** The version the project's files are at; moved only by compare-and-swap (docs/ARCHITECTURE.md). */
  @Column({ name: 'head_version', type: 'integer', default: 1 })
  headVersion: number;

  /** The seq of the project's latest event (project_events); incremented with each one. */
  @Column({ name: 'event_seq', type: 'integer', default: 0 })
  eventSeq: number;

  /** Set while the project is archived (untouched for PROJECT_ARCHIVE_AFTER_DAYS): no preview, no cache; a visit brings it back. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** When someone last opened the project (the archiver's clock, with updated_at). */
  @Column({ name: 'last_opened_at', type: 'timestamptz', nullable: true })
  lastOpenedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
