import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { SiteEntity } from '../entities/site.entity.js';
import { SiteTrafficEntity } from '../entities/site-traffic.entity.js';
import { DeploymentsRepository } from './deployments.repository.js';
import { SiteDomainsRepository } from './site-domains.repository.js';
import { SitesRepository } from './sites.repository.js';
import { liveDeployment, manifestOf, newDeployment, newOwner, newProject, newSite, readyFigures, uniqueSlug } from './testing/site-fixtures.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let sites: SitesRepository;
let deployments: DeploymentsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 6 });
  await ds.initialize();
  sites = new SitesRepository(ds);
  deployments = new DeploymentsRepository(ds);
});
afterAll(() => ds.destroy());

describe('SitesRepository: the site and its settings', () => {
  it("creates a project's site unpublished on the built-in host, found by its owner only", async () => {
    const site = await newSite(ds);
    expect(site).toMatchObject({
      title: null,
      description: null,
      imagePath: null,
      noindex: false,
      liveDeploymentId: null,
      publishedAt: null,
      targetKind: 'builtin',
      targetConfig: null,
      targetSecret: null,
    });
    expect((await sites.findForProject(site.ownerId, site.projectId))?.id).toBe(site.id);
    expect((await sites.findById(site.id))?.slug).toBe(site.slug);
    expect(await sites.findForProject(await newOwner(ds), site.projectId)).toBeNull();
    expect(await sites.findById(randomUUID())).toBeNull();
  });

  it("refuses a slug another owner's site has with SLUG_TAKEN, on create and on update", async () => {
    const taken = await newSite(ds);
    const mine = await newSite(ds);
    const ownerId = await newOwner(ds);
    const projectId = await newProject(ds, ownerId);
    await expect(sites.create({ projectId, ownerId, slug: taken.slug })).rejects.toMatchObject({ code: 'SLUG_TAKEN', details: { slug: taken.slug } });
    expect(await sites.findForProject(ownerId, projectId)).toBeNull();
    await expect(sites.updateSettings(mine.ownerId, mine.id, { slug: taken.slug })).rejects.toMatchObject({ code: 'SLUG_TAKEN' });
    expect((await sites.findById(mine.id))?.slug).toBe(mine.slug);
  });

  it('a second create for the same project answers the site that exists (two requests at once)', async () => {
    const site = await newSite(ds);
    const again = await sites.create({ projectId: site.projectId, ownerId: site.ownerId, slug: uniqueSlug() });
    expect(again.id).toBe(site.id);
    expect(again.slug).toBe(site.slug);
    expect(await ds.getRepository(SiteEntity).countBy({ projectId: site.projectId })).toBe(1);
  });

  it('updates only the settings given; null clears; another owner gets SITE_NOT_FOUND', async () => {
    const site = await newSite(ds);
    const slug = uniqueSlug();
    const updated = await sites.updateSettings(site.ownerId, site.id, { slug, title: 'Launch', description: 'A page', imagePath: 'public/assets/og.png', noindex: true });
    expect(updated).toMatchObject({ slug, title: 'Launch', description: 'A page', imagePath: 'public/assets/og.png', noindex: true });
    const cleared = await sites.updateSettings(site.ownerId, site.id, { title: null, noindex: false });
    expect(cleared).toMatchObject({ slug, title: null, description: 'A page', imagePath: 'public/assets/og.png', noindex: false });
    expect((await sites.updateSettings(site.ownerId, site.id, {})).title).toBeNull();
    await expect(sites.updateSettings(await newOwner(ds), site.id, { title: 'Mine now' })).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
    expect((await sites.findById(site.id))?.title).toBeNull();
  });

  it('stores an s3 target with its sealed secret, and builtin clears both', async () => {
    const site = await newSite(ds);
    const config = { region: 'eu-west-1', bucket: 'my-site', prefix: 'www/', accessKeyId: 'AKIA1', forcePathStyle: true, publicUrl: 'https://my-site.example.test/' };
    expect(await sites.setTarget(site.ownerId, site.id, { kind: 's3', config, secret: 'v1:sealed' })).toMatchObject({ targetKind: 's3', targetConfig: config, targetSecret: 'v1:sealed' });
    expect(await sites.setTarget(site.ownerId, site.id, { kind: 'builtin' })).toMatchObject({ targetKind: 'builtin', targetConfig: null, targetSecret: null });
    await expect(sites.setTarget(await newOwner(ds), site.id, { kind: 'builtin' })).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
  });

  it('deleting the project deletes its site and deployments', async () => {
    const site = await newSite(ds);
    const deployment = await liveDeployment(ds, site);
    await ds.query('DELETE FROM projects WHERE id = $1', [site.projectId]);
    expect(await sites.findById(site.id)).toBeNull();
    expect(await deployments.findById(deployment.id)).toBeNull();
  });
});

