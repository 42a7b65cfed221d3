import { loadEnv } from '@studio/config';
import jwt from 'jsonwebtoken';
import { PreviewLinks } from './preview-links.js';

const env = loadEnv({ DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost', JWT_SECRET: 'a-test-secret-that-is-long-enough-1234', PORT: '3000' });
const links = new PreviewLinks(env);
const projectId = '68b1a366-f66f-4a63-a61b-f9335107f818';
const viaSession = { userId: 'u1', via: 'jwt' as const, sessionId: 's1', expiresAt: Date.now() + 60_000 };
const viaKey = { userId: 'u1', via: 'api_key' as const, apiKeyId: 'k1' };
const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

describe('PreviewLinks', () => {
  it('binds a link, and the cookie it becomes, to the session or API key that asked', () => {
    const link = links.verifyLink(tokenOf(links.url(viaSession, projectId)))!;
    expect(link.grant).toEqual({ userId: 'u1', projectId, credential: { kind: 'session', id: 's1' } });
    expect(links.verifyCookie(links.cookieValue(link.grant))).toEqual(link.grant);
    expect(links.verifyLink(tokenOf(links.url(viaKey, projectId)))!.grant.credential).toEqual({ kind: 'api_key', id: 'k1' });
  });

  it('gives every link its own id and an expiry a minute away', () => {
    const [a, b] = [links.verifyLink(tokenOf(links.url(viaSession, projectId)))!, links.verifyLink(tokenOf(links.url(viaSession, projectId)))!];
    expect(a.linkId).not.toBe(b.linkId);
    expect(a.expiresAt - Date.now()).toBeGreaterThan(55_000);
    expect(a.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('accepts neither as the other, nor a token without a credential, nor garbage', () => {
    const token = tokenOf(links.url(viaSession, projectId));
    expect(links.verifyCookie(token)).toBeNull();
    expect(links.verifyLink(links.cookieValue(links.verifyLink(token)!.grant))).toBeNull();
    // What a cookie held before grants named their credential.
    const old = jwt.sign({ pid: projectId }, env.JWT_SECRET, { algorithm: 'HS256', issuer: 'studio-api', audience: 'preview-cookie', subject: 'u1', expiresIn: 60 });
    expect(links.verifyCookie(old)).toBeNull();
    for (const bad of ['', 'x', 'e30.e30.', '%E0%A4%A', 'a.b.c']) expect(links.verifyCookie(bad)).toBeNull();
  });
});
