import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type DomainView, domainVerifyName } from '@studio/contracts';
import { DbScope, type SiteDomainEntity, SiteDomainsRepository, type SiteEntity, SitesRepository } from '@studio/data';
import { DOMAIN_VERIFIER, type DomainVerifier, ENV } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { siteHostMatcher } from '../site-host/site-host-name.js';
import { MAX_DOMAINS_PER_SITE, platformHostOf, platformHosts } from './domains.policy.js';
import { SiteChanges } from './site-changes.js';
import { SitesService } from './sites.service.js';

// A DNS name is at most 253 characters; with a port and a trailing dot, a little more. Longer is nobody's.
const MAX_HOST_CHARS = 300;

export type DomainRows = Pick<SiteDomainsRepository, 'list' | 'add' | 'find' | 'remove' | 'markVerified' | 'markUnverified' | 'markChecked' | 'isServed'>;

export function toDomainView(d: SiteDomainEntity): DomainView {
  return {
    id: d.id,
    domain: d.domain,
    status: d.status,
    verification: { type: 'TXT', name: domainVerifyName(d.domain), value: d.token },
    ...(d.verifiedAt ? { verifiedAt: d.verifiedAt.toISOString() } : {}),
    ...(d.lastCheckedAt ? { lastCheckedAt: d.lastCheckedAt.toISOString() } : {}),
    ...(d.lastError ? { lastError: d.lastError } : {}),
    createdAt: d.createdAt.toISOString(),
  };
}

/**
 * A site's custom domains (docs/API.md "Sites and publishing", docs/ARCHITECTURE.md "Custom domains and TLS"):
 * added pending with a token, verified by its TXT record, served only while verified; and the question a
 * TLS edge asks before it gets a certificate for a host. Looked up by owner: another user's site or domain
 * does not exist.
 */
@Injectable()
export class DomainsService {
  private readonly reserved: string[];
  private readonly siteHost: ReturnType<typeof siteHostMatcher>;

  // Typed by the calls made of each (injected by their classes), so a unit test can answer them.
  constructor(
    @Inject(SitesRepository) private readonly sites: Pick<SitesRepository, 'liveByHost' | 'findById'>,
    @Inject(SiteDomainsRepository) private readonly domains: DomainRows,
    @Inject(SitesService) private readonly siteOwner: Pick<SitesService, 'requireSite'>,
    @Inject(SiteChanges) private readonly changes: Pick<SiteChanges, 'announce'>,
    @Inject(DOMAIN_VERIFIER) private readonly verifier: DomainVerifier,
    @Inject(ENV) env: Pick<Env, 'SITES_DOMAIN' | 'PREVIEW_DOMAIN' | 'PUBLIC_URL'>,
  ) {
    this.reserved = platformHosts(env);
    this.siteHost = siteHostMatcher(env.SITES_DOMAIN);
  }

  async list(ownerId: string, projectId: string): Promise<DomainView[]> {
    const site = await this.siteOf(ownerId, projectId);
    return (await this.domains.list(ownerId, site.id)).map(toDomainView);
  }

  async add(ownerId: string, projectId: string, domain: string): Promise<DomainView> {
    const site = await this.siteOf(ownerId, projectId);
    const platformHost = platformHostOf(domain, this.reserved);
    if (platformHost) throw new DomainError('DOMAIN_NOT_ALLOWED', `${domain} is one of this platform's own host names (${platformHost}).`, { domain });
    // Counted before the insert: two adds racing past the cap leave a site a domain or two over, never unbounded.
    const existing = await this.domains.list(ownerId, site.id);
    if (existing.length >= MAX_DOMAINS_PER_SITE) {
      throw new DomainError('QUOTA_EXCEEDED', `A site may have ${MAX_DOMAINS_PER_SITE} domains; remove one first.`, { limit: MAX_DOMAINS_PER_SITE });
    }
    // No change notice: a pending domain changes nothing a site host serves.
    const row = await this.domains.add(ownerId, site.id, domain, randomBytes(16).toString('hex'));
    return toDomainView(row);
  }

  /**
   * Looks the record up now. Verified: served for this site, and taken over from any other site whose owner
   * no longer proves it (theirs goes back to pending). Not verified: 409 with what the resolver found, and a
   * domain that was verified stops being served when the record is gone or holds another value.
   */
  async verify(ownerId: string, projectId: string, domainId: string): Promise<DomainView> {
    const site = await this.siteOf(ownerId, projectId);
    const row = await this.domainOf(ownerId, site.id, domainId);
    const result = await this.verifier.check(row.domain, row.token);
    if (result.ok) {
      // The site serving it now, if another: its site hosts remember the domain under that site's id, so
      // they must hear of the change too, or they would serve the old site until their cache expired.
      // A takeover reaches another owner's rows (their site, their row for this domain, demoted): the system
      // scope of row-level security, after the checks above proved the domain and the row are this person's.
      const { verified, previous } = await DbScope.asSystem('domain takeover', async () => {
        const before = await this.sites.liveByHost({ domain: row.domain });
        const verified = await this.domains.markVerified(row.id);
        const previous = before && before.siteId !== site.id ? await this.sites.findById(before.siteId) : null;
        return { verified, previous };
      });
      if (previous) await this.changes.announce(previous);
      await this.changes.announce(site);
      return toDomainView(verified);
    }
    // An answer without the token ends a verified domain; no answer (a timeout) proves nothing either way.
    if (row.status === 'verified' && result.failure !== 'lookup-failed') {
      await this.domains.markUnverified(row.id, result.reason);
      await this.changes.announce(site);
    } else {
      await this.domains.markChecked(row.id, result.reason);
    }
    throw new DomainError('DOMAIN_NOT_VERIFIED', `${row.domain} is not verified: ${result.reason}.`, {
      name: domainVerifyName(row.domain),
      expected: row.token,
      found: result.found,
    });
  }

  async remove(ownerId: string, projectId: string, domainId: string): Promise<void> {
    const site = await this.siteOf(ownerId, projectId);
    const row = await this.domainOf(ownerId, site.id, domainId);
    await this.domains.remove(ownerId, row.id);
    await this.changes.announce(site);
  }

  /**
   * Whether this platform serves `host` (docs/ARCHITECTURE.md "Custom domains and TLS"): `<slug>.<SITES_DOMAIN>`
   * of a published site, or a verified domain of one. A TLS edge asks before it requests a certificate, so
   * nobody makes it fetch certificates for names that are not ours.
   */
  async isServed(host: unknown): Promise<boolean> {
    // The site host's own reading of a Host, so the edge gets certificates for exactly the names it serves.
    const name = typeof host === 'string' && host.length <= MAX_HOST_CHARS ? this.siteHost(host) : null;
    if (!name) return false;
    if ('slug' in name) return (await this.sites.liveByHost(name)) !== null;
    return this.domains.isServed(name.domain);
  }

  private async siteOf(ownerId: string, projectId: string): Promise<SiteEntity> {
    return (await this.siteOwner.requireSite(ownerId, projectId)).site;
  }

  private async domainOf(ownerId: string, siteId: string, domainId: string): Promise<SiteDomainEntity> {
    const row = isUuid(domainId) ? await this.domains.find(ownerId, domainId) : null;
    if (!row || row.siteId !== siteId) throw new DomainError('DOMAIN_NOT_FOUND', 'No such domain on this site.');
    return row;
  }
}
