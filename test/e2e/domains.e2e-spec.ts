import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { jest } from '@jest/globals';
import { createDataSource, SiteDomainsRepository } from '@studio/data';
import { domainVerifier } from '@studio/platform';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DomainsRecheck } from '../../apps/worker/src/sites/domains-recheck.js';
import { Client, eventually, type Json, type Reply, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { DnsServer } from './support/dns-server.js';

/**
 * Issue 19, "Custom domains" (docs/ARCHITECTURE.md "Custom domains and TLS"): a domain verified through a real
 * DNS server (Debian's dnsmasq), served by the site host, refused once its record goes away, and taken over by
 * another account without ever being served for the old site again; and the TLS edge's "is this host ours?".
 * The API under test is a process of this test's own, asking this test's DNS server (DOMAIN_DNS_SERVERS) and
 * serving sites on a port of its own; the stack's worker builds the deployments.
 */
jest.setTimeout(300_000);

const SITES_DOMAIN = process.env.SITES_DOMAIN ?? 'sites.localhost';
const PREVIEW_DOMAIN = process.env.PREVIEW_DOMAIN ?? 'preview.localhost';
const DOMAIN = 'shop.example.test';
const RECORD = `_studio-verify.${DOMAIN}`;
// A publish builds the page in a container and screenshots it: allow for a busy machine.
const PUBLISH_TIMEOUT_MS = 180_000;

let dns: DnsServer;
let api: AppProcess;
let apiUrl: string;
let sitesPort: number;
let db: DataSource;
let redis: Redis;

beforeAll(async () => {
  db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 2, applicationName: 'domains-e2e' });
  await db.initialize();
  redis = new Redis(process.env.REDIS_URL ?? '');
  dns = await DnsServer.start('example.test');
  const [port, sites] = await Promise.all([freePort(), freePort()]);
  apiUrl = `http://127.0.0.1:${port}`;
  sitesPort = sites;
  api = new AppProcess('api', { PORT: String(port), SITES_PORT: String(sites), DOMAIN_DNS_SERVERS: dns.address });
  await waitForHealth(apiUrl);
});

afterAll(async () => {
  await api?.stop();
  await dns?.stop();
  await db?.destroy();
  redis?.disconnect();
});

function expectRefused(res: Reply, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
}

async function person(tag: string): Promise<Client> {
  const user = await signUp(tag, apiUrl);
  return new Client(user.accessToken, apiUrl);
}

interface PublishedSite {
  projectId: string;
  siteId: string;
  slug: string;
}

/** A new project whose site has `title`, published; resolves with its id and slug once the deployment is live. */
async function publishedSite(client: Client, title: string): Promise<PublishedSite> {
  const created = await client.post('/api/projects', { name: title });
  expect(created.status).toBe(201);
  const projectId: string = created.body.id;
  const slug = `shop-${randomBytes(4).toString('hex')}`;
  const site = await client.request('PUT', `/api/projects/${projectId}/site`, { slug, title });
  expect(site.status).toBe(200);
  const deployment = await client.post(`/api/projects/${projectId}/deployments`, {});
  expect(deployment.status).toBe(202);
  const ready = await eventually(
    async () => {
      const res = await client.get(`/api/deployments/${deployment.body.id}`);
      if (res.body.status === 'failed') throw new Error(`the publish failed: ${JSON.stringify(res.body.error)}`);
      return res.body.status === 'ready' ? res.body : undefined;
    },
    PUBLISH_TIMEOUT_MS,
    'the deployment to be ready',
  );
  expect(ready.live).toBe(true);
  return { projectId, siteId: site.body.id, slug };
}

