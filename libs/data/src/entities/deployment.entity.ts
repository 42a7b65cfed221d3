import type { DeploymentManifest, DeploymentStage, DeploymentStatus, ErrorBody } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.js';
import { ProjectEntity } from './project.entity.js';
import type { PublishTargetKind } from './site.entity.js';
import { SiteEntity } from './site.entity.js';
import { UserEntity } from './user.entity.js';

/** One publish of one version: built, stored under `projects/<projectId>/deployments/<id>/`, then maybe made live. */
@Entity({ name: 'deployments' })
@Index('deployments_site_created_idx', ['siteId', 'createdAt'])
@Check('deployments_status_check', `status IN ('queued', 'building', 'ready', 'failed')`)
@Check('deployments_target_kind_check', `target_kind IN ('builtin', 's3')`)
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'deployments_site_id_fkey' })
  site?: Relation<SiteEntity>;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'deployments_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'deployments_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  /** The project version it was built from. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', default: 'queued' })
  status: DeploymentStatus;

  /** 0 to 1. */
  @Column({ type: 'real', default: 0 })
  progress: number;

  @Column({ type: 'text', nullable: true })
  stage: DeploymentStage | null;

  @Column({ type: 'jsonb', nullable: true })
  error: ErrorBody | null;

  /** Where it was published (the site's target when it was requested). */
  @Column({ name: 'target_kind', type: 'text' })
  targetKind: PublishTargetKind;

  /** Every stored file of the deployment, written when it becomes ready. */
  @Column({ type: 'jsonb', nullable: true })
  manifest: DeploymentManifest | null;

  @Column({ name: 'file_count', type: 'integer', nullable: true })
  fileCount: number | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: bigintNumber })
  sizeBytes: number | null;

  @Column({ name: 'build_ms', type: 'integer', nullable: true })
  buildMs: number | null;

  @Column({ name: 'publish_ms', type: 'integer', nullable: true })
  publishMs: number | null;

  /** Set (before the objects go) when retention removes its files: it can no longer be rolled back to. */
  @Column({ name: 'files_deleted_at', type: 'timestamptz', nullable: true })
  filesDeletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'ready_at', type: 'timestamptz', nullable: true })
  readyAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
