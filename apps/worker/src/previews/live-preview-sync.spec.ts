import type { AgentAddress, FileBatch, PreviewAgentClient, PreviewSync } from '@studio/containers';
import { HeadSync } from './head-sync.js';
import { LivePreviewSync } from './live-preview-sync.js';
import { RenderVerdicts } from './render-verdicts.js';
import { FakeSessions, recordingNotices, servingRow } from './testing/fakes.js';

const files = { head: async () => 5, readAll: async () => new Map([['src/App.tsx', Buffer.from('committed')]]) };

function setup(rows = [servingRow({ id: 's1', projectId: 'p1', status: 'ready', version: 4 })]) {
  const sessions = new FakeSessions(rows);
  const { notices, published } = recordingNotices();
  const batches: FileBatch[] = [];
  const agents = (_: AgentAddress): PreviewAgentClient => ({
    health: async () => ({ state: 'ready', version: 4 }),
    waitUntilUp: async () => undefined,
    events: async function* () {},
    sync: async (batch) => (batches.push(batch), { state: 'ready', version: batch.version }),
  });
  const verdicts = new RenderVerdicts(sessions, notices, null);
  // Driven through the port, as the turn pipeline does.
  const live: PreviewSync = new LivePreviewSync(sessions, agents, notices, verdicts, new HeadSync(sessions, files, agents, notices, verdicts));
  return { sessions, published, batches, live };
}

const write = (path: string, text: string) => ({ change: { action: 'write' as const, path, content: Buffer.from(text) } });

describe('LivePreviewSync', () => {
  it('sends each staged change at once, in order, and says `updating` once per turn', async () => {
    const { sessions, published, batches, live } = setup();
    live.stage('p1', 't1', [write('src/A.tsx', 'a')]);
    live.stage('p1', 't1', [{ change: { action: 'delete', path: 'src/Old.tsx' } }]);
    expect(await live.check('p1', 't1', 4)).toBeNull();
    expect(batches).toEqual([
      { version: null, replace: false, writes: [{ path: 'src/A.tsx', data: Buffer.from('a') }], deletes: [], renames: [] },
      { version: null, replace: false, writes: [], deletes: ['src/Old.tsx'], renames: [] },
    ]);
    expect(sessions.rows.get('s1')!.status).toBe('updating');
    expect(published).toEqual([{ projectId: 'p1', name: 'preview:status', payload: { status: 'updating', version: 4 } }]);
  });

  it('does nothing for a project with no serving preview', async () => {
    const { published, batches, live } = setup([servingRow({ id: 's1', projectId: 'p1', status: 'paused' })]);
    live.stage('p1', 't1', [write('src/A.tsx', 'a')]);
    await live.sync('p1', 5, ['src/A.tsx']);
    expect(batches).toEqual([]);
    expect(published).toEqual([]);
  });

  it('makes the preview serve the committed version, whose errors the staged ones become', async () => {
    const { sessions, published, batches, live } = setup();
    await sessions.recordError('s1', { version: null, message: 'staged', at: new Date(0).toISOString() });
    live.stage('p1', 't1', [write('src/A.tsx', 'a')]);
    await live.sync('p1', 5, ['src/A.tsx']);
    expect(batches.at(-1)).toEqual({ version: 5, replace: true, writes: [{ path: 'src/App.tsx', data: Buffer.from('committed') }] });
    expect(sessions.rows.get('s1')).toMatchObject({ status: 'ready', version: 5, recentErrors: [{ version: 5, message: 'staged', at: new Date(0).toISOString() }] });
    // The preview was `updating`, so `ready` is said again.
    expect(published.map((e) => e.name)).toEqual(['preview:status', 'preview:status', 'preview:updated']);
  });

  it('puts the head back when the turn did not land, and drops its staged errors', async () => {
    const { sessions, published, live } = setup();
    await sessions.recordError('s1', { version: null, message: 'staged', at: new Date(0).toISOString() });
    await live.revert('p1', 4);
    expect(sessions.rows.get('s1')).toMatchObject({ status: 'ready', version: 5, recentErrors: [] });
    expect(published).toEqual([
      { projectId: 'p1', name: 'preview:status', payload: { status: 'ready', version: 5 } },
      { projectId: 'p1', name: 'preview:updated', payload: { version: 5, paths: ['src/App.tsx'] } },
    ]);
  });
});
