import { randomUUID } from 'node:crypto';
import { type SiteView, StudioError } from '@studio/contracts';
import { type LiveSite, ProjectEntity, SiteDomainEntity, SiteEntity } from '@studio/data';
import type { DomainCheck } from '@studio/platform';
import { type DomainRows, DomainsService } from './domains.service.js';

const OWNER = randomUUID();
const env = { SITES_DOMAIN: 'sites.example.com', PREVIEW_DOMAIN: 'preview.example.com', PUBLIC_URL: 'https://studio.example.com' };

const site = (slug: string, ownerId = OWNER) => Object.assign(new SiteEntity(), { id: randomUUID(), projectId: randomUUID(), ownerId, slug, liveDeploymentId: randomUUID() });
const live = (s: SiteEntity): LiveSite => ({ siteId: s.id, ownerId: s.ownerId, projectId: s.projectId, deploymentId: randomUUID(), manifest: { files: {}, notFound: '404.html' }, noindex: false });

/** site_domains in memory, with the repository's rules: one verified row per domain, owner-scoped reads. */
class FakeDomainRows implements DomainRows {
  readonly rows: SiteDomainEntity[] = [];
  readonly calls: string[] = [];

  async list(ownerId: string, siteId: string) {
    return this.rows.filter((r) => r.ownerId === ownerId && r.siteId === siteId);
  }
  async add(ownerId: string, siteId: string, domain: string, token: string) {
    if (this.rows.some((r) => r.siteId === siteId && r.domain === domain)) throw new StudioError('DOMAIN_ALREADY_ADDED', 'added');
    const row = Object.assign(new SiteDomainEntity(), {
      id: randomUUID(),
      ownerId,
      siteId,
      domain,
      token,
      status: 'pending' as const,
      verifiedAt: null,
      lastCheckedAt: null,
      lastError: null,
      createdAt: new Date(),
    });
    this.rows.push(row);
    return row;
  }
  async find(ownerId: string, id: string) {
    return this.rows.find((r) => r.ownerId === ownerId && r.id === id) ?? null;
  }
  async remove(ownerId: string, id: string) {
    this.calls.push(`remove ${id}`);
    const at = this.rows.findIndex((r) => r.ownerId === ownerId && r.id === id);
    if (at >= 0) this.rows.splice(at, 1);
    return at >= 0;
  }
  async markVerified(id: string) {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new StudioError('DOMAIN_NOT_FOUND', 'gone');
    for (const other of this.rows) if (other.domain === row.domain && other.status === 'verified') Object.assign(other, { status: 'pending', lastError: 'taken over' });
    Object.assign(row, { status: 'verified', verifiedAt: new Date(), lastError: null });
    return row;
  }
  async markUnverified(id: string, error: string) {
    this.calls.push(`unverified ${id}`);
    for (const r of this.rows) if (r.id === id) Object.assign(r, { status: 'pending', verifiedAt: null, lastError: error });
  }
  async markChecked(id: string, error: string | null) {
    this.calls.push(`checked ${id}`);
    for (const r of this.rows) if (r.id === id) Object.assign(r, { lastCheckedAt: new Date(), lastError: error });
  }
  async isServed(host: string) {
    this.calls.push(`isServed ${host}`);
    return this.rows.some((r) => r.domain === host && r.status === 'verified');
  }
}

