import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { SiteDomainEntity } from '../entities/site-domain.entity.js';
import { DOMAIN_TAKEN_OVER, SiteDomainsRepository } from './site-domains.repository.js';
import { SitesRepository } from './sites.repository.js';
import { liveDeployment, newOwner, newSite, uniqueSlug } from './testing/site-fixtures.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let domains: SiteDomainsRepository;
let sites: SitesRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 8 });
  await ds.initialize();
  domains = new SiteDomainsRepository(ds);
  sites = new SitesRepository(ds);
});
afterAll(() => ds.destroy());

const newDomain = () => `${uniqueSlug()}.example.test`;

describe('SiteDomainsRepository', () => {
  it("adds a domain pending, listed and found by the site's owner only", async () => {
    const site = await newSite(ds);
    const domain = newDomain();
    const added = await domains.add(site.ownerId, site.id, domain, 'tok-1');
    expect(added).toMatchObject({ siteId: site.id, ownerId: site.ownerId, domain, token: 'tok-1', status: 'pending', verifiedAt: null, lastCheckedAt: null, lastError: null });
    const second = await domains.add(site.ownerId, site.id, newDomain(), 'tok-2');
    expect((await domains.list(site.ownerId, site.id)).map((d) => d.id)).toEqual([added.id, second.id]);
    expect((await domains.find(site.ownerId, added.id))?.domain).toBe(domain);
    const stranger = await newOwner(ds);
    expect(await domains.list(stranger, site.id)).toEqual([]);
    expect(await domains.find(stranger, added.id)).toBeNull();
    expect((await domains.findById(added.id))?.id).toBe(added.id);
  });

  it("refuses the same domain twice on one site, and a domain on another owner's site", async () => {
    const site = await newSite(ds);
    const domain = newDomain();
    await domains.add(site.ownerId, site.id, domain, 'a');
    await expect(domains.add(site.ownerId, site.id, domain, 'b')).rejects.toMatchObject({ code: 'DOMAIN_ALREADY_ADDED', details: { domain } });
    await expect(domains.add(await newOwner(ds), site.id, newDomain(), 'c')).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
    // Another site may claim it too while neither holds it verified.
    const other = await newSite(ds);
    expect((await domains.add(other.ownerId, other.id, domain, 'd')).status).toBe('pending');
  });

  it('verifying a domain another site holds takes it over: the old site loses it and is no longer served on it', async () => {
    const first = await newSite(ds);
    const second = await newSite(ds);
    await liveDeployment(ds, first);
    const secondLive = await liveDeployment(ds, second);
    const domain = newDomain();
    const held = await domains.markVerified((await domains.add(first.ownerId, first.id, domain, 'a')).id);
    expect(held).toMatchObject({ status: 'verified', lastError: null });
    expect(held.verifiedAt).toBeInstanceOf(Date);
    expect(held.lastCheckedAt).toBeInstanceOf(Date);
    expect((await sites.liveByHost({ domain }))?.siteId).toBe(first.id);

    const taker = await domains.markVerified((await domains.add(second.ownerId, second.id, domain, 'b')).id);
    expect(taker.status).toBe('verified');
    expect(await domains.find(first.ownerId, held.id)).toMatchObject({ status: 'pending', verifiedAt: null, lastError: DOMAIN_TAKEN_OVER });
    expect(await sites.liveByHost({ domain })).toMatchObject({ siteId: second.id, deploymentId: secondLive.id });
    expect(await ds.getRepository(SiteDomainEntity).countBy({ domain, status: 'verified' })).toBe(1);
  });

  it('sites verifying the same domain at once end with exactly one holding it', async () => {
    const domain = newDomain();
    const rows = [];
    for (let i = 0; i < 4; i++) {
      const site = await newSite(ds);
      rows.push(await domains.add(site.ownerId, site.id, domain, `t${i}`));
    }
    const outcomes = await Promise.allSettled(rows.map((r) => domains.markVerified(r.id)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await ds.getRepository(SiteDomainEntity).countBy({ domain, status: 'verified' })).toBe(1);
  });

  it('markVerified of a removed domain fails with DOMAIN_NOT_FOUND', async () => {
    await expect(domains.markVerified(randomUUID())).rejects.toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
  });

  it('records checks: unverified goes back to pending with the reason; a check keeps the status', async () => {
    const site = await newSite(ds);
    const row = await domains.markVerified((await domains.add(site.ownerId, site.id, newDomain(), 'a')).id);
    await domains.markChecked(row.id, 'resolver timed out');
    expect(await domains.findById(row.id)).toMatchObject({ status: 'verified', lastError: 'resolver timed out' });
    await domains.markChecked(row.id, null);
    expect(await domains.findById(row.id)).toMatchObject({ status: 'verified', lastError: null });
    await domains.markUnverified(row.id, 'TXT record holds another value');
    const after = await domains.findById(row.id);
    expect(after).toMatchObject({ status: 'pending', verifiedAt: null, lastError: 'TXT record holds another value' });
    expect(after?.lastCheckedAt?.getTime()).toBeGreaterThanOrEqual(row.lastCheckedAt?.getTime() ?? Number.POSITIVE_INFINITY);
  });

  it('lists verified domains for the recheck job, not pending ones', async () => {
    const site = await newSite(ds);
    const verified = await domains.markVerified((await domains.add(site.ownerId, site.id, newDomain(), 'a')).id);
    const pending = await domains.add(site.ownerId, site.id, newDomain(), 'b');
    const ids = (await domains.verified()).map((d) => d.id);
    expect(ids).toContain(verified.id);
    expect(ids).not.toContain(pending.id);
  });

  it('isServed: a verified domain of a published site only', async () => {
    const site = await newSite(ds);
    const domain = newDomain();
    const row = await domains.add(site.ownerId, site.id, domain, 'a');
    const live = await liveDeployment(ds, site);
    expect(await domains.isServed(domain)).toBe(false);
    await domains.markVerified(row.id);
    expect(await domains.isServed(domain)).toBe(true);
    expect(await domains.isServed(domain.toUpperCase())).toBe(true);
    await sites.unpublish(site.ownerId, site.id);
    expect(await domains.isServed(domain)).toBe(false);
    await sites.rollback(site.ownerId, site.id, live.id);
    expect(await domains.isServed(domain)).toBe(true);
    expect(await domains.isServed(newDomain())).toBe(false);
  });

  it('removes a domain for its owner only; removed, it is not served', async () => {
    const site = await newSite(ds);
    await liveDeployment(ds, site);
    const domain = newDomain();
    const row = await domains.markVerified((await domains.add(site.ownerId, site.id, domain, 'a')).id);
    expect(await domains.remove(await newOwner(ds), row.id)).toBe(false);
    expect(await domains.isServed(domain)).toBe(true);
    expect(await domains.remove(site.ownerId, row.id)).toBe(true);
    expect(await domains.isServed(domain)).toBe(false);
    expect(await sites.liveByHost({ domain })).toBeNull();
    expect(await domains.remove(site.ownerId, row.id)).toBe(false);
  });
});
