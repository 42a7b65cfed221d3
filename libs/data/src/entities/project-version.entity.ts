import type { VersionSource } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ProjectEntity } from './project.entity.js';

/** One file of a version: its content's SHA-256 (the blob's name in S3) and its size. */
export interface ManifestEntry {
  sha256: string;
  size: number;
}

/** path → entry. A version is this map; the bytes live in S3 under the hashes. */
export type Manifest = Record<string, ManifestEntry>;

export interface StoredChange {
  action: 'write' | 'delete' | 'rename';
  path: string;
  from?: string;
}

/**
 * An immutable version of a project's files. Versions are only ever added, never changed or removed; only
 * the name a person gives one (a checkpoint) is set later.
 */
@Entity({ name: 'project_versions' })
@Check('project_versions_source_check', `source IN ('template', 'ai', 'user', 'restore')`)
export class ProjectVersionEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'project_versions_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ type: 'jsonb' })
  manifest: Manifest;

  @Column({ type: 'text' })
  source: VersionSource;

  @Column({ name: 'turn_id', type: 'uuid', nullable: true })
  turnId: string | null;

  @Column({ type: 'text', default: '' })
  message: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes: StoredChange[];

  /** A checkpoint's name ("before the redesign"); null when unnamed. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** The version this one was made from (null for version 1). */
  @Column({ name: 'base_version', type: 'integer', nullable: true })
  baseVersion: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
