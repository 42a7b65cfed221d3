import type { ErrorBody } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

export type ExportKind = 'source' | 'static';
export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed';

/** A downloadable zip of one version: its source, or the site `vite build` made of it (docs/API.md "Exports"). */
@Entity({ name: 'exports' })
@Index('exports_owner_idx', ['ownerId', 'createdAt'])
@Index('exports_expiry_idx', ['expiresAt'])
@Check('exports_kind_check', `kind IN ('source', 'static')`)
@Check('exports_status_check', `status IN ('queued', 'running', 'ready', 'failed')`)
export class ExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'exports_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  /** Denormalised from the project so every read is scoped by owner in one condition. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'exports_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  @Column({ type: 'text' })
  kind: ExportKind;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', default: 'queued' })
  status: ExportStatus;

  /** 0 to 1. */
  @Column({ type: 'real', default: 0 })
  progress: number;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  sizeBytes: number | null;

  @Column({ type: 'jsonb', nullable: true })
  error: ErrorBody | null;

  /** The zip's key in the object store (under the project's prefix), once it is there. */
  @Column({ name: 'object_key', type: 'text', nullable: true })
  objectKey: string | null;

  /** After this the zip is deleted and the export forgotten. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
