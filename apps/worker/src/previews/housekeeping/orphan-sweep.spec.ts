import { FakeRuntime, FakeSessions, recordingNotices, servingRow, sessionRow } from '../testing/fakes.js';
import { OrphanSweep } from './orphan-sweep.js';

function setup(rows = [sessionRow()]) {
  const runtime = new FakeRuntime();
  const sessions = new FakeSessions(rows);
  const { notices, published } = recordingNotices();
  return { runtime, sessions, published, sweep: new OrphanSweep(runtime, sessions, notices) };
}

describe('OrphanSweep', () => {
  it('removes an instance no session owns, and keeps the ones sessions own', async () => {
    const owned = servingRow({ instanceId: 'i-owned' });
    const { runtime, sessions, sweep } = setup([owned]);
    runtime.states.set('i-owned', 'running').set('i-orphan', 'running');
    runtime.labels.set('i-orphan', 'gone-session');
    await sweep.removeInstances(await sessions.all(), await runtime.list());
    expect(runtime.calls).toEqual(['remove i-orphan']);
  });

  it('gives a session that is still starting a minute to record its instance', async () => {
    const young = sessionRow({ id: 'young', status: 'starting' });
    const old = sessionRow({ id: 'old', status: 'starting', createdAt: new Date(Date.now() - 61_000) });
    const { runtime, sessions, sweep } = setup([young, old]);
    runtime.states.set('i-young', 'running').set('i-old', 'running');
    runtime.labels.set('i-young', 'young').set('i-old', 'old');
    await sweep.removeInstances(await sessions.all(), await runtime.list());
    expect(runtime.calls).toEqual(['remove i-old']);
  });

  it('still sweeps the rest when removing one instance fails', async () => {
    const { runtime, sessions, sweep } = setup([]);
    runtime.states.set('a', 'running').set('b', 'running');
    runtime.remove = async (id) => {
      runtime.calls.push(`remove ${id}`);
      if (id === 'a') throw new Error('engine said no');
    };
    await sweep.removeInstances(await sessions.all(), await runtime.list());
    expect(runtime.calls).toEqual(['remove a', 'remove b']);
  });

  it('drops sessions whose instance is gone, or that never recorded one in time, and says the preview stopped', async () => {
    const lost = servingRow({ id: 'lost', projectId: 'p-lost', instanceId: 'i-lost' });
    const live = servingRow({ id: 'live', projectId: 'p-live', instanceId: 'i-live' });
    const neverRecorded = sessionRow({ id: 'never', projectId: 'p-never', status: 'starting', createdAt: new Date(Date.now() - 61_000) });
    const starting = sessionRow({ id: 'starting', projectId: 'p-starting', status: 'starting' });
    const warmLost = servingRow({ id: 'warm', projectId: null, status: 'warm', instanceId: 'i-warm' });
    const { runtime, sessions, published, sweep } = setup([lost, live, neverRecorded, starting, warmLost]);
    runtime.states.set('i-live', 'running');
    await sweep.dropSessions(await sessions.all(), await runtime.list());
    expect([...sessions.rows.keys()].sort()).toEqual(['live', 'starting']);
    expect(published).toEqual([
      { projectId: 'p-lost', name: 'preview:status', payload: { status: 'stopped' } },
      { projectId: 'p-never', name: 'preview:status', payload: { status: 'stopped' } },
    ]);
  });
});