function setup(answer: DomainCheck = { ok: true }) {
  const mine = site('mine');
  const theirs = site('theirs', randomUUID());
  const sites = [mine, theirs];
  const domains = new FakeDomainRows();
  const announced: string[] = [];
  const asked: string[] = [];
  const verifier = {
    answer,
    check: async (domain: string, token: string) => {
      asked.push(`${domain}=${token}`);
      return verifier.answer;
    },
  };
  const service = new DomainsService(
    {
      // The site a host is served for: by slug, or by the verified row of a domain.
      liveByHost: async (host) => {
        const found = 'slug' in host ? sites.find((s) => s.slug === host.slug) : sites.find((s) => domains.rows.some((r) => r.siteId === s.id && r.domain === host.domain && r.status === 'verified'));
        return found ? live(found) : null;
      },
      findById: async (id) => sites.find((s) => s.id === id) ?? null,
    },
    domains,
    {
      requireSite: async (ownerId, projectId) => {
        const found = sites.find((s) => s.ownerId === ownerId && s.projectId === projectId);
        if (!found) throw new StudioError('PROJECT_NOT_FOUND', 'No such project.');
        return { project: Object.assign(new ProjectEntity(), { id: projectId, ownerId }), site: found };
      },
    },
    {
      announce: async (s) => {
        announced.push(s.slug);
        const view: SiteView = {
          id: s.id,
          projectId: s.projectId,
          slug: s.slug,
          url: '',
          liveDeploymentId: null,
          liveVersion: null,
          publishedAt: null,
          settings: { title: null, description: null, imagePath: null, noindex: false },
          target: { kind: 'builtin' },
          traffic: { requests: 0, bytes: 0 },
          createdAt: '',
        };
        return view;
      },
    },
    verifier,
    env,
  );
  return { service, mine, theirs, domains, announced, asked, verifier };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'no refusal',
    (err: unknown) => (err instanceof StudioError ? { code: err.code, details: err.details } : err),
  );