describe('SitesRepository: the live pointer', () => {
  it('activate marks the deployment ready with its manifest and figures and makes it live', async () => {
    const site = await newSite(ds);
    const deployment = await newDeployment(ds, site, 3);
    const { live, site: after } = await sites.activate(deployment.id, readyFigures(deployment.id));
    expect(live).toBe(true);
    expect(after).toMatchObject({ liveDeploymentId: deployment.id });
    expect(after.publishedAt).toBeInstanceOf(Date);
    const stored = await deployments.findById(deployment.id);
    expect(stored).toMatchObject({ status: 'ready', progress: 1, error: null, manifest: manifestOf(deployment.id), fileCount: 2, sizeBytes: 5120, buildMs: 900, publishMs: 2100 });
    expect(stored?.readyAt).toBeInstanceOf(Date);
  });

  it('activating the live deployment again (a retried job) changes nothing and answers live', async () => {
    const site = await newSite(ds);
    const deployment = await liveDeployment(ds, site);
    const before = await sites.findById(site.id);
    const again = await sites.activate(deployment.id, readyFigures(deployment.id));
    expect(again.live).toBe(true);
    expect(again.site.liveDeploymentId).toBe(deployment.id);
    expect(again.site.publishedAt).toEqual(before?.publishedAt);
    const readyAt = (await deployments.findById(deployment.id))?.readyAt;
    await sites.activate(deployment.id, readyFigures(deployment.id));
    expect((await deployments.findById(deployment.id))?.readyAt).toEqual(readyAt);
  });

  it('activating again a ready deployment that is no longer live leaves the pointer where it is', async () => {
    const site = await newSite(ds);
    const first = await liveDeployment(ds, site, 1);
    const second = await liveDeployment(ds, site, 2);
    await sites.rollback(site.ownerId, site.id, first.id);
    await sites.rollback(site.ownerId, site.id, second.id);
    expect(await sites.activate(first.id, readyFigures(first.id))).toMatchObject({ live: false, site: { liveDeploymentId: second.id } });
  });

  it('a deployment requested before a rollback finishes ready but not live', async () => {
    const site = await newSite(ds);
    const first = await liveDeployment(ds, site, 1);
    const second = await liveDeployment(ds, site, 2);
    const inFlight = await newDeployment(ds, site, 3);
    await sites.rollback(site.ownerId, site.id, first.id);
    const { live, site: after } = await sites.activate(inFlight.id, readyFigures(inFlight.id));
    expect(live).toBe(false);
    expect(after.liveDeploymentId).toBe(first.id);
    expect((await deployments.findById(inFlight.id))?.status).toBe('ready');
    // One requested after the rollback does go live, and the rolled-over one can be rolled back to.
    const later = await newDeployment(ds, site, 4);
    expect((await sites.activate(later.id, readyFigures(later.id))).live).toBe(true);
    expect((await sites.rollback(site.ownerId, site.id, second.id)).liveDeploymentId).toBe(second.id);
  });

  it('of two deployments finishing out of order, the later request stays live', async () => {
    const site = await newSite(ds);
    const older = await newDeployment(ds, site, 1);
    const newer = await newDeployment(ds, site, 2);
    expect((await sites.activate(newer.id, readyFigures(newer.id))).live).toBe(true);
    expect((await sites.activate(older.id, readyFigures(older.id))).live).toBe(false);
    expect((await sites.findById(site.id))?.liveDeploymentId).toBe(newer.id);

    const inOrder = await newSite(ds);
    const a = await newDeployment(ds, inOrder, 1);
    const b = await newDeployment(ds, inOrder, 2);
    expect((await sites.activate(a.id, readyFigures(a.id))).live).toBe(true);
    expect((await sites.activate(b.id, readyFigures(b.id))).live).toBe(true);
    expect((await sites.findById(inOrder.id))?.liveDeploymentId).toBe(b.id);
  });

  it('activations racing each other leave the newest request live', async () => {
    const site = await newSite(ds);
    const all = [];
    for (let version = 1; version <= 5; version++) all.push(await newDeployment(ds, site, version));
    await Promise.all(all.map((d) => sites.activate(d.id, readyFigures(d.id))));
    expect((await sites.findById(site.id))?.liveDeploymentId).toBe(all.at(-1)?.id);
  });

  it('rollback refuses what is not ready, not this site’s, or another owner’s', async () => {
    const site = await newSite(ds);
    await liveDeployment(ds, site, 1);
    const queued = await newDeployment(ds, site, 2);
    const failed = await newDeployment(ds, site, 3);
    await deployments.markFailed(failed.id, { code: 'PUBLISH_BUILD_FAILED', message: 'no' });
    await expect(sites.rollback(site.ownerId, site.id, queued.id)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_READY', details: { status: 'queued' } });
    await expect(sites.rollback(site.ownerId, site.id, failed.id)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_READY' });
    const otherSite = await newSite(ds, site.ownerId);
    const elsewhere = await liveDeployment(ds, otherSite);
    await expect(sites.rollback(site.ownerId, site.id, elsewhere.id)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(sites.rollback(site.ownerId, site.id, randomUUID())).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(sites.rollback(await newOwner(ds), site.id, queued.id)).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
  });

  it('rollback refuses a deployment whose files retention removed', async () => {
    const site = await newSite(ds);
    const old = await liveDeployment(ds, site, 1);
    await liveDeployment(ds, site, 2);
    expect(await deployments.markFilesDeleted(old.id)).toBe(true);
    await expect(sites.rollback(site.ownerId, site.id, old.id)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_READY' });
  });

  it('unpublish takes the site down; a deployment requested before it does not bring it back', async () => {
    const site = await newSite(ds);
    const live = await liveDeployment(ds, site);
    const inFlight = await newDeployment(ds, site, 2);
    const down = await sites.unpublish(site.ownerId, site.id);
    expect(down).toMatchObject({ liveDeploymentId: null, publishedAt: null });
    expect(await sites.liveByHost({ slug: site.slug })).toBeNull();
    expect((await sites.activate(inFlight.id, readyFigures(inFlight.id))).live).toBe(false);
    expect(await sites.liveByHost({ slug: site.slug })).toBeNull();
    await expect(sites.unpublish(await newOwner(ds), site.id)).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
    // Rolling back republishes it.
    expect((await sites.rollback(site.ownerId, site.id, live.id)).liveDeploymentId).toBe(live.id);
    expect((await sites.liveByHost({ slug: site.slug }))?.deploymentId).toBe(live.id);
  });

  it('deleting the live deployment row takes the site down rather than failing', async () => {
    const site = await newSite(ds);
    const live = await liveDeployment(ds, site);
    await ds.query('DELETE FROM deployments WHERE id = $1', [live.id]);
    expect((await sites.findById(site.id))?.liveDeploymentId).toBeNull();
  });
});

describe('SitesRepository: the host lookup', () => {
  it('finds a published site by slug (any case) with its live manifest; an unpublished one not at all', async () => {
    const site = await newSite(ds);
    expect(await sites.liveByHost({ slug: site.slug })).toBeNull();
    const live = await liveDeployment(ds, site);
    await sites.updateSettings(site.ownerId, site.id, { noindex: true });
    expect(await sites.liveByHost({ slug: site.slug.toUpperCase() })).toEqual({
      siteId: site.id,
      ownerId: site.ownerId,
      projectId: site.projectId,
      deploymentId: live.id,
      manifest: manifestOf(live.id),
      noindex: true,
    });
    expect(await sites.liveByHost({ slug: uniqueSlug() })).toBeNull();
  });

  it('finds a published site by a verified domain only', async () => {
    const site = await newSite(ds);
    const live = await liveDeployment(ds, site);
    const domains = new SiteDomainsRepository(ds);
    const domain = `${uniqueSlug()}.example.test`;
    const row = await domains.add(site.ownerId, site.id, domain, 'token');
    expect(await sites.liveByHost({ domain })).toBeNull();
    await domains.markVerified(row.id);
    expect((await sites.liveByHost({ domain: domain.toUpperCase() }))?.deploymentId).toBe(live.id);
    expect(await sites.liveByHost({ slug: domain })).toBeNull();
    await domains.markUnverified(row.id, 'no TXT record');
    expect(await sites.liveByHost({ domain })).toBeNull();
  });
});

describe('SitesRepository: traffic', () => {
  it('adds counts in one upsert that increments, per UTC day, summing rows of one site', async () => {
    const a = await newSite(ds);
    const b = await newSite(ds);
    const day = new Date('2026-03-04T23:59:00Z');
    await sites.addTraffic([{ siteId: a.id, requests: 2, bytes: 100 }], day);
    await sites.addTraffic(
      [
        { siteId: a.id, requests: 3, bytes: 5_000_000_000 },
        { siteId: a.id, requests: 1, bytes: 1 },
        { siteId: b.id, requests: 7, bytes: 70 },
      ],
      day,
    );
    await sites.addTraffic([{ siteId: a.id, requests: 10, bytes: 10 }], new Date('2026-03-05T00:00:01Z'));
    expect(await ds.getRepository(SiteTrafficEntity).findBy({ siteId: a.id })).toEqual(
      expect.arrayContaining([
        { siteId: a.id, day: '2026-03-04', requests: 6, bytes: 5_000_000_101 },
        { siteId: a.id, day: '2026-03-05', requests: 10, bytes: 10 },
      ]),
    );
    expect(await sites.trafficTotals(a.id)).toEqual({ requests: 16, bytes: 5_000_000_111 });
    expect(await sites.trafficTotals(b.id)).toEqual({ requests: 7, bytes: 70 });
  });

  it('drops counts of sites that no longer exist instead of failing the batch; no site, no traffic', async () => {
    const site = await newSite(ds);
    await sites.addTraffic([
      { siteId: randomUUID(), requests: 1, bytes: 1 },
      { siteId: site.id, requests: 4, bytes: 40 },
    ]);
    await sites.addTraffic([]);
    expect(await sites.trafficTotals(site.id)).toEqual({ requests: 4, bytes: 40 });
    expect(await sites.trafficTotals(randomUUID())).toEqual({ requests: 0, bytes: 0 });
  });
});
