import type { Socket } from 'socket.io';
import { CredentialRevocations } from '../auth/credential-revocations.js';
import type { CredentialsService } from '../auth/credentials.service.js';
import type { Principal } from '../auth/principal.js';
import { SocketCredentials } from './socket-credentials.js';

const alice: Principal = { userId: 'u1', via: 'jwt', sessionId: 's1', expiresAt: Date.now() + 60_000 };
const bob: Principal = { userId: 'u2', via: 'api_key', apiKeyId: 'k2' };

/** Liveness lookups held open until released, so events can arrive while one runs. */
function setup() {
  const lookups: { principal: Principal; answer: (live: boolean) => void }[] = [];
  const credentials = { isLive: (principal: Principal) => new Promise<boolean>((answer) => lookups.push({ principal, answer })) };
  const sockets = new SocketCredentials(credentials as unknown as CredentialsService, new CredentialRevocations());
  const socket = (principal: Principal) => ({ id: principal.userId, data: { principal }, connected: true, emit: () => true, disconnect: () => undefined }) as unknown as Socket;
  return { lookups, sockets, socket };
}

describe('SocketCredentials.assertLive', () => {
  it('events of one credential arriving while its lookup runs share that lookup; another credential has its own', async () => {
    const { lookups, sockets, socket } = setup();
    const events = [sockets.assertLive(socket(alice)), sockets.assertLive(socket(alice)), sockets.assertLive(socket(bob))];
    await Promise.resolve();
    expect(lookups.map((l) => l.principal)).toEqual([alice, bob]);
    for (const l of lookups) l.answer(true);
    await expect(Promise.all(events)).resolves.toEqual([alice, alice, bob]);
    // Answered: cached for a second, no lookup.
    await expect(sockets.assertLive(socket(alice))).resolves.toBe(alice);
    expect(lookups).toHaveLength(2);
  });

  it('a revoked answer refuses every event that shared it', async () => {
    const { lookups, sockets, socket } = setup();
    const events = [sockets.assertLive(socket(alice)), sockets.assertLive(socket(alice))].map((p) => p.catch((err) => err.code));
    await Promise.resolve();
    lookups[0].answer(false);
    await expect(Promise.all(events)).resolves.toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
  });

  it('a failed lookup fails the events that shared it, and the next event looks again', async () => {
    let calls = 0;
    const flaky = { isLive: async () => (++calls === 1 ? Promise.reject(new Error('db down')) : true) };
    const sockets = new SocketCredentials(flaky as unknown as CredentialsService, new CredentialRevocations());
    const s = { id: 'x', data: { principal: alice }, connected: true } as unknown as Socket;
    await expect(Promise.all([sockets.assertLive(s), sockets.assertLive(s)])).rejects.toThrow('db down');
    await expect(sockets.assertLive(s)).resolves.toBe(alice);
    expect(calls).toBe(2);
  });
});
