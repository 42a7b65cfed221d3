import type { Env } from '@studio/config';
import { type PublishTargetBody, type SiteView, StudioError } from '@studio/contracts';
import type { SiteEntity, SitesRepository, SiteTarget } from '@studio/data';
import type { FileStore } from '@studio/files';
import { AddressPolicy, secretBox } from '@studio/platform';
import type { JobQueue } from '../infra/job-queue.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { SiteChanges } from './site-changes.js';
import { SitesService } from './sites.service.js';

const OWNER = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-0000000000aa';
const DEPLOYMENT = '00000000-0000-4000-8000-0000000000dd';
const env = { JWT_SECRET: 'j'.repeat(32), SECRETS_KEY: undefined };

const siteRow = (over: Partial<SiteEntity> = {}): SiteEntity => ({
  id: '00000000-0000-4000-8000-0000000000ee',
  projectId: PROJECT,
  ownerId: OWNER,
  slug: 'launch-aaaa',
  title: null,
  description: null,
  imagePath: null,
  noindex: false,
  liveDeploymentId: null,
  liveChangedAt: null,
  publishedAt: null,
  targetKind: 'builtin',
  targetConfig: null,
  targetSecret: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

/** The service's rules over in-memory stand-ins: one site row at most, slugs some other site holds, the head's files. */
function setup(opts: { takenSlugs?: (slug: string) => boolean; site?: SiteEntity } = {}) {
  let site: SiteEntity | null = opts.site ?? null;
  const tried: string[] = [];
  const patches: unknown[] = [];
  const targets: SiteTarget[] = [];
  const enqueued: { name: string; data: unknown; jobId?: string }[] = [];
  const announced: SiteEntity[] = [];
  const sites = {
    findForProject: async () => site,
    create: async (input: { slug: string }) => {
      tried.push(input.slug);
      if (opts.takenSlugs?.(input.slug)) throw new StudioError('SLUG_TAKEN', 'taken', { slug: input.slug });
      site = siteRow({ slug: input.slug });
      return site;
    },
    updateSettings: async (_o: string, _s: string, patch: Partial<SiteEntity>) => {
      patches.push(patch);
      site = { ...siteRow(), ...site, ...patch };
      return site;
    },
    setTarget: async (_o: string, _s: string, t: SiteTarget) => {
      targets.push(t);
      site = { ...siteRow(), ...site, targetKind: t.kind, ...(t.kind === 's3' ? { targetConfig: t.config, targetSecret: t.secret } : { targetConfig: null, targetSecret: null }) };
      return site;
    },
    rollback: async (_o: string, _s: string, deploymentId: string) => {
      site = { ...siteRow(), ...site, liveDeploymentId: deploymentId };
      return site;
    },
  };
  const projects = {
    getOwned: async (ownerId: string, id: string) => {
      if (ownerId !== OWNER || id !== PROJECT) throw new StudioError('PROJECT_NOT_FOUND', 'No such project.');
      return { id, ownerId, name: 'Launch', headVersion: 3 };
    },
  };
  const changes = {
    announce: async (s: SiteEntity) => {
      announced.push(s);
      return { id: s.id, slug: s.slug } as Pick<SiteView, 'id' | 'slug'>;
    },
  };
  const jobs = { enqueue: async (name: string, data: unknown, options: { jobId?: string } = {}) => void enqueued.push({ name, data, jobId: options.jobId }) };
  const files = { listFiles: async () => [{ path: 'public/assets/og.png' }, { path: 'src/App.tsx' }, { path: 'public/robots.txt' }] };
  const service = new SitesService(
    sites as unknown as SitesRepository,
    projects as unknown as ProjectsService,
    changes as unknown as SiteChanges,
    jobs as unknown as JobQueue,
    AddressPolicy.fromList('127.0.0.1/32'),
    files as unknown as FileStore,
    env as unknown as Env,
  );
  return { service, tried, patches, targets, enqueued, announced, current: () => site };
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (err: unknown) => (err instanceof StudioError ? { code: err.code, details: err.details } : err),
  );

describe('SitesService', () => {
  it('creates the site on first save with a generated slug, trying other letters while one is taken', async () => {
    let taken = 2;
    const { service, tried } = setup({ takenSlugs: () => taken-- > 0 });
    await service.saveSettings(OWNER, PROJECT, { title: 'Hi' });
    expect(tried).toHaveLength(3);
    for (const slug of tried) expect(slug).toMatch(/^launch-[a-z0-9]{4}$/);
  });

  it('gives up after a few taken generated slugs, and never retries a slug the person chose', async () => {
    const always = setup({ takenSlugs: () => true });
    expect(await refusal(always.service.saveSettings(OWNER, PROJECT, {}))).toMatchObject({ code: 'SLUG_TAKEN' });
    expect(always.tried).toHaveLength(5);
    const chosen = setup({ takenSlugs: () => true });
    expect(await refusal(chosen.service.saveSettings(OWNER, PROJECT, { slug: 'mine' }))).toMatchObject({ code: 'SLUG_TAKEN' });
    expect(chosen.tried).toEqual(['mine']);
  });

  it('changes only the fields the body names; an empty text clears like null; the site’s own slug is no change', async () => {
    const { service, patches, announced } = setup({ site: siteRow({ title: 'Old', description: 'Keep' }) });
    await service.saveSettings(OWNER, PROJECT, { slug: 'launch-aaaa', title: '', noindex: true });
    expect(patches).toEqual([{ title: null, noindex: true }]);
    expect(announced).toHaveLength(1);
    await service.saveSettings(OWNER, PROJECT, {});
    expect(patches).toHaveLength(1);
  });

  it('takes an Open Graph image only from the head’s assets, refused before any site is created', async () => {
    const { service, current } = setup();
    for (const imagePath of ['public/assets/missing.png', 'src/App.tsx', 'public/robots.txt']) {
      expect(await refusal(service.saveSettings(OWNER, PROJECT, { imagePath }))).toEqual({ code: 'ASSET_NOT_FOUND', details: { path: imagePath } });
    }
    expect(current()).toBeNull();
    await service.saveSettings(OWNER, PROJECT, { imagePath: 'public/assets/og.png' });
    expect(current()?.imagePath).toBe('public/assets/og.png');
  });

  it('answers another person’s project as missing, and a project of theirs without a site as SITE_NOT_FOUND', async () => {
    const { service } = setup();
    expect(await refusal(service.get('00000000-0000-4000-8000-000000000002', PROJECT))).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await refusal(service.get(OWNER, PROJECT))).toMatchObject({ code: 'SITE_NOT_FOUND' });
    expect(await refusal(service.unpublish(OWNER, PROJECT))).toMatchObject({ code: 'SITE_NOT_FOUND' });
  });

  it('stores a bucket’s secret sealed (it opens to the secret) and keeps it out of the settings', async () => {
    const { service, targets, current } = setup();
    const body: PublishTargetBody = { kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', bucket: 'site', prefix: '', accessKeyId: 'AKIA', secretAccessKey: 'shh-secret' };
    await service.setTarget(OWNER, PROJECT, body);
    const [target] = targets;
    if (target?.kind !== 's3') throw new Error('expected an s3 target');
    expect(target.secret).toMatch(/^v2:/);
    expect(secretBox(env).open(target.secret)).toBe('shh-secret');
    expect(JSON.stringify(target.config)).not.toContain('shh-secret');
    expect(target.config).toMatchObject({ endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', bucket: 'site', prefix: '', accessKeyId: 'AKIA' });
    expect(current()?.targetKind).toBe('s3');
  });

  it('refuses a bucket endpoint the outbound policy refuses, as VALIDATION_FAILED on endpoint, before creating anything', async () => {
    const { service, current } = setup();
    const body: PublishTargetBody = { kind: 's3', endpoint: 'http://169.254.169.254/', region: 'us-east-1', bucket: 'site', prefix: '', accessKeyId: 'AKIA', secretAccessKey: 'x' };
    const refused = await refusal(service.setTarget(OWNER, PROJECT, body));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { endpoint: expect.stringContaining('link-local') } } });
    expect(current()).toBeNull();
  });

  it('rolls back with no job for the built-in host; a bucket site gets the deployment put back by the worker', async () => {
    const builtin = setup({ site: siteRow() });
    await builtin.service.rollback(OWNER, PROJECT, DEPLOYMENT);
    expect(builtin.enqueued).toEqual([]);
    const bucket = setup({ site: siteRow({ targetKind: 's3' }) });
    await bucket.service.rollback(OWNER, PROJECT, DEPLOYMENT, 'req-1');
    expect(bucket.enqueued).toEqual([
      { name: 'deployment.build', data: { deploymentId: DEPLOYMENT, ownerId: OWNER, requestId: 'req-1' }, jobId: expect.stringMatching(new RegExp(`^${DEPLOYMENT}-rollback-\\d+$`)) },
    ]);
    // Already live: nothing to put back.
    await bucket.service.rollback(OWNER, PROJECT, DEPLOYMENT);
    expect(bucket.enqueued).toHaveLength(1);
    expect(await refusal(bucket.service.rollback(OWNER, PROJECT, 'nope'))).toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
  });
});
