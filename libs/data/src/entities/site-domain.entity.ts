import type { DomainStatus } from '@studio/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { SiteEntity } from './site.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * A custom domain a site claims. Several sites may claim the same domain (pending); one at most holds it
 * verified, which is the one it is served for (the partial unique index).
 */
@Entity({ name: 'site_domains' })
@Unique('site_domains_site_domain_key', ['siteId', 'domain'])
@Index('site_domains_verified_domain_idx', ['domain'], { unique: true, where: `status = 'verified'` })
@Check('site_domains_status_check', `status IN ('pending', 'verified')`)
export class SiteDomainEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'site_domains_site_id_fkey' })
  site?: Relation<SiteEntity>;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'site_domains_owner_id_fkey' })
  owner?: Relation<UserEntity>;

  /** Lowercase, no trailing dot (contracts' domainSchema). */
  @Column({ type: 'text' })
  domain: string;

  /** The value the TXT record at `_studio-verify.<domain>` must hold. */
  @Column({ type: 'text' })
  token: string;

  @Column({ type: 'text', default: 'pending' })
  status: DomainStatus;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  /** Why the last check failed, or why it lost its verification (taken over by another site). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
