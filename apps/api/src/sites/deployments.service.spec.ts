import { StudioError } from '@studio/contracts';
import type { DeploymentEntity, DeploymentsRepository, SiteEntity, SitesRepository } from '@studio/data';
import type { JobQueue } from '../infra/job-queue.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { DeploymentsService, SITE_MAX_PENDING_DEPLOYMENTS } from './deployments.service.js';
import type { SitesService } from './sites.service.js';

const OWNER = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-0000000000aa';
const SITE = { id: '00000000-0000-4000-8000-0000000000ee', projectId: PROJECT, ownerId: OWNER, liveDeploymentId: null, targetKind: 'builtin' } as const;

/** The service's rules over in-memory deployment rows, newest first, and a queue that records what it was given. */
function setup(site: Pick<SiteEntity, 'id' | 'liveDeploymentId' | 'targetKind'> = SITE) {
  const rows: DeploymentEntity[] = [];
  const enqueued: { name: string; data: unknown; jobId?: string }[] = [];
  let n = 0;
  const row = (over: Partial<DeploymentEntity>): DeploymentEntity => ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    siteId: site.id,
    projectId: PROJECT,
    ownerId: OWNER,
    version: 1,
    status: 'queued',
    progress: 0,
    stage: null,
    error: null,
    targetKind: site.targetKind,
    manifest: null,
    fileCount: null,
    sizeBytes: null,
    buildMs: null,
    publishMs: null,
    filesDeletedAt: null,
    createdAt: new Date(),
    readyAt: null,
    updatedAt: new Date(),
    ...over,
  });
  const deployments = {
    create: async (input: Partial<DeploymentEntity>) => {
      const created = row(input);
      rows.unshift(created);
      return created;
    },
    listForSite: async (_o: string, _s: string, limit = 50) => rows.slice(0, limit),
    find: async (ownerId: string, id: string) => rows.find((r) => r.id === id && r.ownerId === ownerId) ?? null,
  };
  const sites = { findForProject: async () => site, findById: async () => site };
  const siteService = { ensureSite: async () => site };
  const projects = {
    getOwned: async (ownerId: string, id: string) => {
      if (ownerId !== OWNER || id !== PROJECT) throw new StudioError('PROJECT_NOT_FOUND', 'No such project.');
      return { id, ownerId, name: 'Launch', headVersion: 3 };
    },
  };
  const jobs = { enqueue: async (name: string, data: unknown, options: { jobId?: string } = {}) => void enqueued.push({ name, data, jobId: options.jobId }) };
  const service = new DeploymentsService(
    deployments as unknown as DeploymentsRepository,
    sites as unknown as SitesRepository,
    siteService as unknown as SitesService,
    projects as unknown as ProjectsService,
    jobs as unknown as JobQueue,
  );
  return { service, rows, enqueued, row };
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (err: unknown) => (err instanceof StudioError ? { code: err.code, details: err.details } : err),
  );

describe('DeploymentsService', () => {
  it('queues the head by default, one job per deployment named by its id', async () => {
    const { service, enqueued } = setup();
    const view = await service.create(OWNER, PROJECT, {}, 'req-1');
    expect(view).toMatchObject({ version: 3, status: 'queued', live: false, target: 'builtin' });
    expect(enqueued).toEqual([{ name: 'deployment.build', data: { deploymentId: view.id, ownerId: OWNER, requestId: 'req-1' }, jobId: view.id }]);
  });

  it('refuses a version past the head without queueing anything', async () => {
    const { service, enqueued, rows } = setup();
    expect(await refusal(service.create(OWNER, PROJECT, { version: 4 }))).toEqual({ code: 'VERSION_NOT_FOUND', details: { version: 4 } });
    expect([enqueued, rows]).toEqual([[], []]);
  });

  it(`holds a site to ${SITE_MAX_PENDING_DEPLOYMENTS} queued or building at once (429), not counting finished or long-lost ones`, async () => {
    const { service, rows, row, enqueued } = setup();
    rows.push(row({ status: 'queued', createdAt: new Date(Date.now() - 3600_000) }), row({ status: 'ready' }), row({ status: 'failed' }));
    for (let i = 0; i < SITE_MAX_PENDING_DEPLOYMENTS; i++) await service.create(OWNER, PROJECT, {});
    const refused = await refusal(service.create(OWNER, PROJECT, {}));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { pending: SITE_MAX_PENDING_DEPLOYMENTS, limit: SITE_MAX_PENDING_DEPLOYMENTS, retryAfterSeconds: expect.any(Number) } });
    expect(enqueued).toHaveLength(SITE_MAX_PENDING_DEPLOYMENTS);
    rows[0].status = 'building';
    rows[1].status = 'ready';
    expect((await service.create(OWNER, PROJECT, {})).status).toBe('queued');
  });

  it('marks live the deployment the site points at, and answers a missing or malformed id as not found', async () => {
    const { service, rows, row } = setup({ ...SITE, liveDeploymentId: '00000000-0000-4000-8000-000000000001' });
    rows.push(row({ status: 'ready' }), row({ status: 'ready' }));
    expect((await service.get(OWNER, rows[0].id)).live).toBe(true);
    expect((await service.get(OWNER, rows[1].id)).live).toBe(false);
    expect((await service.list(OWNER, PROJECT)).map((d) => d.live)).toEqual([true, false]);
    expect(await refusal(service.get(OWNER, 'x'))).toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    expect(await refusal(service.get('00000000-0000-4000-8000-000000000002', rows[0].id))).toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
  });
});
