import { loadEnv } from '@studio/config';
import type { PreviewTarget } from '@studio/data';
import { PREVIEW_COOKIE, type PreviewGrant, PreviewLinks } from '../previews/preview-links.js';
import { PreviewAccess } from './preview-access.js';

const env = loadEnv({ DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost', JWT_SECRET: 'a-test-secret-that-is-long-enough-1234', PORT: '3000' });
const links = new PreviewLinks(env);
const projectId = '68b1a366-f66f-4a63-a61b-f9335107f818';
const owner = { userId: 'u1', via: 'jwt' as const, sessionId: 's1', expiresAt: Date.now() + 60_000 };
const grant: PreviewGrant = { userId: 'u1', projectId, credential: { kind: 'session', id: 's1' } };
const serving: PreviewTarget = { projectId, ownerId: 'u1', sessionId: 'ps1', status: 'ready', host: '10.0.0.2', vitePort: 5173, version: 2, error: null, render: null };
const cookieOf = (g: PreviewGrant) => `${PREVIEW_COOKIE}=${encodeURIComponent(links.cookieValue(g))}`;
const queryOf = (url: string) => new URL(url).searchParams;

function setup(options: { revoked?: string[]; revokedFresh?: string[]; target?: PreviewTarget | null; woken?: PreviewTarget | null; spent?: boolean } = {}) {
  const calls: string[] = [];
  // `revokedFresh`: revoked, but a cached answer still says live (revoked within the last second).
  const credentials = {
    isLive: async (g: PreviewGrant, opts: { fresh?: boolean } = {}) => (
      calls.push(`isLive ${g.credential.id}${opts.fresh ? ' fresh' : ''}`), !(options.revoked ?? []).includes(g.credential.id) && !(opts.fresh && options.revokedFresh?.includes(g.credential.id))
    ),
  };
  const spentLinks = { spend: async () => (calls.push('spend'), !options.spent) };
  const targets = {
    find: async () => (calls.push('find'), options.target === undefined ? serving : options.target),
    wake: async (t: PreviewTarget, userId: string) => (calls.push(`wake ${t.projectId} for ${userId}`), options.woken ?? null),
    touch: (sessionId: string) => void calls.push(`touch ${sessionId}`),
  };
  return { calls, access: new PreviewAccess(env, links, credentials, spentLinks, targets) };
}

describe('PreviewAccess.authorize', () => {
  it('lets the owner through to a serving preview, and records the visit', async () => {
    const { calls, access } = setup();
    expect(await access.authorize(projectId, cookieOf(grant))).toEqual({ target: serving, grant });
    expect(calls).toEqual(['isLive s1', 'find', 'touch ps1']);
  });

  it('refuses with no cookie for this project, before looking anything up', async () => {
    const { calls, access } = setup();
    expect(await access.authorize(projectId, undefined)).toEqual({ refusal: 'PREVIEW_ACCESS_DENIED' });
    expect(await access.authorize(projectId, cookieOf({ ...grant, projectId: 'another' }))).toEqual({ refusal: 'PREVIEW_ACCESS_DENIED' });
    expect(await access.authorize(projectId, `${PREVIEW_COOKIE}=forged`)).toEqual({ refusal: 'PREVIEW_ACCESS_DENIED' });
    expect(calls).toEqual([]);
  });

  it('takes the first cookie whose credential still stands; none standing is a revoked session', async () => {
    const revoked: PreviewGrant = { ...grant, credential: { kind: 'session', id: 'old' } };
    const { calls, access } = setup({ revoked: ['old'] });
    expect(await access.authorize(projectId, `${PREVIEW_COOKIE}=forged; ${cookieOf(revoked)}; ${cookieOf(grant)}`)).toEqual({ target: serving, grant });
    expect(calls.slice(0, 2)).toEqual(['isLive old', 'isLive s1']);
    expect(await setup({ revoked: ['s1'] }).access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'PREVIEW_SESSION_REVOKED' });
  });

  it("answers not found for a project that is gone or is another user's", async () => {
    expect(await setup({ target: null }).access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'NOT_FOUND' });
    expect(await setup({ target: { ...serving, ownerId: 'u2' } }).access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'NOT_FOUND' });
  });

  it('wakes a paused or stopped preview and lets the visit through once it serves', async () => {
    for (const status of ['paused', 'stopped']) {
      const { calls, access } = setup({ target: { ...serving, status }, woken: serving });
      expect(await access.authorize(projectId, cookieOf(grant))).toEqual({ target: serving, grant });
      expect(calls).toEqual(['isLive s1', 'find', 'isLive s1 fresh', `wake ${projectId} for u1`, 'touch ps1']);
    }
  });

  it('asks afresh before waking: a credential revoked a moment ago (still live in the cache) wakes nothing', async () => {
    for (const status of ['paused', 'stopped']) {
      const { calls, access } = setup({ target: { ...serving, status }, woken: serving, revokedFresh: ['s1'] });
      expect(await access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'PREVIEW_SESSION_REVOKED' });
      expect(calls).toEqual(['isLive s1', 'find', 'isLive s1 fresh']);
    }
    // A serving preview is let through on the cached answer (a page load's module requests cost one lookup).
    expect(await setup({ revokedFresh: ['s1'] }).access.authorize(projectId, cookieOf(grant))).toEqual({ target: serving, grant });
  });

  it('says not running for a preview that does not serve, or did not wake', async () => {
    const { calls, access } = setup({ target: { ...serving, status: 'stopped' }, woken: null });
    expect(await access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'PREVIEW_NOT_RUNNING' });
    expect(calls).not.toContain('touch ps1');
    expect(await setup({ target: { ...serving, status: null, sessionId: null, host: null, vitePort: null } }).access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'PREVIEW_NOT_RUNNING' });
    expect(await setup({ target: { ...serving, status: 'warm' } }).access.authorize(projectId, cookieOf(grant))).toEqual({ refusal: 'PREVIEW_NOT_RUNNING' });
  });
});

describe('PreviewAccess.signIn', () => {
  it('trades a link for the preview cookie once, and sends the browser on to a local path', async () => {
    const { calls, access } = setup();
    const query = queryOf(links.url(owner, projectId, '/about'));
    const signedIn = await access.signIn(projectId, query);
    if ('refusal' in signedIn) throw new Error(signedIn.refusal);
    expect(signedIn.location).toBe('/about');
    const [pair, ...attributes] = signedIn.cookie.split('; ');
    expect(links.verifyCookie(decodeURIComponent(pair.slice(PREVIEW_COOKIE.length + 1)))).toEqual(grant);
    expect(attributes).toEqual(['Path=/', 'HttpOnly', `Max-Age=${12 * 3600}`, 'Secure', 'SameSite=None', 'Partitioned']);
    expect(calls).toEqual(['isLive s1', 'spend']);
  });

  it("refuses a bad link, another project's, a revoked one and a spent one, in that order", async () => {
    const link = queryOf(links.url(owner, projectId));
    expect(await setup().access.signIn(projectId, new URLSearchParams('t=garbage'))).toEqual({ refusal: 'PREVIEW_LINK_INVALID' });
    expect(await setup().access.signIn('another', link)).toEqual({ refusal: 'PREVIEW_LINK_INVALID' });
    const revoked = setup({ revoked: ['s1'], spent: true });
    expect(await revoked.access.signIn(projectId, link)).toEqual({ refusal: 'PREVIEW_SESSION_REVOKED' });
    expect(revoked.calls).toEqual(['isLive s1']);
    expect(await setup({ spent: true }).access.signIn(projectId, link)).toEqual({ refusal: 'PREVIEW_LINK_USED' });
  });
});
