import type { PreviewSessionEntity } from '@studio/data';
import { FakeSessions, servingRow } from '../testing/fakes.js';
import { IdleReaper } from './idle-reaper.js';

const env = { PREVIEW_IDLE_PAUSE_SECONDS: 60, PREVIEW_IDLE_STOP_SECONDS: 600, PREVIEW_IDLE_REMOVE_SECONDS: 3600 };
const idleFor = (seconds: number) => new Date(Date.now() - seconds * 1000);

/** `failing`: projects whose pause or stop throws, as the engine's can. */
function setup(rows: PreviewSessionEntity[], failing = new Set<string>()) {
  const sessions = new FakeSessions(rows);
  const calls: string[] = [];
  const refuse = (projectId: string | null) => {
    if (projectId && failing.has(projectId)) throw new Error('OCI runtime pause failed: unable to freeze');
  };
  const previews = {
    stop: async (projectId: string, remove: boolean) => {
      refuse(projectId);
      calls.push(`${remove ? 'remove' : 'stop'} ${projectId}`);
    },
    pause: async (session: PreviewSessionEntity) => {
      refuse(session.projectId);
      calls.push(`pause ${session.projectId}`);
    },
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

  it('goes on with the other previews when one cannot be paused or stopped (it is tried again next round)', async () => {
    const { calls, reaper } = setup(
      [
        servingRow({ id: 'a', projectId: 'pause-fails', status: 'ready', lastAccessAt: idleFor(120) }),
        servingRow({ id: 'b', projectId: 'idle', status: 'ready', lastAccessAt: idleFor(120) }),
        servingRow({ id: 'c', projectId: 'stop-fails', status: 'paused', lastAccessAt: idleFor(700) }),
        servingRow({ id: 'd', projectId: 'paused-long', status: 'paused', lastAccessAt: idleFor(700) }),
      ],
      new Set(['pause-fails', 'stop-fails']),
    );
    await expect(reaper.reap()).resolves.toBeUndefined();
    expect(calls).toEqual(['stop paused-long', 'pause idle']);
  });
});
