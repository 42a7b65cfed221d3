import type { DeploymentView, SiteView } from '@studio/contracts';
import type { ProjectEvent } from '../../api/project-socket';
import { fieldErrors } from './field-errors';
import { applyPublishEvent, buildOutput, emptyPublish, hostSuffix, isRunning, latestDeployment, liveUrl, readyButNotLive, setSite, upsertDeployments } from './publish-state';

const site = (over: Partial<SiteView> = {}): SiteView => ({
  id: 's1',
  projectId: 'p',
  slug: 'launch',
  url: 'http://launch.sites.localhost:3100/',
  liveDeploymentId: null,
  liveVersion: null,
  publishedAt: null,
  settings: { title: null, description: null, imagePath: null, noindex: false },
  target: { kind: 'builtin' },
  traffic: { requests: 0, bytes: 0 },
  createdAt: '2026-12-01T10:00:00Z',
  ...over,
});
const deployment = (over: Partial<DeploymentView> = {}): DeploymentView => ({
  id: 'd1',
  siteId: 's1',
  projectId: 'p',
  version: 1,
  status: 'queued',
  progress: 0,
  live: false,
  target: 'builtin',
  createdAt: '2026-12-01T10:00:00Z',
  ...over,
});
const ev = <E extends ProjectEvent['name']>(name: E, payload: Extract<ProjectEvent, { name: E }>['payload'], seq = 1) => ({ name, payload, seq, history: false }) as ProjectEvent;
const loaded = { ...emptyPublish, loaded: true };

