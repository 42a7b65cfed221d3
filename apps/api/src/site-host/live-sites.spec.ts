import { jest } from '@jest/globals';
import { LiveSites } from './live-sites.js';
import type { SiteHostName } from './site-host-name.js';

interface Row {
  siteId: string;
  deploymentId: string;
  noindex: boolean;
}

function setup(answers: Map<string, Row | null>) {
  let now = 1000;
  const lookup = jest.fn(async (name: SiteHostName) => answers.get('slug' in name ? name.slug : name.domain) ?? null);
  const prepare = jest.fn((row: Row) => ({ prepared: row.deploymentId }));
  const live = new LiveSites<Row, { prepared: string }>({
    lookup,
    prepare,
    idOf: (r) => ({ siteId: r.siteId, ownerId: 'o', projectId: 'p', deploymentId: r.deploymentId, noindex: r.noindex }),
    ttlMs: 2000,
    maxHosts: 3,
    now: () => now,
  });
  return { live, lookup, prepare, tick: (ms: number) => (now += ms) };
}

describe('LiveSites', () => {
  it('looks a host up once within the TTL, and again after it', async () => {
    const { live, lookup, tick } = setup(new Map([['a', { siteId: 's1', deploymentId: 'd1', noindex: false }]]));
    expect(live.cached('s:a')).toBeUndefined();
    expect((await live.resolve('s:a', { slug: 'a' }))?.deployment).toEqual({ prepared: 'd1' });
    expect(live.cached('s:a')?.deploymentId).toBe('d1');
    tick(2001);
    expect(live.cached('s:a')).toBeUndefined();
    await live.resolve('s:a', { slug: 'a' });
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('remembers "nothing here" too, and shares one query between concurrent requests', async () => {
    const { live, lookup } = setup(new Map());
    const [one, two] = await Promise.all([live.resolve('s:x', { slug: 'x' }), live.resolve('s:x', { slug: 'x' })]);
    expect([one, two]).toEqual([null, null]);
    expect(live.cached('s:x')).toBeNull();
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('forgets a changed site and every negative answer at once, and nothing else', async () => {
    const answers = new Map<string, Row | null>([
      ['a', { siteId: 's1', deploymentId: 'd1', noindex: false }],
      ['b', { siteId: 's2', deploymentId: 'd2', noindex: false }],
    ]);
    const { live } = setup(answers);
    await live.resolve('s:a', { slug: 'a' });
    await live.resolve('s:b', { slug: 'b' });
    await live.resolve('s:c', { slug: 'c' });
    live.siteChanged('s1');
    expect(live.cached('s:a')).toBeUndefined();
    expect(live.cached('s:c')).toBeUndefined();
    expect(live.cached('s:b')?.siteId).toBe('s2');
    answers.set('a', { siteId: 's1', deploymentId: 'd0', noindex: false });
    expect((await live.resolve('s:a', { slug: 'a' }))?.deploymentId).toBe('d0');
  });

  it('does not remember an answer read before a notice came (it may be the old deployment)', async () => {
    let release: (row: Row) => void = () => {};
    const live = new LiveSites<Row, string>({
      lookup: () => new Promise<Row>((r) => (release = r)),
      prepare: (r) => r.deploymentId,
      idOf: (r) => ({ siteId: r.siteId, ownerId: 'o', projectId: 'p', deploymentId: r.deploymentId, noindex: r.noindex }),
      ttlMs: 2000,
    });
    const stale = live.resolve('s:a', { slug: 'a' });
    live.siteChanged('s1');
    release({ siteId: 's1', deploymentId: 'old', noindex: false });
    expect((await stale)?.deploymentId).toBe('old');
    expect(live.cached('s:a')).toBeUndefined();
  });

  it('prepares a deployment once across hosts and lookups, again only when noindex changes', async () => {
    const answers = new Map<string, Row | null>([
      ['a', { siteId: 's1', deploymentId: 'd1', noindex: false }],
      ['example.com', { siteId: 's1', deploymentId: 'd1', noindex: false }],
    ]);
    const { live, prepare } = setup(answers);
    await live.resolve('s:a', { slug: 'a' });
    await live.resolve('d:example.com', { domain: 'example.com' });
    expect(prepare).toHaveBeenCalledTimes(1);
    answers.set('a', { siteId: 's1', deploymentId: 'd1', noindex: true });
    live.siteChanged('s1');
    await live.resolve('s:a', { slug: 'a' });
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('remembers a bounded number of hosts (a flood of unknown names cannot grow memory)', async () => {
    const { live } = setup(new Map());
    for (const slug of ['h1', 'h2', 'h3', 'h4']) await live.resolve(`s:${slug}`, { slug });
    expect(live.cached('s:h1')).toBeUndefined();
    expect(live.cached('s:h4')).toBeNull();
  });
});
