import { FakeRuntime, FakeSessions, sessionRow } from '../testing/fakes.js';
import { WarmPool } from './warm-pool.js';

describe('WarmPool', () => {
  it('starts warm instances until the pool holds PREVIEW_WARM_POOL, counting those already there', async () => {
    const runtime = new FakeRuntime();
    const sessions = new FakeSessions([sessionRow({ projectId: null, userId: null, status: 'warm', instanceId: 'i0' }), sessionRow({ status: 'ready' })]);
    await new WarmPool(runtime, sessions, { PREVIEW_WARM_POOL: 3 }).fill();
    const warm = (await sessions.all()).filter((s) => s.status === 'warm');
    expect(warm).toHaveLength(3);
    expect(warm.every((s) => s.instanceId && s.runtime === 'process')).toBe(true);
    expect(runtime.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('drops the session and stops filling when an instance does not start', async () => {
    const runtime = new FakeRuntime();
    runtime.failCreate = true;
    const sessions = new FakeSessions();
    await new WarmPool(runtime, sessions, { PREVIEW_WARM_POOL: 3 }).fill();
    expect(sessions.rows.size).toBe(0);
    expect(runtime.calls).toHaveLength(1);
  });
});
