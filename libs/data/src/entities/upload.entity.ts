import type { ErrorBody, UploadMediaType, UploadPurpose, UploadStatus } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

/** Purpose `asset`, done: the version that committed the asset and the path it was stored at. */
export interface AssetUploadResult {
  version: number;
  path: string;
}

/** Purpose `chat`, done: the processed picture's object key and what it is. */
export interface ChatUploadResult {
  key: string;
  width: number;
  height: number;
  contentType: UploadMediaType;
}

export type UploadResult = AssetUploadResult | ChatUploadResult;

/** Postgres returns bigint as a string (it can pass 2^53); the sizes here never do. */
const bigintNumber = { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One file a person sends (docs/API.md "Assets and uploads"): the API creates it pending with a presigned PUT,
 * the browser puts the bytes at `objectKey`, completing hands it to the worker, which checks the bytes and
 * marks it done or refused. Pending ones that are never completed expire.
 */
@Entity({ name: 'uploads' })
@Index('uploads_owner_status_idx', ['ownerId', 'status'])
@Index('uploads_status_expiry_idx', ['status', 'expiresAt'])
@Check('uploads_purpose_check', `purpose IN ('asset', 'chat')`)
@Check('uploads_status_check', `status IN ('pending', 'processing', 'done', 'refused', 'expired')`)
export class UploadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'uploads_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'uploads_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ type: 'text' })
  purpose: UploadPurpose;

  /** As the person had it; the stored path is derived from it, never used as is. */
  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  /** What the upload declared; the worker refuses bytes of another type. */
  @Column({ name: 'content_type', type: 'text' })
  contentType: UploadMediaType;

  /** The length the presigned PUT was signed for; counted against the quota until the upload is done. */
  @Column({ name: 'declared_size', type: 'bigint', transformer: bigintNumber })
  declaredSize: number;

  @Column({ type: 'text', nullable: true })
  alt: string | null;

  /** Purpose `asset`: the asset path these bytes replace. */
  @Column({ type: 'text', nullable: true })
  replaces: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: UploadStatus;

  @Column({ type: 'jsonb', nullable: true })
  error: ErrorBody | null;

  /** Where the browser PUTs the bytes: under the project's prefix, so purging the project removes it. */
  @Column({ name: 'object_key', type: 'text' })
  objectKey: string;

  /** Bytes kept once processed (the cleaned original and its variants, or the chat picture): counted against the quota. */
  @Column({ name: 'stored_bytes', type: 'bigint', default: 0, transformer: bigintNumber })
  storedBytes: number;

  @Column({ type: 'jsonb', nullable: true })
  result: UploadResult | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** A pending upload not completed by then expires (its presigned URL has long run out). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