describe("the Publish panel's state", () => {
  it('follows a deployment from the POST answer through progress to live, newest first', () => {
    let s = setSite(loaded, site());
    s = upsertDeployments(s, [deployment({ id: 'd0', version: 1, status: 'ready', progress: 1 })]);
    s = upsertDeployments(s, [deployment({ id: 'd1', version: 2 })]);
    expect(latestDeployment(s)?.id).toBe('d1');
    expect(isRunning(latestDeployment(s))).toBe(true);
    s = applyPublishEvent(s, ev('deployment:progress', { deploymentId: 'd1', progress: 0.4, stage: 'seo' }));
    expect(latestDeployment(s)).toMatchObject({ status: 'building', progress: 0.4, stage: 'seo' });
    s = applyPublishEvent(s, ev('deployment:ready', { deploymentId: 'd1', version: 2, url: 'http://launch.sites.localhost:3100/', live: true }));
    // Live at once, before the site's own event.
    expect(s.site).toMatchObject({ liveDeploymentId: 'd1', liveVersion: 2 });
    expect(s.deployments.filter((d) => d.live).map((d) => d.id)).toEqual(['d1']);
    s = applyPublishEvent(s, ev('site:updated', { site: site({ liveDeploymentId: 'd1', liveVersion: 2 }) }));
    expect(s.deployments.map((d) => [d.id, d.status, d.live])).toEqual([
      ['d1', 'ready', true],
      ['d0', 'ready', false],
    ]);
    expect(isRunning(latestDeployment(s))).toBe(false);
    // Its figures come with the list: the panel loads it again.
    expect(s.stale).toBe(true);
    expect(s.announced.d1).toEqual({ url: 'http://launch.sites.localhost:3100/', live: true });
    expect(readyButNotLive(s, latestDeployment(s)!)).toBe(false);
  });

  it("keeps progress that came before the POST's answer, and a late older answer never undoes it", () => {
    let s = applyPublishEvent(loaded, ev('deployment:progress', { deploymentId: 'd1', progress: 0.7, stage: 'upload' }));
    expect(s.deployments).toEqual([]);
    // The POST answers `queued` after the worker already reported progress.
    s = upsertDeployments(s, [deployment({ id: 'd1', status: 'queued', progress: 0 })]);
    expect(latestDeployment(s)).toMatchObject({ status: 'building', progress: 0.7, stage: 'upload' });
    expect(s.early).toEqual({});
    s = applyPublishEvent(s, ev('deployment:failed', { deploymentId: 'd1', error: { code: 'PUBLISH_BUILD_FAILED', message: 'does not build', details: { output: 'error TS2304' } } }));
    // A list loaded before the failure (still building) does not bring it back.
    s = upsertDeployments(s, [deployment({ id: 'd1', status: 'building', progress: 0.5, fileCount: 3 })]);
    expect(latestDeployment(s)).toMatchObject({ status: 'failed', fileCount: 3 });
    expect(buildOutput(latestDeployment(s)?.error)).toBe('error TS2304');
    expect(buildOutput({ code: 'PUBLISH_FAILED', message: 'store down' })).toBeUndefined();
  });

  it('asks for the list again when a deployment it never listed finishes (another tab published)', () => {
    const s = applyPublishEvent(loaded, ev('deployment:ready', { deploymentId: 'elsewhere', version: 3, url: 'http://x/', live: true }));
    expect(s.stale).toBe(true);
    expect(applyPublishEvent(loaded, ev('deployment:progress', { deploymentId: 'elsewhere', progress: 0.1, stage: 'build' })).stale).toBe(false);
    expect(applyPublishEvent(loaded, ev('turn:cancelled', { turnId: 't' }))).toBe(loaded);
  });

  it('says a deployment is ready but not live only when it was built while the site was rolled back or taken down', () => {
    let s = upsertDeployments(setSite(loaded, site({ liveDeploymentId: 'd0' })), [deployment({ id: 'd1', version: 2, status: 'building' })]);
    s = applyPublishEvent(s, ev('deployment:ready', { deploymentId: 'd1', version: 2, url: 'http://launch.sites.localhost:3100/', live: false }));
    expect(readyButNotLive(s, latestDeployment(s)!)).toBe(true);
    expect(s.site?.liveDeploymentId).toBe('d0');
    // Live, then taken down: not that case.
    let t = upsertDeployments(setSite(loaded, site()), [deployment({ id: 'd1', status: 'building' })]);
    t = applyPublishEvent(t, ev('deployment:ready', { deploymentId: 'd1', version: 1, url: 'http://x/', live: true }));
    t = setSite(t, site({ liveDeploymentId: null }));
    expect(latestDeployment(t)).toMatchObject({ status: 'ready', live: false });
    expect(readyButNotLive(t, latestDeployment(t)!)).toBe(false);
  });

  it('marks no deployment live once the site is unpublished, and the rolled-back one after a rollback', () => {
    let s = setSite(loaded, site({ liveDeploymentId: 'd2' }));
    s = upsertDeployments(s, [deployment({ id: 'd1', version: 1, status: 'ready' }), deployment({ id: 'd2', version: 2, status: 'ready', live: true })]);
    s = setSite(s, site({ liveDeploymentId: 'd1' }));
    expect(s.deployments.filter((d) => d.live).map((d) => d.id)).toEqual(['d1']);
    s = setSite(s, site({ liveDeploymentId: null }));
    expect(s.deployments.some((d) => d.live)).toBe(false);
  });

  it("shows the bucket's public URL for an S3 target, and the host after the slug", () => {
    expect(liveUrl(site())).toBe('http://launch.sites.localhost:3100/');
    const s3 = site({ target: { kind: 's3', region: 'eu-west-1', bucket: 'www', prefix: '', accessKeyId: 'AK', publicUrl: 'https://www.example.com/' } });
    expect(liveUrl(s3)).toBe('https://www.example.com/');
    expect(liveUrl(s3, 'https://announced.example.com/')).toBe('https://announced.example.com/');
    expect(hostSuffix(site())).toBe('.sites.localhost:3100');
    expect(hostSuffix(null)).toBe('');
  });
});

describe('refusals placed on the fields of a form', () => {
  it('puts a taken slug and validation reasons beside their fields, and the rest above the form', () => {
    expect(fieldErrors({ code: 'SLUG_TAKEN', message: 'That address is taken.' }, ['slug', 'title'])).toEqual({ fields: { slug: 'That address is taken.' } });
    expect(fieldErrors({ code: 'VALIDATION_FAILED', message: 'Invalid input: slug', details: { fields: { slug: 'is reserved' } } }, ['slug'])).toEqual({ fields: { slug: 'is reserved' } });
    expect(fieldErrors({ code: 'VALIDATION_FAILED', message: 'Invalid input: x', details: { fields: { x: 'bad' } } }, ['slug'])).toEqual({ fields: {}, general: 'Invalid input: x (x: bad)' });
    expect(fieldErrors({ code: 'PROJECT_NOT_FOUND', message: 'Not found.' }, ['slug'])).toEqual({ fields: {}, general: 'Not found.' });
    // A code about a field this form does not have is said above it.
    expect(fieldErrors({ code: 'SLUG_TAKEN', message: 'Taken.' }, ['domain'])).toEqual({ fields: {}, general: 'Taken.' });
    expect(fieldErrors(new TypeError('Failed to fetch'), ['slug'])).toEqual({ fields: {}, general: 'Failed to fetch' });
  });
});
