import { randomUUID } from 'node:crypto';
import type { DeploymentManifest } from '@studio/contracts';
import type { DataSource } from 'typeorm';
import type { DeploymentEntity } from '../../entities/deployment.entity.js';
import type { SiteEntity } from '../../entities/site.entity.js';
import { DeploymentsRepository } from '../deployments.repository.js';
import { ProjectsRepository } from '../projects.repository.js';
import type { DeploymentReady } from '../sites.repository.js';
import { SitesRepository } from '../sites.repository.js';
import { UsersRepository } from '../users.repository.js';

/** Rows the publishing int-specs build on: an owner with a project and its site, deployments of it. */

export const newOwner = async (ds: DataSource) => (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;

/** A slug no other test takes: `t-` and 16 hex digits. */
export const uniqueSlug = () => `t-${randomUUID().replaceAll('-', '').slice(0, 16)}`;

export async function newProject(ds: DataSource, ownerId: string): Promise<string> {
  const projectId = randomUUID();
  await new ProjectsRepository(ds).create({ id: projectId, ownerId, name: 'P', templateId: 'landing' }, async () => undefined);
  return projectId;
}

export async function newSite(ds: DataSource, ownerId?: string): Promise<SiteEntity> {
  const owner = ownerId ?? (await newOwner(ds));
  return new SitesRepository(ds).create({ projectId: await newProject(ds, owner), ownerId: owner, slug: uniqueSlug() });
}

export const newDeployment = (ds: DataSource, site: SiteEntity, version = 1): Promise<DeploymentEntity> =>
  new DeploymentsRepository(ds).create({ siteId: site.id, projectId: site.projectId, ownerId: site.ownerId, version, targetKind: 'builtin' });

export function manifestOf(deploymentId: string, html = 'index.html'): DeploymentManifest {
  const key = (path: string) => `projects/p/deployments/${deploymentId}/${path}`;
  return {
    files: {
      [html]: { key: key(html), size: 120, etag: '"abcdefghijklmnopqrstuv"', contentType: 'text/html; charset=utf-8', immutable: false, br: { key: key(`${html}.br`), size: 80 } },
      'assets/index-Ab12Cd34.js': { key: key('assets/index-Ab12Cd34.js'), size: 5000, etag: '"Ab12Cd34Ab12Cd34Ab12Cd"', contentType: 'text/javascript; charset=utf-8', immutable: true },
    },
    notFound: '404.html',
  };
}

export const readyFigures = (deploymentId: string): DeploymentReady => ({ manifest: manifestOf(deploymentId), fileCount: 2, sizeBytes: 5120, buildMs: 900, publishMs: 2100 });

/** A deployment built and activated (live unless the pointer moved after it was requested). */
export async function liveDeployment(ds: DataSource, site: SiteEntity, version = 1): Promise<DeploymentEntity> {
  const deployment = await newDeployment(ds, site, version);
  await new SitesRepository(ds).activate(deployment.id, readyFigures(deployment.id));
  return deployment;
}
