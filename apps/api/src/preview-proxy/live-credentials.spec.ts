import type { CredentialsRepository } from '@studio/data';
import type { PreviewGrant } from '../previews/preview-links.js';
import { LiveCredentials } from './live-credentials.js';

const grant: PreviewGrant = { userId: 'u1', projectId: 'p1', credential: { kind: 'session', id: 's1' } };

describe('LiveCredentials', () => {
  it('answers from its cache within a second, unless asked afresh, which also refreshes the cache', async () => {
    let live = true;
    let lookups = 0;
    const repository = { isLive: async () => (lookups++, live) } as unknown as CredentialsRepository;
    const credentials = new LiveCredentials(repository);
    expect(await credentials.isLive(grant)).toBe(true);
    live = false; // revoked just now
    expect(await credentials.isLive(grant)).toBe(true);
    expect(lookups).toBe(1);
    expect(await credentials.isLive(grant, { fresh: true })).toBe(false);
    expect(await credentials.isLive(grant)).toBe(false);
    expect(lookups).toBe(2);
  });
});
