import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { SiteEntity } from './site.entity.js';

/** One post to a published site's form endpoint, as validated. Reached only through its site (owner-scoped). */
@Entity({ name: 'form_submissions' })
@Index('form_submissions_site_created_idx', ['siteId', 'createdAt'])
export class FormSubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'form_submissions_site_id_fkey' })
  site?: Relation<SiteEntity>;

  /** The form's name (the `<name>` of `/_forms/<name>`). */
  @Column({ type: 'text' })
  form: string;

  /** The path of the page the form was on. */
  @Column({ type: 'text' })
  page: string;

  @Column({ type: 'jsonb' })
  data: Record<string, string>;

  /** A keyed hash of the sender's address (for rate limits), never the address itself. */
  @Column({ name: 'address_hash', type: 'text' })
  addressHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
