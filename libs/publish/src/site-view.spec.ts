import { type SiteFields, siteUrl, siteView } from './site-view.js';

const env = { SITES_PUBLIC_SCHEME: 'http' as const, SITES_DOMAIN: 'sites.localhost', SITES_PUBLIC_PORT: 3100 };

const site: SiteFields = {
  id: 's1',
  projectId: 'p1',
  slug: 'acme',
  title: 'Acme',
  description: null,
  imagePath: null,
  noindex: true,
  liveDeploymentId: 'd1',
  publishedAt: new Date('2026-12-01T10:00:00Z'),
  targetKind: 'builtin',
  targetConfig: null,
  createdAt: new Date('2026-11-30T10:00:00Z'),
};

describe('siteUrl', () => {
  it('names the port unless it is the scheme default', () => {
    expect(siteUrl(env, 'acme')).toBe('http://acme.sites.localhost:3100/');
    expect(siteUrl({ ...env, SITES_PUBLIC_PORT: 80 }, 'acme')).toBe('http://acme.sites.localhost/');
    expect(siteUrl({ SITES_PUBLIC_SCHEME: 'https', SITES_DOMAIN: 'pages.example.com', SITES_PUBLIC_PORT: 443 }, 'acme')).toBe('https://acme.pages.example.com/');
    expect(siteUrl({ SITES_PUBLIC_SCHEME: 'https', SITES_DOMAIN: 'pages.example.com', SITES_PUBLIC_PORT: 80 }, 'acme')).toBe('https://acme.pages.example.com:80/');
    expect(siteUrl({ SITES_PUBLIC_SCHEME: 'https', SITES_DOMAIN: 'pages.example.com' }, 'acme')).toBe('https://acme.pages.example.com/');
  });
});

describe('siteView', () => {
  it('maps a published site on the built-in host', () => {
    expect(siteView(site, env, { requests: 3, bytes: 400 }, 7)).toEqual({
      id: 's1',
      projectId: 'p1',
      slug: 'acme',
      url: 'http://acme.sites.localhost:3100/',
      liveDeploymentId: 'd1',
      liveVersion: 7,
      publishedAt: '2026-12-01T10:00:00.000Z',
      settings: { title: 'Acme', description: null, imagePath: null, noindex: true },
      target: { kind: 'builtin' },
      traffic: { requests: 3, bytes: 400 },
      createdAt: '2026-11-30T10:00:00.000Z',
    });
  });

  it('has no live version, deployment or publish time while unpublished', () => {
    const down = siteView({ ...site, liveDeploymentId: null }, env, { requests: 0, bytes: 0 }, 4);
    expect([down.liveDeploymentId, down.liveVersion, down.publishedAt]).toEqual([null, null, null]);
  });

  it('shows a bucket target field by field, never anything else the row holds', () => {
    const config = { region: 'eu-west-1', bucket: 'www', prefix: 'site/', accessKeyId: 'made-up-key-id', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, secretAccessKey: 'hunter2' };
    const view = siteView({ ...site, targetKind: 's3', targetConfig: config }, env, { requests: 0, bytes: 0 }, null);
    expect(view.target).toEqual({ kind: 's3', region: 'eu-west-1', bucket: 'www', prefix: 'site/', accessKeyId: 'made-up-key-id', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
    expect(JSON.stringify(view)).not.toContain('hunter2');
  });
});
