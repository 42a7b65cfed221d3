import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { DeploymentsRepository } from './deployments.repository.js';
import { SitesRepository } from './sites.repository.js';
import { liveDeployment, newDeployment, newOwner, newSite, readyFigures } from './testing/site-fixtures.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let deployments: DeploymentsRepository;
let sites: SitesRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 6 });
  await ds.initialize();
  deployments = new DeploymentsRepository(ds);
  sites = new SitesRepository(ds);
});
afterAll(() => ds.destroy());

describe('DeploymentsRepository', () => {
  it('creates a deployment queued at progress 0, found by its owner only', async () => {
    const site = await newSite(ds);
    const created = await newDeployment(ds, site, 4);
    expect(created).toMatchObject({
      siteId: site.id,
      projectId: site.projectId,
      ownerId: site.ownerId,
      version: 4,
      status: 'queued',
      progress: 0,
      stage: null,
      error: null,
      targetKind: 'builtin',
      manifest: null,
      sizeBytes: null,
      readyAt: null,
      filesDeletedAt: null,
    });
    expect((await deployments.find(site.ownerId, created.id))?.id).toBe(created.id);
    expect(await deployments.find(await newOwner(ds), created.id)).toBeNull();
    expect((await deployments.findById(created.id))?.version).toBe(4);
    expect(await deployments.findById(randomUUID())).toBeNull();
  });

  it("lists a site's deployments newest first, at most `limit`, for its owner only", async () => {
    const site = await newSite(ds);
    const made = [];
    for (let version = 1; version <= 4; version++) made.push(await newDeployment(ds, site, version));
    await newDeployment(ds, await newSite(ds, site.ownerId));
    expect((await deployments.listForSite(site.ownerId, site.id)).map((d) => d.version)).toEqual([4, 3, 2, 1]);
    expect((await deployments.listForSite(site.ownerId, site.id, 2)).map((d) => d.id)).toEqual([made[3]?.id, made[2]?.id]);
    expect(await deployments.listForSite(site.ownerId, site.id, 0)).toHaveLength(1);
    expect(await deployments.listForSite(await newOwner(ds), site.id)).toEqual([]);
  });

  it('moves along queued → building with progress and stage stored only while building', async () => {
    const site = await newSite(ds);
    const { id } = await newDeployment(ds, site);
    await deployments.setProgress(id, 0.3, 'build');
    expect(await deployments.findById(id)).toMatchObject({ status: 'queued', progress: 0, stage: null });
    await deployments.markBuilding(id);
    await deployments.setProgress(id, 0.5, 'seo');
    expect(await deployments.findById(id)).toMatchObject({ status: 'building', progress: 0.5, stage: 'seo' });
    await deployments.markBuilding(id);
    expect(await deployments.findById(id)).toMatchObject({ status: 'building', progress: 0.5 });
    await sites.activate(id, readyFigures(id));
    await deployments.setProgress(id, 0.9, 'upload');
    expect(await deployments.findById(id)).toMatchObject({ status: 'ready', progress: 1 });
  });

  it('stores a failure with its error body, but never fails a deployment that became ready', async () => {
    const site = await newSite(ds);
    const failing = await newDeployment(ds, site);
    await deployments.markBuilding(failing.id);
    const error = { code: 'PUBLISH_BUILD_FAILED' as const, message: 'vite build failed.', details: { output: 'line 1\nline "2"' } };
    await deployments.markFailed(failing.id, error);
    expect(await deployments.findById(failing.id)).toMatchObject({ status: 'failed', error });
    const live = await liveDeployment(ds, site, 2);
    await deployments.markFailed(live.id, error);
    expect(await deployments.findById(live.id)).toMatchObject({ status: 'ready', error: null });
  });

  it('prunable: ready deployments past the newest `keep`, never the live one, nor ones already pruned or not ready', async () => {
    const site = await newSite(ds);
    const ready = [];
    for (let version = 1; version <= 5; version++) ready.push(await liveDeployment(ds, site, version));
    const [v1, v2, v3, v4, v5] = ready.map((d) => d.id);
    await newDeployment(ds, site, 6);
    expect((await deployments.prunable(site.id, 2)).map((d) => d.id)).toEqual([v3, v2, v1]);
    // Rolled back to the oldest: it is live, so it is kept whatever its age.
    await sites.rollback(site.ownerId, site.id, v1!);
    expect((await deployments.prunable(site.id, 2)).map((d) => d.id)).toEqual([v3, v2]);
    expect((await deployments.prunable(site.id, 0)).map((d) => d.id)).toEqual([v5, v4, v3, v2]);
    expect(await deployments.markFilesDeleted(v2!)).toBe(true);
    expect((await deployments.prunable(site.id, 2)).map((d) => d.id)).toEqual([v3]);
    expect(await deployments.prunable(site.id, 10)).toEqual([]);
  });

  it('markFilesDeleted refuses the live deployment (its files stay) and keeps the first time', async () => {
    const site = await newSite(ds);
    const old = await liveDeployment(ds, site, 1);
    const live = await liveDeployment(ds, site, 2);
    expect(await deployments.markFilesDeleted(live.id)).toBe(false);
    expect((await deployments.findById(live.id))?.filesDeletedAt).toBeNull();
    expect(await deployments.markFilesDeleted(old.id)).toBe(true);
    const first = (await deployments.findById(old.id))?.filesDeletedAt;
    expect(first).toBeInstanceOf(Date);
    expect(await deployments.markFilesDeleted(old.id)).toBe(true);
    expect((await deployments.findById(old.id))?.filesDeletedAt).toEqual(first);
    expect(await deployments.markFilesDeleted(randomUUID())).toBe(false);
  });

  it('a rollback and the pruning of the same deployment never both win', async () => {
    for (let round = 0; round < 5; round++) {
      const site = await newSite(ds);
      const old = await liveDeployment(ds, site, 1);
      await liveDeployment(ds, site, 2);
      const [rolledBack, marked] = await Promise.allSettled([sites.rollback(site.ownerId, site.id, old.id), deployments.markFilesDeleted(old.id)]);
      const after = await sites.findById(site.id);
      const stored = await deployments.findById(old.id);
      if (rolledBack.status === 'fulfilled') {
        expect(after?.liveDeploymentId).toBe(old.id);
        expect(marked).toEqual({ status: 'fulfilled', value: false });
        expect(stored?.filesDeletedAt).toBeNull();
      } else {
        expect(rolledBack.reason).toMatchObject({ code: 'DEPLOYMENT_NOT_READY' });
        expect(marked).toEqual({ status: 'fulfilled', value: true });
        expect(stored?.filesDeletedAt).toBeInstanceOf(Date);
      }
    }
  });

  it('lists the sites that have ready deployments with stored files', async () => {
    const withReady = await newSite(ds);
    await liveDeployment(ds, withReady);
    const onlyQueued = await newSite(ds);
    await newDeployment(ds, onlyQueued);
    const listed = await deployments.sitesWithDeployments();
    expect(listed).toContain(withReady.id);
    expect(listed).not.toContain(onlyQueued.id);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
