import { randomUUID } from 'node:crypto';
import { createDataSource, DeploymentsRepository, ProjectsRepository, SitesRepository, UsersRepository } from '@studio/data';
import { S3ObjectStore } from '@studio/files';
import { deploymentKey } from '@studio/publish';
import type { DataSource } from 'typeorm';
import { DeploymentPruner } from './deployment-pruner.js';
import { manifestOf, publishFilesOf } from './publish-file.js';

/**
 * Retention against real Postgres and S3: the repositories' choice of what may go (never the live one, even
 * an older one rolled back to) and the store's prefix delete, as the `deployments.prune` job runs them.
 */
let ds: DataSource;
let store: S3ObjectStore;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 2, applicationName: 'pruner-int' });
  await ds.initialize();
  store = S3ObjectStore.fromEnvironment();
});
afterAll(async () => {
  await ds.destroy();
  store.destroy();
});

describe('DeploymentPruner', () => {
  it('deletes the files of deployments past the newest kept, never the live one, and rollback to a pruned one is refused', async () => {
    const user = await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
    const project = await new ProjectsRepository(ds).create({ id: randomUUID(), ownerId: user.id, name: 'Pruned', templateId: 'landing' }, async () => undefined);
    const sites = new SitesRepository(ds);
    const deployments = new DeploymentsRepository(ds);
    const site = await sites.create({ projectId: project.id, ownerId: user.id, slug: `prune-${randomUUID().slice(0, 8)}` });

    const ids: string[] = [];
    for (const version of [1, 2, 3]) {
      const row = await deployments.create({ siteId: site.id, projectId: project.id, ownerId: user.id, version, targetKind: 'builtin' });
      const files = await publishFilesOf(new Map([['index.html', Buffer.from(`<p>version ${version}</p>`)]]));
      for (const file of files) await store.put(deploymentKey(project.id, row.id, file.path), file.bytes);
      await sites.activate(row.id, { manifest: manifestOf(project.id, row.id, files), fileCount: 1, sizeBytes: 20, buildMs: 1, publishMs: 2 });
      ids.push(row.id);
    }
    const [d1, d2, d3] = ids as [string, string, string];
    // The oldest is live again: retention must keep it though it is past the newest one kept.
    await sites.rollback(user.id, site.id, d1);

    // Only this site: other tests' sites share the database.
    const pruner = new DeploymentPruner(
      { sitesWithDeployments: async () => [site.id], prunable: (siteId, keep) => deployments.prunable(siteId, keep), markFilesDeleted: (id) => deployments.markFilesDeleted(id) },
      store,
      1,
    );
    expect(await pruner.run()).toEqual({ pruned: 1, objects: 1 });
    expect(await store.size(deploymentKey(project.id, d2, 'index.html'))).toBeNull();
    expect(await store.size(deploymentKey(project.id, d1, 'index.html'))).toBeGreaterThan(0);
    expect(await store.size(deploymentKey(project.id, d3, 'index.html'))).toBeGreaterThan(0);
    expect((await deployments.findById(d2))?.filesDeletedAt).toBeInstanceOf(Date);
    await expect(sites.rollback(user.id, site.id, d2)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_READY' });

    // A second run finds nothing more to do.
    expect(await pruner.run()).toEqual({ pruned: 0, objects: 0 });
  });
});