describe('DomainsService.add', () => {
  it('adds a domain pending, with a fresh 32-hex token as its TXT record, and tells no site host', async () => {
    const { service, mine, announced } = setup();
    const a = await service.add(OWNER, mine.projectId, 'shop.example.test');
    const b = await service.add(OWNER, mine.projectId, 'www.example.test');
    expect(a).toMatchObject({
      domain: 'shop.example.test',
      status: 'pending',
      verification: { type: 'TXT', name: '_studio-verify.shop.example.test', value: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(b.verification.value).not.toBe(a.verification.value);
    expect(announced).toEqual([]);
  });

  it.each(['sites.example.com', 'shop.sites.example.com', 'x.preview.example.com', 'studio.example.com', 'www.studio.example.com', 'app.localhost'])(
    'refuses %s as the platform’s own',
    async (domain) => {
      const { service, mine } = setup();
      expect(await refusal(service.add(OWNER, mine.projectId, domain))).toMatchObject({ code: 'DOMAIN_NOT_ALLOWED' });
    },
  );

  it('caps a site at 20 domains', async () => {
    const { service, mine } = setup();
    for (let i = 0; i < 20; i++) await service.add(OWNER, mine.projectId, `d${i}.example.test`);
    expect(await refusal(service.add(OWNER, mine.projectId, 'd20.example.test'))).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 20 } });
  });

  it("answers another person's project as a missing one", async () => {
    const { service, theirs } = setup();
    expect(await refusal(service.add(OWNER, theirs.projectId, 'shop.example.test'))).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});

describe('DomainsService.verify', () => {
  it('verifies with the row’s own token and tells the site hosts', async () => {
    const { service, mine, announced, asked } = setup();
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    const verified = await service.verify(OWNER, mine.projectId, added.id);
    expect(verified).toMatchObject({ status: 'verified', verifiedAt: expect.any(String) });
    expect(asked).toEqual([`shop.example.test=${added.verification.value}`]);
    expect(announced).toEqual(['mine']);
  });

  it('taking a domain over tells the site hosts about the site that served it too', async () => {
    const { service, mine, theirs, domains, announced } = setup();
    const before = await domains.add(theirs.ownerId, theirs.id, 'shop.example.test', 'their-token');
    await domains.markVerified(before.id);
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    await service.verify(OWNER, mine.projectId, added.id);
    expect(announced).toEqual(['theirs', 'mine']);
    expect(before.status).toBe('pending');
  });

  it('refuses a missing record with what it looked for, keeping a pending domain pending', async () => {
    const { service, mine, domains, announced, verifier } = setup();
    verifier.answer = { ok: false, failure: 'missing', reason: 'no TXT record at _studio-verify.shop.example.test', found: [] };
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    expect(await refusal(service.verify(OWNER, mine.projectId, added.id))).toEqual({
      code: 'DOMAIN_NOT_VERIFIED',
      details: { name: '_studio-verify.shop.example.test', expected: added.verification.value, found: [] },
    });
    expect(domains.calls).toEqual([`checked ${added.id}`]);
    expect(domains.rows[0]).toMatchObject({ status: 'pending', lastError: 'no TXT record at _studio-verify.shop.example.test' });
    expect(announced).toEqual([]);
  });

  it.each(['missing', 'other-value'] as const)('takes a verified domain down when the record is %s', async (failure) => {
    const { service, mine, domains, announced, verifier } = setup();
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    await service.verify(OWNER, mine.projectId, added.id);
    verifier.answer = { ok: false, failure, reason: 'gone', found: failure === 'other-value' ? ['x'] : [] };
    expect(await refusal(service.verify(OWNER, mine.projectId, added.id))).toMatchObject({ code: 'DOMAIN_NOT_VERIFIED' });
    expect(domains.rows[0].status).toBe('pending');
    expect(announced).toEqual(['mine', 'mine']);
  });

  it('keeps a verified domain when the lookup got no answer, still saying it could not verify', async () => {
    const { service, mine, domains, announced, verifier } = setup();
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    await service.verify(OWNER, mine.projectId, added.id);
    verifier.answer = { ok: false, failure: 'lookup-failed', reason: 'the DNS lookup of _studio-verify.shop.example.test failed (ETIMEOUT)', found: [] };
    expect(await refusal(service.verify(OWNER, mine.projectId, added.id))).toMatchObject({ code: 'DOMAIN_NOT_VERIFIED' });
    expect(domains.rows[0]).toMatchObject({ status: 'verified', lastError: expect.stringContaining('ETIMEOUT') });
    expect(announced).toEqual(['mine']);
  });

  it('answers a domain of another site, or an id that is none, as missing without looking it up', async () => {
    const { service, mine, theirs, domains, asked } = setup();
    const theirRow = await domains.add(OWNER, theirs.id, 'other.example.test', 'token');
    expect(await refusal(service.verify(OWNER, mine.projectId, theirRow.id))).toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
    expect(await refusal(service.verify(OWNER, mine.projectId, 'not-an-id'))).toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
    expect(await refusal(service.remove(OWNER, mine.projectId, theirRow.id))).toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
    expect(asked).toEqual([]);
    expect(domains.rows).toHaveLength(1);
  });
});

describe('DomainsService.remove', () => {
  it('removes the row and tells the site hosts', async () => {
    const { service, mine, domains, announced } = setup();
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    await service.remove(OWNER, mine.projectId, added.id);
    expect(domains.rows).toEqual([]);
    expect(announced).toEqual(['mine']);
  });
});

describe('DomainsService.isServed', () => {
  it('serves a published slug under SITES_DOMAIN, in any host form', async () => {
    const { service } = setup();
    expect(await service.isServed('mine.sites.example.com')).toBe(true);
    expect(await service.isServed('MINE.Sites.Example.com.')).toBe(true);
    expect(await service.isServed('nobody.sites.example.com')).toBe(false);
  });

  it('asks for a verified domain by its plain name', async () => {
    const { service, mine, domains } = setup();
    const added = await service.add(OWNER, mine.projectId, 'shop.example.test');
    expect(await service.isServed('shop.example.test')).toBe(false);
    await service.verify(OWNER, mine.projectId, added.id);
    expect(await service.isServed('Shop.Example.Test.:443')).toBe(true);
    expect(domains.calls).toEqual(['isServed shop.example.test', 'isServed shop.example.test']);
  });

  it.each([undefined, ['a.example.test', 'b.example.test'], 42, '', '127.0.0.1', 'sites.example.com', 'a.b.sites.example.com', `${'a'.repeat(400)}.test`, 'shop\u0000.example.test', 'localhost'])(
    'answers no for %p without a query',
    async (host) => {
      const { service, domains } = setup();
      expect(await service.isServed(host)).toBe(false);
      expect(domains.calls).toEqual([]);
    },
  );
});
