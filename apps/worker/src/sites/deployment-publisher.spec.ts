import { gunzipSync } from 'node:zlib';
import { StudioError } from '@studio/contracts';
import { SiteDomainEntity } from '@studio/data';
import { deploymentKey } from '@studio/publish';
import { headTags } from './testing/html-head.js';
import { publisherFakes } from './testing/publish-fakes.js';

const attempt = { last: false };
const text = (bytes: Buffer | undefined) => bytes?.toString('utf8') ?? '';

describe('DeploymentPublisher', () => {
  it('builds, finishes, stores every file under the deployment and makes it live, then says so', async () => {
    const f = publisherFakes({ site: { title: 'My "best" <page>', description: null } });
    const result = await f.publisher.run('dep-1', { last: false, requestId: 'req-1' });

    expect(result).toMatchObject({ live: true, fileCount: expect.any(Number), buildMs: expect.any(Number) });
    expect(f.activated).toHaveLength(1);
    const { manifest } = f.activated[0]!;
    expect(Object.keys(manifest.files).sort()).toEqual(['404.html', 'assets/index-Ab3dE_9x.js', 'index.html', 'og-image.png', 'robots.txt', 'sitemap.xml']);
    expect(manifest.notFound).toBe('404.html');
    // Every key of the manifest (and its compressed forms) is in the store before activation.
    for (const [path, file] of Object.entries(manifest.files)) {
      expect(file.key).toBe(deploymentKey('project-1', 'dep-1', path));
      expect(f.objects.objects.get(file.key)?.body.length).toBe(file.size);
      if (file.gz) expect(gunzipSync(f.objects.objects.get(file.gz.key)?.body ?? Buffer.alloc(0)).length).toBe(file.size);
    }
    expect(manifest.files['assets/index-Ab3dE_9x.js']).toMatchObject({ immutable: true, contentType: 'text/javascript; charset=utf-8', gz: expect.anything() });
    expect(manifest.files['index.html']?.immutable).toBe(false);

    const html = text(f.objects.objects.get(deploymentKey('project-1', 'dep-1', 'index.html'))?.body);
    const head = headTags(html);
    expect(head.title).toBe('My "best" <page>');
    expect(head.meta('description')).toBe('Built description');
    expect(head.count('meta', 'name', 'description')).toBe(1);
    expect(head.link('canonical')).toBe('http://my-page.sites.localhost:3100/');
    expect(head.meta('og:image')).toBe('http://my-page.sites.localhost:3100/og-image.png');
    expect(text(f.objects.objects.get(deploymentKey('project-1', 'dep-1', 'robots.txt'))?.body)).toContain('Sitemap: http://my-page.sites.localhost:3100/sitemap.xml');

    const names = f.events.map((e) => e.name);
    expect(f.events.find((e) => e.name === 'deployment:ready')?.payload).toEqual({ deploymentId: 'dep-1', version: 3, url: 'http://my-page.sites.localhost:3100/', live: true });
    expect(names.indexOf('deployment:ready')).toBeLessThan(names.indexOf('site:updated'));
    expect(f.events.find((e) => e.name === 'site:updated')?.payload).toMatchObject({ site: { id: 'site-1', liveDeploymentId: 'dep-1', traffic: { requests: 7, bytes: 700 } } });
    expect(f.siteChanged).toEqual(['site-1']);
    expect(f.webhooks).toEqual([{ event: 'site.published', data: { projectId: 'project-1', siteId: 'site-1', deploymentId: 'dep-1', version: 3, url: 'http://my-page.sites.localhost:3100/' } }]);
    expect(f.bucket.puts).toHaveLength(0);
  });

  it('reports progress by stage, never backwards, ending at 1', async () => {
    const f = publisherFakes();
    await f.publisher.run('dep-1', attempt);
    const sent = f.events.filter((e) => e.name === 'deployment:progress').map((e) => e.payload as { progress: number; stage: string });
    expect(sent.map((p) => p.stage)).toEqual(expect.arrayContaining(['build', 'screenshot', 'seo', 'compress', 'upload', 'activate']));
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.progress).toBeGreaterThanOrEqual(sent[i - 1]!.progress);
    expect(sent.at(-1)).toEqual({ deploymentId: 'dep-1', progress: 1, stage: 'activate' });
  });

  it('a build that fails is the deployment’s outcome: failed with the output, nothing stored, the live site untouched', async () => {
    const f = publisherFakes({ site: { liveDeploymentId: 'dep-0' } });
    f.build.result = { ok: false, output: 'src/App.tsx(3,1): error: Unexpected token' };
    expect(await f.publisher.run('dep-1', attempt)).toEqual({ failed: 'PUBLISH_BUILD_FAILED' });
    expect(f.failed).toEqual([{ code: 'PUBLISH_BUILD_FAILED', message: expect.any(String), details: { output: 'src/App.tsx(3,1): error: Unexpected token' } }]);
    expect(f.events.at(-1)).toEqual({ name: 'deployment:failed', payload: { deploymentId: 'dep-1', error: f.failed[0] } });
    expect(f.activated).toHaveLength(0);
    expect(f.objects.objects.size).toBe(0);
    expect(f.site.liveDeploymentId).toBe('dep-0');
    expect(f.siteChanged).toEqual([]);
  });

  it('publishes without an og:image when the screenshot fails, and says so', async () => {
    const f = publisherFakes();
    f.shot.fail = true;
    expect(await f.publisher.run('dep-1', attempt)).toMatchObject({ live: true });
    expect(Object.keys(f.activated[0]!.manifest.files)).not.toContain('og-image.png');
    expect(f.warnings.join('\n')).toMatch(/no screenshot/);
    const html = text(f.objects.objects.get(deploymentKey('project-1', 'dep-1', 'index.html'))?.body);
    expect(html).not.toContain('og:image');
    // The defaults come from the page itself when the rendered facts are missing.
    expect(html).toContain('<title>Built title</title>');
  });

  it('a store failure is retried by the queue, and only the last attempt fails the deployment', async () => {
    const f = publisherFakes();
    f.objects.failPuts = 1;
    await expect(f.publisher.run('dep-1', { last: false })).rejects.toThrow('store unavailable');
    expect(f.failed).toEqual([]);
    expect(f.activated).toEqual([]);

    f.objects.failPuts = 1;
    await expect(f.publisher.run('dep-1', { last: true })).rejects.toThrow('store unavailable');
    expect(f.failed).toEqual([{ code: 'PUBLISH_FAILED', message: expect.stringContaining('store unavailable') }]);
    // What the earlier puts stored is not left behind for a deployment that will never be ready.
    expect([...f.objects.objects.keys()].filter((k) => k.startsWith('projects/project-1/deployments/dep-1/'))).toEqual([]);
  });

  it('once activated, a failure to announce neither fails the deployment nor touches its files', async () => {
    const f = publisherFakes();
    f.failingEvents.add('deployment:ready');
    expect(await f.publisher.run('dep-1', { last: true })).toMatchObject({ live: true });
    expect(f.failed).toEqual([]);
    expect(f.deployment.status).toBe('ready');
    expect(f.objects.objects.has(deploymentKey('project-1', 'dep-1', 'index.html'))).toBe(true);
    expect(f.warnings).toContain('publish not announced');
  });

  it('is idempotent: a failed or finished deployment is not built again', async () => {
    const failed = publisherFakes({ deployment: { status: 'failed' } });
    expect(await failed.publisher.run('dep-1', attempt)).toEqual({ skipped: 'failed' });
    expect(await failed.publisher.run('dep-x', attempt)).toEqual({ skipped: 'gone' });
    const ready = publisherFakes({ deployment: { status: 'ready' } });
    expect(await ready.publisher.run('dep-1', attempt)).toEqual({ skipped: 'ready' });
    expect(failed.build.calls + ready.build.calls).toBe(0);
  });

  it('a deployment overtaken by a rollback is ready but not live: no site change, no webhook', async () => {
    const f = publisherFakes({ site: { liveDeploymentId: 'dep-0' } });
    f.activation.live = false;
    expect(await f.publisher.run('dep-1', attempt)).toMatchObject({ live: false });
    expect(f.events.find((e) => e.name === 'deployment:ready')?.payload).toMatchObject({ live: false });
    expect(f.events.map((e) => e.name)).not.toContain('site:updated');
    expect(f.siteChanged).toEqual([]);
    expect(f.webhooks).toEqual([]);
  });

  it('uses a verified custom domain as the canonical URL', async () => {
    const f = publisherFakes();
    f.domains.push(
      Object.assign(new SiteDomainEntity(), {
        id: 'd1',
        siteId: 'site-1',
        ownerId: 'user-1',
        domain: 'www.example.com',
        token: 't',
        status: 'verified' as const,
        verifiedAt: new Date(),
        lastCheckedAt: null,
        lastError: null,
        createdAt: new Date(),
      }),
    );
    await f.publisher.run('dep-1', attempt);
    const html = text(f.objects.objects.get(deploymentKey('project-1', 'dep-1', 'index.html'))?.body);
    expect(headTags(html).link('canonical')).toBe('http://www.example.com/');
  });

  describe('an s3 site', () => {
    const s3 = { targetKind: 's3' as const, targetConfig: { region: 'us-east-1', bucket: 'mine', prefix: 'www/', accessKeyId: 'AKIA', publicUrl: 'https://www.example.com' }, targetSecret: 'v1:x' };

    it('gets the files in its bucket too, and the bucket’s public URL is the live one', async () => {
      const f = publisherFakes({ site: s3 });
      expect(await f.publisher.run('dep-1', attempt)).toMatchObject({ live: true });
      expect(f.bucket.puts).toHaveLength(1);
      expect(f.bucket.puts[0]!.files.map((file) => file.path).sort()).toEqual(Object.keys(f.activated[0]!.manifest.files).sort());
      expect(f.events.find((e) => e.name === 'deployment:ready')?.payload).toMatchObject({ url: 'https://www.example.com/' });
      expect(f.objects.objects.has(deploymentKey('project-1', 'dep-1', 'index.html'))).toBe(true);
    });

    it('a bucket that refuses fails the deployment with its code, not the job', async () => {
      const f = publisherFakes({ site: s3 });
      f.bucket.fail = new StudioError('PUBLISH_TARGET_REFUSED', 'The bucket refused the upload: InvalidAccessKeyId');
      expect(await f.publisher.run('dep-1', { last: false })).toEqual({ failed: 'PUBLISH_TARGET_REFUSED' });
      expect(f.failed[0]?.code).toBe('PUBLISH_TARGET_REFUSED');
      expect(f.activated).toEqual([]);
      expect(f.objects.objects.size).toBe(0);
    });

    it('rolled back to a ready deployment: its stored files are put again, with no build', async () => {
      const f = publisherFakes({ site: s3 });
      await f.publisher.run('dep-1', attempt);
      f.bucket.puts.length = 0;
      f.deployment.manifest = f.activated[0]!.manifest;
      expect(await f.publisher.run('dep-1', attempt)).toEqual({ reput: Object.keys(f.deployment.manifest.files).length });
      expect(f.build.calls).toBe(1);
      const index = f.bucket.puts[0]?.files.find((file) => file.path === 'index.html');
      expect(index?.bytes.toString()).toContain('<link rel="canonical"');
      expect(index?.contentType).toBe('text/html; charset=utf-8');

      // Not the live one any more (another rollback since): the bucket keeps what it has.
      f.site.liveDeploymentId = 'dep-9';
      expect(await f.publisher.run('dep-1', attempt)).toEqual({ skipped: 'not live' });
    });
  });
});