/** GET on the site host as a browser reaching `host` would send it. */
function fromSiteHost(host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sitesPort, path, headers: { host, 'accept-encoding': 'identity' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** What the TLS edge asks, with no credentials. */
async function domainCheck(query: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${apiUrl}/api/sites/domain-check?${query}`);
  return { status: res.status, body: await res.json().catch(() => undefined) };
}
const isOurs = async (host: string) => (await domainCheck(`domain=${encodeURIComponent(host)}`)).status;

const domains = (projectId: string) => `/api/projects/${projectId}/site/domains`;

async function domainRow(client: Client, projectId: string, id: string): Promise<Json> {
  const list = await client.get(domains(projectId));
  expect(list.status).toBe(200);
  return list.body.find((d: Json) => d.id === id);
}

describe('a custom domain', () => {
  let first: Client;
  let second: Client;
  let siteA: PublishedSite;
  let siteB: PublishedSite;
  let domainA: Json;
  let domainB: Json;

  beforeAll(async () => {
    [first, second] = await Promise.all([person('domains-first'), person('domains-second')]);
    // One at a time: the stack's worker builds them one after another anyway.
    siteA = await publishedSite(first, 'First shop');
    siteB = await publishedSite(second, 'Second shop');
  });

  it("answers the edge for a published site's own host, and for nothing else yet", async () => {
    expect(await domainCheck(`domain=${siteA.slug}.${SITES_DOMAIN}`)).toEqual({ status: 200, body: { ok: true } });
    expect(await isOurs(`nobody-${randomBytes(3).toString('hex')}.${SITES_DOMAIN}`)).toBe(404);
    expect(await isOurs(DOMAIN)).toBe(404);
  });

  it('is added pending, with the TXT record that proves it', async () => {
    const added = await first.post(domains(siteA.projectId), { domain: DOMAIN });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ domain: DOMAIN, status: 'pending', verification: { type: 'TXT', name: RECORD, value: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    domainA = added.body;
    expect((await first.get(domains(siteA.projectId))).body).toEqual([domainA]);
    expect((await fromSiteHost(DOMAIN)).status).toBe(404);
  });

  it('is not verified while the record is missing, and says what it looked for', async () => {
    const res = await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`);
    expectRefused(res, 409, 'DOMAIN_NOT_VERIFIED');
    expect(res.body.error.details).toEqual({ name: RECORD, expected: domainA.verification.value, found: [] });
    expect(await domainRow(first, siteA.projectId, domainA.id)).toMatchObject({ status: 'pending', lastError: `no TXT record at ${RECORD}`, lastCheckedAt: expect.any(String) });
    expect(await isOurs(DOMAIN)).toBe(404);
  });

  it('is verified once the record holds the token, then served for the site', async () => {
    await dns.setTxt(RECORD, domainA.verification.value);
    const res = await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: domainA.id, status: 'verified', verifiedAt: expect.any(String) });
    expect(res.body.lastError).toBeUndefined();
    const page = await fromSiteHost(DOMAIN);
    expect(page.status).toBe(200);
    expect(page.body).toContain('First shop');
    // The forms a browser or an edge may send the same host in.
    expect((await fromSiteHost('SHOP.Example.TEST.:80')).body).toContain('First shop');
    expect(await domainCheck(`domain=${DOMAIN}`)).toEqual({ status: 200, body: { ok: true } });
    expect(await isOurs('Shop.Example.Test.')).toBe(200);
  });

  it('stops being served once its record goes away', async () => {
    await dns.setTxt(RECORD);
    const res = await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`);
    expectRefused(res, 409, 'DOMAIN_NOT_VERIFIED');
    expect(await domainRow(first, siteA.projectId, domainA.id)).toMatchObject({ status: 'pending', lastError: `no TXT record at ${RECORD}` });
    expect((await fromSiteHost(DOMAIN)).status).toBe(404);
    expect(await isOurs(DOMAIN)).toBe(404);
  });

  it('is looked up again by the recheck job, and taken down once the record is gone', async () => {
    await dns.setTxt(RECORD, domainA.verification.value);
    expect((await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`)).status).toBe(200);
    expect((await fromSiteHost(DOMAIN)).body).toContain('First shop');
    // The worker's handler, run here against this test's DNS server, for this site's domains only (other
    // tests' domains are theirs to keep).
    const repository = new SiteDomainsRepository(db);
    const onlyThisSite = {
      verified: async () => (await repository.verified()).filter((d) => d.siteId === siteA.siteId),
      markUnverified: (id: string, error: string) => repository.markUnverified(id, error),
      markChecked: (id: string, error: string | null) => repository.markChecked(id, error),
    };
    const recheck = new DomainsRecheck(onlyThisSite, domainVerifier({ DOMAIN_DNS_SERVERS: dns.address }), redis, { DOMAIN_RECHECK_SECONDS: 3600 }, { upsertJobScheduler: async () => undefined });

    expect(await recheck.run()).toEqual({ checked: 1, unverified: 0, unanswered: 0 });
    expect((await fromSiteHost(DOMAIN)).body).toContain('First shop');

    await dns.setTxt(RECORD);
    expect(await recheck.run()).toEqual({ checked: 1, unverified: 1, unanswered: 0 });
    expect(await domainRow(first, siteA.projectId, domainA.id)).toMatchObject({ status: 'pending', lastError: `no TXT record at ${RECORD}` });
    expect((await fromSiteHost(DOMAIN)).status).toBe(404);
    expect(await isOurs(DOMAIN)).toBe(404);
    expect(await recheck.run()).toEqual({ checked: 0, unverified: 0, unanswered: 0 });
  });

  it('is taken over by another account that proves it, and never served for the old site again', async () => {
    // The first site holds it again, and the site host has it cached for that site.
    await dns.setTxt(RECORD, domainA.verification.value);
    expect((await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`)).status).toBe(200);
    expect((await fromSiteHost(DOMAIN)).body).toContain('First shop');

    const added = await second.post(domains(siteB.projectId), { domain: DOMAIN });
    expect(added.status).toBe(201);
    domainB = added.body;
    expect(domainB.verification.value).not.toBe(domainA.verification.value);
    // Claimed is not proven: the record still holds the first site's token.
    expectRefused(await second.post(`${domains(siteB.projectId)}/${domainB.id}/verify`), 409, 'DOMAIN_NOT_VERIFIED');
    expect((await fromSiteHost(DOMAIN)).body).toContain('First shop');

    await dns.setTxt(RECORD, domainB.verification.value);
    const taken = await second.post(`${domains(siteB.projectId)}/${domainB.id}/verify`);
    expect(taken.status).toBe(200);
    expect(taken.body.status).toBe('verified');
    expect(await domainRow(first, siteA.projectId, domainA.id)).toMatchObject({ status: 'pending', lastError: expect.stringContaining('another site') });
    const page = await fromSiteHost(DOMAIN);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Second shop');
    expect(page.body).not.toContain('First shop');

    // The old owner cannot take it back without the record.
    const back = await first.post(`${domains(siteA.projectId)}/${domainA.id}/verify`);
    expectRefused(back, 409, 'DOMAIN_NOT_VERIFIED');
    expect(back.body.error.details.found).toEqual([domainB.verification.value]);
    expect((await fromSiteHost(DOMAIN)).body).toContain('Second shop');
  });

  it("answers another person's domains and sites as missing ones", async () => {
    expectRefused(await first.post(`${domains(siteA.projectId)}/${domainB.id}/verify`), 404, 'DOMAIN_NOT_FOUND');
    expectRefused(await first.delete(`${domains(siteA.projectId)}/${domainB.id}`), 404, 'DOMAIN_NOT_FOUND');
    expectRefused(await first.get(domains(siteB.projectId)), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await first.post(domains(siteB.projectId), { domain: 'mine.example.test' }), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await first.post(`${domains(siteB.projectId)}/${domainB.id}/verify`), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await first.delete(`${domains(siteB.projectId)}/${domainB.id}`), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await first.post(`${domains(siteA.projectId)}/not-an-id/verify`), 404, 'DOMAIN_NOT_FOUND');
    expect((await fromSiteHost(DOMAIN)).body).toContain('Second shop');
    expectRefused(await new Client(undefined, apiUrl).get(domains(siteA.projectId)), 401, 'UNAUTHORIZED');
  });

  it('stops being served once removed', async () => {
    expect((await second.delete(`${domains(siteB.projectId)}/${domainB.id}`)).status).toBe(204);
    expect((await second.get(domains(siteB.projectId))).body).toEqual([]);
    expect((await fromSiteHost(DOMAIN)).status).toBe(404);
    expect(await isOurs(DOMAIN)).toBe(404);
    expectRefused(await second.delete(`${domains(siteB.projectId)}/${domainB.id}`), 404, 'DOMAIN_NOT_FOUND');
  });

  it('refuses names that are not a domain, or are the platform’s own, each with its code', async () => {
    const add = (domain: unknown) => first.post(domains(siteA.projectId), { domain });
    for (const bad of [
      'shop\u0000.example.test',
      `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.test`,
      '1.2.3.4',
      '*.x.com',
      'localhost',
      'shop.example.test:443',
      'http://shop.example.test',
      'shöp.example.test',
      '',
      42,
      null,
    ]) {
      expectRefused(await add(bad), 400, 'VALIDATION_FAILED');
    }
    expectRefused(await first.post(domains(siteA.projectId), { domain: 'ok.example.test', extra: true }), 400, 'VALIDATION_FAILED');
    // The API's own host (PUBLIC_URL; an address there cannot be a domain anyway).
    const apiHost = new URL(process.env.PUBLIC_URL ?? 'http://localhost').hostname;
    const apiHosts = /^[\d.]+$|:/.test(apiHost) ? [] : [`www.${apiHost}`, ...(apiHost.includes('.') ? [apiHost] : [])];
    for (const ours of [`x.${SITES_DOMAIN}`, `${siteB.slug}.${SITES_DOMAIN}`, `a.${PREVIEW_DOMAIN}`, 'app.localhost', ...apiHosts]) {
      expectRefused(await add(ours), 400, 'DOMAIN_NOT_ALLOWED');
    }
    const upper = await add(' WWW.Example.TEST. ');
    expect(upper.status).toBe(201);
    expect(upper.body.domain).toBe('www.example.test');
    expect(upper.body.verification.name).toBe('_studio-verify.www.example.test');
    expectRefused(await add('www.example.test'), 409, 'DOMAIN_ALREADY_ADDED');
  });

  it('caps the domains of one site', async () => {
    const have = (await first.get(domains(siteA.projectId))).body.length;
    for (let i = have; i < 20; i++) expect((await first.post(domains(siteA.projectId), { domain: `d${i}.example.test` })).status).toBe(201);
    expectRefused(await first.post(domains(siteA.projectId), { domain: 'one-too-many.example.test' }), 403, 'QUOTA_EXCEEDED');
  });

  it('answers the edge 404 for anything that is not a host it serves, never an error', async () => {
    for (const query of ['', 'domain=', 'domain=127.0.0.1', `domain=${'a'.repeat(5000)}.test`, 'domain=shop%00.example.test', 'domain=a&domain=b', `domain=${SITES_DOMAIN}`, 'domain=%E2%80%AE']) {
      const res = await domainCheck(query);
      expect({ query, status: res.status, code: res.body?.error?.code }).toEqual({ query, status: 404, code: 'NOT_FOUND' });
    }
  });
});

describe('a project without a site', () => {
  it('has no domains to list or add', async () => {
    const client = await person('domains-nosite');
    const created = await client.post('/api/projects', { name: 'Unpublished' });
    expectRefused(await client.get(domains(created.body.id)), 404, 'SITE_NOT_FOUND');
    expectRefused(await client.post(domains(created.body.id), { domain: 'never.example.test' }), 404, 'SITE_NOT_FOUND');
  });
});
