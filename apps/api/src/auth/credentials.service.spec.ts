import { API_KEY_PREFIX } from '@studio/contracts';
import { type ApiKeysRepository, type CredentialsRepository, DbScope, type DbScopeValue } from '@studio/data';
import { CredentialsService } from './credentials.service.js';
import type { TokenService } from './token.service.js';

const USER = '3f1c2a9e-8b4d-4e6f-9a1b-2c3d4e5f6a7b';

/** Records the row-level security scope each lookup ran in: the request's scope follows from it. */
function setup() {
  const scopes: { lookup: string; scope: DbScopeValue | null }[] = [];
  const credentials = {
    isLive: async () => {
      scopes.push({ lookup: 'session', scope: DbScope.current() });
      return true;
    },
  };
  const apiKeys = {
    findActiveByHash: async () => {
      scopes.push({ lookup: 'api key', scope: DbScope.current() });
      return { id: 'k1', userId: USER, lastUsedAt: new Date() };
    },
    touchLastUsed: async () => undefined,
  };
  const tokens = { verifyAccess: (token: string) => (token === 'good' ? { userId: USER, sessionId: 's1', expiresAt: Date.now() + 60_000 } : null) };
  const service = new CredentialsService(credentials as unknown as CredentialsRepository, apiKeys as unknown as ApiKeysRepository, tokens as unknown as TokenService);
  return { service, scopes };
}

describe('CredentialsService scopes', () => {
  it("checks a JWT's session in its own user's scope (the request's), not the system scope", async () => {
    const { service, scopes } = setup();
    await expect(service.authenticate('good')).resolves.toMatchObject({ userId: USER, via: 'jwt', sessionId: 's1' });
    expect(scopes).toEqual([{ lookup: 'session', scope: { kind: 'user', userId: USER } }]);
  });

  it('finds an API key by its hash in the system scope (its owner is not known yet)', async () => {
    const { service, scopes } = setup();
    await expect(service.authenticate(`${API_KEY_PREFIX}abc`)).resolves.toMatchObject({ userId: USER, via: 'api_key' });
    expect(scopes).toEqual([{ lookup: 'api key', scope: { kind: 'system', reason: expect.any(String) } }]);
  });

  it("re-checks a socket's credential in its own user's scope, the one its event then runs in", async () => {
    const { service, scopes } = setup();
    await expect(service.isLive({ userId: USER, via: 'api_key', apiKeyId: 'k1' })).resolves.toBe(true);
    expect(scopes).toEqual([{ lookup: 'session', scope: { kind: 'user', userId: USER } }]);
  });

  it('refuses a token that does not verify without reading any row', async () => {
    const { service, scopes } = setup();
    await expect(service.authenticate('forged')).resolves.toBeNull();
    expect(scopes).toEqual([]);
  });
});
