import { FakeRuntime, FakeSessions, recordingNotices, servingRow } from '../testing/fakes.js';
import { DeadInstances } from './dead-instances.js';

describe('DeadInstances', () => {
  it('marks a serving session whose instance stopped as stopped, under the project lock, and says so', async () => {
    const died = servingRow({ id: 'died', projectId: 'p1', instanceId: 'i1', status: 'ready' });
    const fine = servingRow({ id: 'fine', projectId: 'p2', instanceId: 'i2', status: 'ready' });
    const paused = servingRow({ id: 'paused', projectId: 'p3', instanceId: 'i3', status: 'paused' });
    const runtime = new FakeRuntime();
    runtime.states.set('i1', 'stopped').set('i2', 'running').set('i3', 'stopped');
    const sessions = new FakeSessions([died, fine, paused]);
    const { notices, published } = recordingNotices();
    await new DeadInstances(runtime, sessions, notices).markStopped(await sessions.all(), await runtime.list());
    expect(sessions.rows.get('died')!.status).toBe('stopped');
    expect(sessions.rows.get('fine')!.status).toBe('ready');
    // A paused preview's instance is not serving: a visit resumes it as it is.
    expect(sessions.rows.get('paused')!.status).toBe('paused');
    expect(sessions.locked).toEqual(['p1']);
    expect(published).toEqual([{ projectId: 'p1', name: 'preview:status', payload: { status: 'stopped' } }]);
  });

  it('leaves a session alone when it changed before the lock was taken (restarted, or on another instance)', async () => {
    const restarted = servingRow({ id: 'restarted', projectId: 'p1', instanceId: 'i1' });
    const moved = servingRow({ id: 'moved', projectId: 'p2', instanceId: 'i2' });
    const runtime = new FakeRuntime();
    runtime.states.set('i1', 'stopped').set('i2', 'stopped');
    const sessions = new FakeSessions([restarted, moved]);
    const listed = await sessions.all();
    const instances = await runtime.list();
    runtime.states.set('i1', 'running');
    sessions.rows.get('moved')!.instanceId = 'i9';
    const { notices, published } = recordingNotices();
    await new DeadInstances(runtime, sessions, notices).markStopped(listed, instances);
    expect(sessions.rows.get('restarted')!.status).toBe('ready');
    expect(sessions.rows.get('moved')!.status).toBe('ready');
    expect(published).toEqual([]);
  });

  it('removes a warm session whose instance stopped (the warm pool starts a fresh one); a running warm one stays', async () => {
    const stopped = servingRow({ id: 'stopped-warm', projectId: null, userId: null, instanceId: 'w1', status: 'warm' });
    const running = servingRow({ id: 'running-warm', projectId: null, userId: null, instanceId: 'w2', status: 'warm' });
    const runtime = new FakeRuntime();
    runtime.states.set('w1', 'stopped').set('w2', 'running');
    const sessions = new FakeSessions([stopped, running]);
    const { notices, published } = recordingNotices();
    await new DeadInstances(runtime, sessions, notices).markStopped(await sessions.all(), await runtime.list());
    expect([...sessions.rows.keys()]).toEqual(['running-warm']);
    expect(runtime.calls).toEqual(['remove w1']);
    expect(published).toEqual([]);
  });

  it('leaves a warm session a project claimed after the listing to that project', async () => {
    const warm = servingRow({ id: 'warm', projectId: null, userId: null, instanceId: 'w1', status: 'warm' });
    const runtime = new FakeRuntime();
    runtime.states.set('w1', 'stopped');
    const sessions = new FakeSessions([warm]);
    const listed = await sessions.all();
    await sessions.claimWarm('p1', 'u1', warm.runtime);
    const { notices } = recordingNotices();
    await new DeadInstances(runtime, sessions, notices).markStopped(listed, await runtime.list());
    expect(sessions.rows.get('warm')?.status).toBe('starting');
    expect(runtime.calls).toEqual([]);
  });
});
