import type { InstanceInfo } from '@studio/containers';
import type { PreviewSessionEntity } from '@studio/data';
import type { AgentEvents } from './housekeeping/agent-events.js';
import type { DeadInstances } from './housekeeping/dead-instances.js';
import type { IdleReaper } from './housekeeping/idle-reaper.js';
import type { LeaderLease } from './housekeeping/leader-lease.js';
import type { OrphanSweep } from './housekeeping/orphan-sweep.js';
import type { WarmPool } from './housekeeping/warm-pool.js';
import { PreviewSupervisor } from './preview-supervisor.js';
import { FakeRuntime, FakeSessions, servingRow } from './testing/fakes.js';

type Jobs = {
  lease: Pick<LeaderLease, 'renew' | 'release'>;
  orphans: Pick<OrphanSweep, 'removeInstances' | 'dropSessions'>;
  dead: Pick<DeadInstances, 'markStopped'>;
  idle: Pick<IdleReaper, 'reap'>;
  warmPool: Pick<WarmPool, 'fill'>;
  agentEvents: Pick<AgentEvents, 'follow' | 'stopAll'>;
};

function setup(leads: boolean) {
  const runtime = new FakeRuntime();
  runtime.states.set('i1', 'running');
  const sessions = new FakeSessions([servingRow({ id: 's1', instanceId: 'i1' })]);
  const order: string[] = [];
  const seen = (name: string) => (sessions: PreviewSessionEntity[], instances?: InstanceInfo[]) => {
    order.push(`${name}(${sessions.length}${instances ? `, ${instances.length}` : ''})`);
  };
  const jobs: Jobs = {
    lease: { renew: async () => (order.push('renew'), leads), release: async () => void order.push('release') },
    orphans: { removeInstances: async (s, i) => seen('removeInstances')(s, i), dropSessions: async (s, i) => seen('dropSessions')(s, i) },
    dead: { markStopped: async (s, i) => seen('markStopped')(s, i) },
    idle: { reap: async () => void order.push('reap') },
    warmPool: { fill: async () => void order.push('fill') },
    agentEvents: { follow: (s) => seen('follow')(s), stopAll: () => void order.push('stopAll') },
  };
  const supervisor = new PreviewSupervisor(runtime, sessions, jobs.lease, jobs.orphans, jobs.dead, jobs.idle, jobs.warmPool, jobs.agentEvents);
  return { supervisor, order, runtime };
}

describe('PreviewSupervisor', () => {
  it('runs every job in order in the worker that leads', async () => {
    const { supervisor, order } = setup(true);
    await supervisor.tick();
    expect(order).toEqual(['renew', 'removeInstances(1, 1)', 'markStopped(1, 1)', 'dropSessions(1, 1)', 'reap', 'fill', 'follow(1)']);
  });

  it('only stops following agent events in a worker that does not lead', async () => {
    const { supervisor, order } = setup(false);
    await supervisor.tick();
    expect(order).toEqual(['renew', 'stopAll']);
  });

  it('runs one round at a time, and a failed job ends the round without stopping the next', async () => {
    const { supervisor, order, runtime } = setup(true);
    let fail = true;
    runtime.list = async () => {
      if (fail) throw new Error('engine gone');
      return [];
    };
    await Promise.all([supervisor.tick(), supervisor.tick()]);
    expect(order).toEqual(['renew']);
    fail = false;
    await supervisor.tick();
    expect(order.slice(1)).toEqual(['renew', 'removeInstances(1, 0)', 'markStopped(1, 0)', 'dropSessions(1, 0)', 'reap', 'fill', 'follow(1)']);
  });

  it('prepares the runtime at boot, and at shutdown stops following, gives up the lease and closes the runtime', async () => {
    const { supervisor, order, runtime } = setup(false);
    await supervisor.onApplicationBootstrap();
    await supervisor.onApplicationShutdown();
    expect(runtime.calls).toEqual(['prepare', 'close']);
    expect(order).toEqual(expect.arrayContaining(['stopAll', 'release']));
  });
});
