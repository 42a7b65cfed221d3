import { hostKey, siteHostMatcher } from './site-host-name.js';

const hostOf = siteHostMatcher('sites.localhost');

describe('siteHostMatcher', () => {
  it('reads a slug under SITES_DOMAIN in every form a client sends the same host', () => {
    for (const host of ['my-page.sites.localhost', 'MY-PAGE.Sites.Localhost:3100', 'my-page.sites.localhost.', 'my-page.sites.localhost.:3100']) {
      expect([host, hostOf(host)]).toEqual([host, { slug: 'my-page' }]);
    }
  });

  it('takes any other DNS name of two labels or more as a custom domain', () => {
    expect(hostOf('www.Example.com:443')).toEqual({ domain: 'www.example.com' });
    expect(hostOf('example.co.uk.')).toEqual({ domain: 'example.co.uk' });
  });

  it('names no site for the domain itself, deeper names under it, addresses, bare names and garbage', () => {
    for (const host of [undefined, '', 'sites.localhost', 'a.b.sites.localhost', '127.0.0.1:3100', '[::1]:3100', 'localhost', 'bad_name.example.com', '-x.example.com', 'a b.com']) {
      expect([host, hostOf(host)]).toEqual([host, null]);
    }
  });

  it('keys a slug and a custom domain apart, so a domain never answers from a slug cached under the same text', () => {
    expect(hostKey({ slug: 'example' })).not.toBe(hostKey({ domain: 'example' }));
  });
});
