import { LeaderLease, type LeaseStore } from './leader-lease.js';

/** Redis' SET NX PX and the lease's two scripts, over a map (expiry left out: no test waits for it). */
function fakeRedis(): LeaseStore & { keys: Map<string, string> } {
  const keys = new Map<string, string>();
  return {
    keys,
    async set(key, value) {
      if (keys.has(key)) return null;
      keys.set(key, value);
      return 'OK';
    },
    async eval(script, _keys, key, id) {
      if (keys.get(key) !== id) return 0;
      if (script.includes("'del'")) keys.delete(key);
      return 1;
    },
  };
}

describe('LeaderLease', () => {
  const env = { PREVIEW_STACK_ID: 'stack-a' };

  it('lets one worker of a stack lead, and keeps it leading on renewal', async () => {
    const redis = fakeRedis();
    const first = new LeaderLease(redis, env);
    const second = new LeaderLease(redis, env);
    expect(await first.renew()).toBe(true);
    expect(await second.renew()).toBe(false);
    expect(await first.renew()).toBe(true);
    expect([...redis.keys.keys()]).toEqual(['studio:preview-supervisor:stack-a']);
  });

  it('hands over when the leader releases; a worker that does not lead releases nothing', async () => {
    const redis = fakeRedis();
    const first = new LeaderLease(redis, env);
    const second = new LeaderLease(redis, env);
    await first.renew();
    await second.renew();
    await second.release();
    expect(await second.renew()).toBe(false);
    await first.release();
    expect(await second.renew()).toBe(true);
    expect(await first.renew()).toBe(false);
  });

  it('leads each stack separately', async () => {
    const redis = fakeRedis();
    expect(await new LeaderLease(redis, env).renew()).toBe(true);
    expect(await new LeaderLease(redis, { PREVIEW_STACK_ID: 'stack-b' }).renew()).toBe(true);
  });
});
