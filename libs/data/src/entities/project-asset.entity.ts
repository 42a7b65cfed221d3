import type { AssetVariantView, UploadMediaType } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ProjectEntity } from './project.entity.js';

/**
 * What the platform knows about an asset's bytes (size, pixels, colour, alt text, variants). Keyed by the
 * sha256 of the stored original, not by path: listing a version's assets joins its manifest's files to these
 * rows by hash, so a restore or a rename keeps the metadata that belongs to the bytes.
 */
@Entity({ name: 'project_assets' })
@Check('project_assets_kind_check', `kind IN ('image', 'font')`)
export class ProjectAssetEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'project_assets_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  /** Hex sha256 of the cleaned original as stored. */
  @PrimaryColumn({ type: 'text' })
  sha256: string;

  /** Where it was stored first (a version may have it elsewhere now). */
  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'text' })
  kind: 'image' | 'font';

  @Column({ name: 'content_type', type: 'text' })
  contentType: UploadMediaType;

  /** Of the original. */
  @Column({ type: 'integer' })
  bytes: number;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Column({ name: 'dominant_color', type: 'text', nullable: true })
  dominantColor: string | null;

  @Column({ type: 'text', default: '' })
  alt: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  variants: AssetVariantView[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
