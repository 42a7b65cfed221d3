import type { PreviewInstance } from '@studio/containers';
import type { PreviewSessionEntity } from '@studio/data';
import { PreviewManager } from './preview-manager.js';
import { FakeRuntime, FakeSessions, recordingNotices, servingRow, sessionRow } from './testing/fakes.js';

function setup(rows: PreviewSessionEntity[] = [], head = 3) {
  const runtime = new FakeRuntime();
  for (const row of rows) if (row.instanceId) runtime.states.set(row.instanceId, 'running');
  const sessions = new FakeSessions(rows);
  const { notices, published } = recordingNotices();
  const synced: { sessionId: string; instance: PreviewInstance; announce: boolean; preloaded: boolean }[] = [];
  const files = { head: async () => head, readAll: async () => new Map([['src/App.tsx', Buffer.from('x')]]) };
  const headSync = {
    run: async (sessionId: string, _projectId: string, instance: PreviewInstance, announce: boolean, _changed?: string[], preloaded?: unknown) => {
      synced.push({ sessionId, instance, announce, preloaded: preloaded !== undefined });
    },
  };
  return { runtime, sessions, published, synced, manager: new PreviewManager(runtime, sessions, files, notices, headSync) };
}

const statuses = (published: { name: string; payload: unknown }[]) => published.filter((e) => e.name === 'preview:status').map((e) => (e.payload as { status: string }).status);

