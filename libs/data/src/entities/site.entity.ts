import type { PublishTargetView } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { DeploymentEntity } from './deployment.entity.js';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

export type PublishTargetKind = PublishTargetView['kind'];
/** A bucket target as shown (the view minus `kind`); its secret access key is sealed apart in `targetSecret`. */
export type S3TargetConfig = Omit<Extract<PublishTargetView, { kind: 's3' }>, 'kind'>;

/**
 * A project's site (at most one): its address (slug), settings, where it is published, and the live pointer.
 * The pointer moves only in SitesRepository's transactions (activate, rollback, unpublish), each holding the
 * row's lock; `liveChangedAt` lets an activation that arrives after a rollback or an unpublish see that it
 * came too late (docs/ARCHITECTURE.md "Publishing").
 */
@Entity({ name: 'sites' })
@Check('sites_target_kind_check', `target_kind IN ('builtin', 's3')`)
export class SiteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid', unique: true })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'sites_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  /** Denormalised from the project so every read is scoped by owner in one condition. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'sites_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  /** The host label under SITES_DOMAIN; unique across every owner. */
  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** A project file (`public/assets/...`) for Open Graph; null: a screenshot of the published page. */
  @Column({ name: 'image_path', type: 'text', nullable: true })
  imagePath: string | null;

  @Column({ type: 'boolean', default: false })
  noindex: boolean;

  /** Null while unpublished. */
  @Column({ name: 'live_deployment_id', type: 'uuid', nullable: true })
  liveDeploymentId: string | null;

  @ManyToOne(() => DeploymentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'live_deployment_id', foreignKeyConstraintName: 'sites_live_deployment_id_fkey' })
  liveDeployment?: Relation<DeploymentEntity>;

  /**
   * When the pointer was last decided: the requested-at time of the deployment an activation made live, or
   * the moment of a rollback or unpublish. A deployment created before it never becomes live by finishing.
   */
  @Column({ name: 'live_changed_at', type: 'timestamptz', nullable: true })
  liveChangedAt: Date | null;

  /** When the live deployment became live; null while unpublished. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'target_kind', type: 'text', default: 'builtin' })
  targetKind: PublishTargetKind;

  /** The bucket's settings for `s3`, null for `builtin`. */
  @Column({ name: 'target_config', type: 'jsonb', nullable: true })
  targetConfig: S3TargetConfig | null;

  /** The bucket's secret access key, sealed (libs/platform secret-box); never returned by the API. */
  @Column({ name: 'target_secret', type: 'text', nullable: true })
  targetSecret: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
