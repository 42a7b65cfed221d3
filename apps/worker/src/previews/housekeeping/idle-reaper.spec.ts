import type { PreviewSessionEntity } from '@studio/data';
import { FakeSessions, servingRow } from '../testing/fakes.js';
import { IdleReaper } from './idle-reaper.js';

const env = { PREVIEW_IDLE_PAUSE_SECONDS: 60, PREVIEW_IDLE_STOP_SECONDS: 600, PREVIEW_IDLE_REMOVE_SECONDS: 3600 };
const idleFor = (seconds: number) => new Date(Date.now() - seconds * 1000);

function setup(rows: PreviewSessionEntity[]) {
  const sessions = new FakeSessions(rows);
  const calls: string[] = [];
  const previews = {
    stop: async (projectId: string, remove: boolean) => void calls.push(`${remove ? 'remove' : 'stop'} ${projectId}`),
    pause: async (session: PreviewSessionEntity) => void calls.push(`pause ${session.projectId}`),
  };
  return { sessions, calls, reaper: new IdleReaper(sessions, previews, env) };
}

describe('IdleReaper', () => {
  it('pauses, stops and removes previews by how long nobody looked at them', async () => {
    const { calls, reaper } = setup([
      servingRow({ projectId: 'fresh', status: 'ready', lastAccessAt: idleFor(10) }),
      servingRow({ projectId: 'idle', status: 'ready', lastAccessAt: idleFor(120) }),
      servingRow({ projectId: 'stuck-updating', status: 'updating', lastAccessAt: idleFor(120) }),
      servingRow({ projectId: 'paused-long', status: 'paused', lastAccessAt: idleFor(700) }),
      servingRow({ projectId: 'paused-short', status: 'paused', lastAccessAt: idleFor(120) }),
      servingRow({ projectId: 'stopped-long', status: 'stopped', lastAccessAt: idleFor(4000) }),
      servingRow({ projectId: 'stopped-short', status: 'stopped', lastAccessAt: idleFor(700) }),
    ]);
    await reaper.reap();
    expect(calls).toEqual(['remove stopped-long', 'stop paused-long', 'pause idle', 'pause stuck-updating']);
  });

  it('does not pause a preview visited since it was listed, nor one without an instance', async () => {
    const visited = servingRow({ id: 'visited', projectId: 'visited', lastAccessAt: idleFor(120) });
    const bare = servingRow({ id: 'bare', projectId: 'bare', lastAccessAt: idleFor(120), instanceId: null });
    const { sessions, calls, reaper } = setup([visited, bare]);
    const idle = sessions.idle.bind(sessions);
    sessions.idle = async (statuses, before) => {
      const listed = await idle(statuses, before);
      // The proxy records a visit between the listing of serving previews and the lock.
      if (statuses.includes('ready')) await sessions.touch('visited');
      return listed;
    };
    await reaper.reap();
    expect(calls).toEqual([]);
    expect(sessions.locked).toEqual(['visited', 'bare']);
  });
});
