import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { bigintNumber } from './bigint-number.js';
import { SiteEntity } from './site.entity.js';

/** What the built-in host served for a site on one UTC day; counters are only ever incremented. */
@Entity({ name: 'site_traffic' })
export class SiteTrafficEntity {
  @PrimaryColumn({ name: 'site_id', type: 'uuid' })
  siteId: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'site_traffic_site_id_fkey' })
  site?: Relation<SiteEntity>;

  /** `YYYY-MM-DD` (Postgres `date`, which the driver returns as text). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  requests: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  bytes: number;
}