describe('PreviewManager', () => {
  it('starts a preview on a warm instance when the pool has one, with the head read while it starts', async () => {
    const warm = servingRow({ id: 'warm', projectId: null, userId: null, status: 'warm', instanceId: 'i-warm' });
    const { runtime, sessions, published, synced, manager } = setup([warm]);
    await manager.ensure('p1', 'u1');
    expect(runtime.calls).toEqual([]);
    expect(sessions.rows.get('warm')).toMatchObject({ projectId: 'p1', userId: 'u1' });
    expect(synced).toEqual([{ sessionId: 'warm', instance: expect.objectContaining({ id: 'i-warm' }), announce: true, preloaded: true }]);
    expect(statuses(published)).toEqual(['starting']);
    expect(sessions.locked).toEqual(['p1']);
  });

  it('creates an instance when the pool is empty', async () => {
    const { runtime, sessions, synced, manager } = setup();
    await manager.ensure('p1', 'u1');
    const [session] = await sessions.all();
    expect(runtime.calls).toEqual([`create ${session.id}`]);
    expect(session).toMatchObject({ projectId: 'p1', instanceId: 'i1' });
    expect(synced.map((s) => s.sessionId)).toEqual([session.id]);
  });

  it('drops the session and says why when the instance does not start', async () => {
    const { runtime, sessions, published, manager } = setup();
    runtime.failCreate = true;
    await expect(manager.ensure('p1', 'u1')).rejects.toThrow('no room');
    expect(sessions.rows.size).toBe(0);
    expect(published.at(-1)).toEqual({ projectId: 'p1', name: 'preview:status', payload: { status: 'error', error: 'no room' } });
  });

  it('resumes a paused preview already at the head without syncing it', async () => {
    const paused = servingRow({ id: 's1', projectId: 'p1', status: 'paused', version: 3, instanceId: 'i9' });
    const { runtime, sessions, published, synced, manager } = setup([paused]);
    runtime.states.set('i9', 'paused');
    await manager.ensure('p1', 'u1');
    expect(runtime.calls).toEqual(['resume i9']);
    expect(synced).toEqual([]);
    expect(sessions.rows.get('s1')!.status).toBe('ready');
    expect(published).toEqual([{ projectId: 'p1', name: 'preview:status', payload: { status: 'ready', version: 3 } }]);
  });

  it('thaws a preview recorded as paused without asking its state; one that was not paused after all is looked at', async () => {
    const stoppedMeanwhile = servingRow({ id: 's1', projectId: 'p1', status: 'paused', version: 3, instanceId: 'i9' });
    const goneMeanwhile = servingRow({ id: 's2', projectId: 'p2', status: 'paused', version: 3, instanceId: 'i8' });
    const { runtime, sessions, synced, manager } = setup([stoppedMeanwhile, goneMeanwhile]);
    // The engine restarted: the container is stopped though the record says paused; the other one was removed.
    runtime.states.set('i9', 'stopped');
    runtime.states.delete('i8');
    const asked: string[] = [];
    const state = runtime.state.bind(runtime);
    runtime.state = async (id) => {
      asked.push(id);
      return state(id);
    };
    await manager.ensure('p1', 'u1');
    expect(runtime.calls).toEqual(['resume i9', 'restart i9']);
    expect(asked).toEqual(['i9']);
    expect(synced.map((s) => s.sessionId)).toEqual(['s1']);
    // Removed meanwhile: the thaw finds it gone, and the project gets a new preview.
    await manager.ensure('p2', 'u1');
    expect(runtime.calls[2]).toBe('resume i8');
    expect(runtime.calls[3]).toMatch(/^create /);
    expect(asked).toEqual(['i9']);
    expect(sessions.rows.has('s2')).toBe(false);
    expect((await sessions.forProject('p2'))?.instanceId).toBe('i1');
  });

  it('restarts a stopped preview and syncs it; one whose instance is gone starts anew', async () => {
    const stopped = servingRow({ id: 's1', projectId: 'p1', status: 'stopped', instanceId: 'i9' });
    const { runtime, sessions, synced, manager } = setup([stopped]);
    runtime.states.set('i9', 'stopped');
    await manager.ensure('p1', 'u1');
    expect(runtime.calls).toEqual(['restart i9']);
    expect(sessions.rows.get('s1')!.host).toBe('127.0.0.2');
    expect(synced).toEqual([{ sessionId: 's1', instance: expect.objectContaining({ host: '127.0.0.2' }), announce: true, preloaded: false }]);

    const gone = setup([servingRow({ id: 'gone', projectId: 'p2', instanceId: 'i-gone' })]);
    gone.runtime.states.delete('i-gone');
    await gone.manager.ensure('p2', 'u1');
    expect(gone.sessions.rows.has('gone')).toBe(false);
    expect((await gone.sessions.forProject('p2'))?.instanceId).toBe('i1');
  });

  it('follows the head only with a running, serving preview', async () => {
    const { runtime, synced, manager } = setup([servingRow({ id: 's1', projectId: 'p1', instanceId: 'i1' }), servingRow({ id: 's2', projectId: 'p2', instanceId: 'i2' })]);
    runtime.states.set('i2', 'paused');
    await manager.follow('p1');
    await manager.follow('p2');
    await manager.follow('p3');
    expect(synced).toEqual([{ sessionId: 's1', instance: expect.objectContaining({ id: 'i1' }), announce: false, preloaded: false }]);
  });

  it('stops a preview (its files kept) or removes it, and pauses one', async () => {
    const { runtime, sessions, published, manager } = setup([
      servingRow({ id: 's1', projectId: 'p1', instanceId: 'i1' }),
      servingRow({ id: 's2', projectId: 'p2', instanceId: 'i2' }),
      servingRow({ id: 's3', projectId: 'p3', instanceId: 'i3' }),
    ]);
    await manager.stop('p1', false);
    await manager.stop('p2', true);
    await manager.pause((await sessions.get('s3'))!);
    await manager.pause(sessionRow({ id: 'bare' }));
    expect(runtime.calls).toEqual(['stop i1', 'remove i2', 'pause i3']);
    expect(sessions.rows.get('s1')!.status).toBe('stopped');
    expect(sessions.rows.has('s2')).toBe(false);
    expect(sessions.rows.get('s3')!.status).toBe('paused');
    expect(statuses(published)).toEqual(['stopped', 'stopped']);
  });
});
