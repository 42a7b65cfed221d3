import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { repeatableJob, SITE_CHANGED_CHANNEL } from '@studio/contracts';
import { type SiteDomainEntity, SiteDomainsRepository } from '@studio/data';
import { DOMAIN_VERIFIER, type DomainVerifier, ENV, REDIS } from '@studio/platform';

/** The SiteDomainsRepository calls the recheck makes. */
export type VerifiedDomains = Pick<SiteDomainsRepository, 'verified' | 'markUnverified' | 'markChecked'>;
/** The calls it makes of Redis and of the maintenance queue. */
export interface ChangeNotices {
  publish(channel: string, message: string): Promise<number>;
}
export interface Scheduler {
  upsertJobScheduler(id: string, repeat: { every: number }, template: ReturnType<typeof repeatableJob>): Promise<unknown>;
}

// Lookups in flight at once: each may wait a few seconds on a silent resolver, and thousands run in one job.
const CONCURRENCY = 8;

/**
 * The `domains.recheck` job (docs/ARCHITECTURE.md "Custom domains and TLS"), every DOMAIN_RECHECK_SECONDS:
 * each verified domain's TXT record is looked up again. Gone, or holding another value: the domain goes back
 * to pending and every site host forgets it, so a domain the person gave up (or sold) stops being served.
 * A lookup that got no answer records its error and keeps the domain: a DNS outage must not take sites down.
 */
@Injectable()
export class DomainsRecheck implements OnModuleInit {
  private readonly logger = new Logger(DomainsRecheck.name);

  constructor(
    @Inject(SiteDomainsRepository) private readonly domains: VerifiedDomains,
    @Inject(DOMAIN_VERIFIER) private readonly verifier: DomainVerifier,
    @Inject(REDIS) private readonly redis: ChangeNotices,
    @Inject(ENV) private readonly env: Pick<Env, 'DOMAIN_RECHECK_SECONDS'>,
    @InjectQueue('maintenance') private readonly maintenance: Scheduler,
  ) {}

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit() {
    await this.maintenance.upsertJobScheduler('domains.recheck', { every: this.env.DOMAIN_RECHECK_SECONDS * 1000 }, repeatableJob('domains.recheck'));
  }

  async run(): Promise<{ checked: number; unverified: number; unanswered: number }> {
    const rows = await this.domains.verified();
    const outcome = { checked: rows.length, unverified: 0, unanswered: 0 };
    for (let i = 0; i < rows.length; i += CONCURRENCY) {
      const results = await Promise.all(rows.slice(i, i + CONCURRENCY).map((row) => this.recheck(row)));
      for (const r of results) if (r !== 'kept') outcome[r]++;
    }
    return outcome;
  }

  private async recheck(row: SiteDomainEntity): Promise<'kept' | 'unverified' | 'unanswered'> {
    const result = await this.verifier.check(row.domain, row.token);
    if (result.ok) {
      await this.domains.markChecked(row.id, null);
      return 'kept';
    }
    if (result.failure === 'lookup-failed') {
      await this.domains.markChecked(row.id, result.reason);
      return 'unanswered';
    }
    await this.domains.markUnverified(row.id, result.reason);
    // Not rethrown: the row is pending already, so a retry would not find it to announce again (what a site
    // host cached for the site lasts until its own refresh then).
    await this.redis.publish(SITE_CHANGED_CHANNEL, row.siteId).catch((err: unknown) => this.logger.warn({ msg: 'site change notice failed', siteId: row.siteId, err: String(err) }));
    this.logger.log({ msg: 'custom domain no longer verified', domainId: row.id, siteId: row.siteId, reason: result.reason });
    return 'unverified';
  }
}
