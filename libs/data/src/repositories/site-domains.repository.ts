import { StudioError } from '@studio/contracts';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { SiteEntity } from '../entities/site.entity.js';
import { SiteDomainEntity } from '../entities/site-domain.entity.js';
import { violatedConstraint } from './unique-violation.js';

const SITE_DOMAIN_CONSTRAINT = 'site_domains_site_domain_key';
/** What a site's row says when another site verified the same domain after it. */
export const DOMAIN_TAKEN_OVER = 'Verified by another site since; verify again to take it back.';

const notFound = () => new StudioError('DOMAIN_NOT_FOUND', 'No such domain on this site.');

/**
 * The `site_domains` rows. A domain may be claimed by several sites but held verified by one at most (the
 * partial unique index): verifying it takes it from whichever site held it, in one transaction serialised per
 * domain, so the index is never violated and a domain is never served for two sites.
 */
export class SiteDomainsRepository {
  private readonly domains: Repository<SiteDomainEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.domains = db.getRepository(SiteDomainEntity);
  }

  /** The owner's site's domains, in the order they were added. */
  list(ownerId: string, siteId: string): Promise<SiteDomainEntity[]> {
    return this.domains.find({ where: { ownerId, siteId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Pending until verified. The same domain twice on one site: DOMAIN_ALREADY_ADDED; another's site: SITE_NOT_FOUND. */
  async add(ownerId: string, siteId: string, domain: string, token: string): Promise<SiteDomainEntity> {
    if (!(await this.db.getRepository(SiteEntity).existsBy({ id: siteId, ownerId }))) throw new StudioError('SITE_NOT_FOUND', 'This project has no site.');
    try {
      return await this.domains.save(this.domains.create({ ownerId, siteId, domain, token, status: 'pending' }));
    } catch (err) {
      if (violatedConstraint(err) === SITE_DOMAIN_CONSTRAINT) throw new StudioError('DOMAIN_ALREADY_ADDED', `${domain} is already added to this site.`, { domain });
      throw err;
    }
  }

  find(ownerId: string, domainId: string): Promise<SiteDomainEntity | null> {
    return this.domains.findOneBy({ id: domainId, ownerId });
  }

  /** Whoever owns it: for the recheck job. */
  findById(domainId: string): Promise<SiteDomainEntity | null> {
    return this.domains.findOneBy({ id: domainId });
  }

  /** False when there was none (or it is another owner's). */
  async remove(ownerId: string, domainId: string): Promise<boolean> {
    const res = await this.domains.delete({ id: domainId, ownerId });
    return Boolean(res.affected);
  }

  /** This row verified; any other site's verified row for the same domain back to pending (taken over). */
  markVerified(domainId: string): Promise<SiteDomainEntity> {
    return this.db.transaction(async (tx) => {
      const rows = tx.getRepository(SiteDomainEntity);
      const row = await rows.findOneBy({ id: domainId });
      if (!row) throw notFound();
      // Two sites verifying one domain at once: the second waits here, then demotes the first.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('site-domain:' || $1))`, [row.domain]);
      await tx
        .createQueryBuilder()
        .update(SiteDomainEntity)
        .set({ status: 'pending', verifiedAt: null, lastError: DOMAIN_TAKEN_OVER })
        .where(`domain = :domain AND status = 'verified' AND id <> :domainId`, { domain: row.domain, domainId })
        .execute();
      const res = await rows.update({ id: domainId }, { status: 'verified', verifiedAt: () => 'now()', lastCheckedAt: () => 'now()', lastError: null });
      if (!res.affected) throw notFound();
      return rows.findOneByOrFail({ id: domainId });
    });
  }

  /** Back to pending (the record went away or changed): the host stops serving it at once. */
  async markUnverified(domainId: string, error: string): Promise<void> {
    await this.domains.update({ id: domainId }, { status: 'pending', verifiedAt: null, lastCheckedAt: () => 'now()', lastError: error });
  }

  /** A check that changed nothing about the status: when it ran and what it found wrong (null: nothing). */
  async markChecked(domainId: string, error: string | null): Promise<void> {
    await this.domains.update({ id: domainId }, { lastCheckedAt: () => 'now()', lastError: error });
  }

  /** Every verified domain, least recently checked first: the recheck job's work list. */
  verified(): Promise<SiteDomainEntity[]> {
    return this.domains.createQueryBuilder('sd').where(`sd.status = 'verified'`).orderBy('sd.last_checked_at', 'ASC', 'NULLS FIRST').addOrderBy('sd.id', 'ASC').getMany();
  }

  /** Whether the host is a verified domain of a published site (the TLS edge's "is this domain ours?"). */
  async isServed(host: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM site_domains sd JOIN sites s ON s.id = sd.site_id
        WHERE sd.domain = $1 AND sd.status = 'verified' AND s.live_deployment_id IS NOT NULL LIMIT 1`,
      [host.toLowerCase()],
    );
    return rows.length > 0;
  }
}
