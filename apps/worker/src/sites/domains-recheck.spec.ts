import { Logger } from '@nestjs/common';
import { repeatableJob, SITE_CHANGED_CHANNEL } from '@studio/contracts';
import { SiteDomainEntity } from '@studio/data';
import type { DomainCheck, DomainVerifier } from '@studio/platform';
import { DomainsRecheck, type VerifiedDomains } from './domains-recheck.js';

const domain = (id: string, name: string, siteId = `site-${id}`) =>
  Object.assign(new SiteDomainEntity(), { id, siteId, domain: name, token: `token-${id}`, status: 'verified' as const, verifiedAt: new Date(), createdAt: new Date() });

/** The repository's calls, recorded; `verified()` answers the rows still verified. */
class FakeDomains implements VerifiedDomains {
  readonly calls: string[] = [];
  constructor(private rows: SiteDomainEntity[]) {}
  async verified() {
    return this.rows.filter((r) => r.status === 'verified');
  }
  async markUnverified(id: string, error: string) {
    this.calls.push(`unverified ${id}: ${error}`);
    for (const r of this.rows) if (r.id === id) r.status = 'pending';
  }
  async markChecked(id: string, error: string | null) {
    this.calls.push(`checked ${id}: ${error}`);
  }
}

/** Answers per domain name; a name it does not know has no record. */
const verifier = (answers: Record<string, DomainCheck>): DomainVerifier & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    check: async (name, token) => {
      asked.push(`${name}=${token}`);
      return answers[name] ?? { ok: false, failure: 'missing', reason: `no TXT record at _studio-verify.${name}`, found: [] };
    },
  };
};

const setup = (rows: SiteDomainEntity[], answers: Record<string, DomainCheck>, publish: (channel: string, message: string) => Promise<number> = async () => 1) => {
  const domains = new FakeDomains(rows);
  const dns = verifier(answers);
  const published: string[] = [];
  const redis = {
    publish: async (channel: string, message: string) => {
      const receivers = await publish(channel, message);
      published.push(`${channel} ${message}`);
      return receivers;
    },
  };
  const scheduled: unknown[] = [];
  const queue = { upsertJobScheduler: async (...args: unknown[]) => scheduled.push(args) };
  const recheck = new DomainsRecheck(domains, dns, redis, { DOMAIN_RECHECK_SECONDS: 90 }, queue);
  return { recheck, domains, dns, published, scheduled };
};

// What it logs is for operators; these tests read what it did.
beforeAll(() => Logger.overrideLogger(false));

describe('DomainsRecheck', () => {
  it('keeps a domain whose record still holds its token, asking with that token', async () => {
    const { recheck, domains, dns, published } = setup([domain('a', 'a.example.com')], { 'a.example.com': { ok: true } });
    expect(await recheck.run()).toEqual({ checked: 1, unverified: 0, unanswered: 0 });
    expect(dns.asked).toEqual(['a.example.com=token-a']);
    expect(domains.calls).toEqual(['checked a: null']);
    expect(published).toEqual([]);
  });

  it('takes a domain whose record is gone or holds another value back to pending, and tells the site hosts', async () => {
    const { recheck, domains, published } = setup([domain('gone', 'gone.example.com'), domain('sold', 'sold.example.com')], {
      'sold.example.com': { ok: false, failure: 'other-value', reason: 'the TXT record at _studio-verify.sold.example.com holds another value', found: ['new-owner'] },
    });
    expect(await recheck.run()).toEqual({ checked: 2, unverified: 2, unanswered: 0 });
    expect(domains.calls.sort()).toEqual([
      'unverified gone: no TXT record at _studio-verify.gone.example.com',
      'unverified sold: the TXT record at _studio-verify.sold.example.com holds another value',
    ]);
    expect(published.sort()).toEqual([`${SITE_CHANGED_CHANNEL} site-gone`, `${SITE_CHANGED_CHANNEL} site-sold`]);
    expect(await domains.verified()).toEqual([]);
  });

  it('keeps serving a domain when the lookup got no answer, recording why', async () => {
    const { recheck, domains, published } = setup([domain('a', 'a.example.com')], {
      'a.example.com': { ok: false, failure: 'lookup-failed', reason: 'the DNS lookup of _studio-verify.a.example.com failed (ETIMEOUT)', found: [] },
    });
    expect(await recheck.run()).toEqual({ checked: 1, unverified: 0, unanswered: 1 });
    expect(domains.calls).toEqual(['checked a: the DNS lookup of _studio-verify.a.example.com failed (ETIMEOUT)']);
    expect(published).toEqual([]);
  });

  it('checks every domain of a long list, a few at a time', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => domain(`d${i}`, `d${i}.example.com`));
    const answers = Object.fromEntries(rows.filter((_, i) => i % 3).map((r) => [r.domain, { ok: true } as const]));
    const { recheck, dns } = setup(rows, answers);
    expect(await recheck.run()).toEqual({ checked: 30, unverified: 10, unanswered: 0 });
    expect(dns.asked).toHaveLength(30);
  });

  it('still takes the domain down when the change notice cannot be sent', async () => {
    const { recheck, domains } = setup([domain('a', 'a.example.com')], {}, () => Promise.reject(new Error('redis down')));
    expect(await recheck.run()).toEqual({ checked: 1, unverified: 1, unanswered: 0 });
    expect(await domains.verified()).toEqual([]);
  });

  it('schedules itself every DOMAIN_RECHECK_SECONDS under one scheduler id', async () => {
    const { recheck, scheduled } = setup([], {});
    await recheck.onModuleInit();
    expect(scheduled).toEqual([['domains.recheck', { every: 90_000 }, repeatableJob('domains.recheck')]]);
  });
});
