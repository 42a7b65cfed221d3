import { platformHostOf, platformHosts } from './domains.policy.js';

const env = { SITES_DOMAIN: 'sites.example.com', PREVIEW_DOMAIN: 'preview.example.com', PUBLIC_URL: 'https://Studio.Example.com:8443' };

describe('platform hosts', () => {
  const hosts = platformHosts(env);

  it('are the sites domain, the preview domain, the API host and localhost', () => {
    expect(hosts.sort()).toEqual(['localhost', 'preview.example.com', 'sites.example.com', 'studio.example.com']);
  });

  it.each([
    ['sites.example.com', 'sites.example.com'],
    ['shop.sites.example.com', 'sites.example.com'],
    ['a.b.preview.example.com', 'preview.example.com'],
    ['studio.example.com', 'studio.example.com'],
    ['www.studio.example.com', 'studio.example.com'],
    ['app.localhost', 'localhost'],
  ])('refuses %s (under %s)', (domain, host) => {
    expect(platformHostOf(domain, hosts)).toBe(host);
  });

  it.each(['example.com', 'shop.example.com', 'mysites.example.com', 'notlocalhost.com', 'localhost.example.com'])('allows %s', (domain) => {
    expect(platformHostOf(domain, hosts)).toBeNull();
  });
});
