import type { AgentAddress, FileBatch, PreviewAgentClient } from '@studio/containers';
import type { RenderCheckView } from '@studio/contracts';
import { HeadSync } from './head-sync.js';
import type { PageChecker } from './preview.injection-keys.js';
import { RenderVerdicts } from './render-verdicts.js';
import { FakeSessions, recordingNotices, servingRow } from './testing/fakes.js';

const instance = { id: 'i1', host: '127.0.0.1', vitePort: 5173, agentPort: 7070, token: 't'.repeat(32) };
const files = {
  head: async () => 3,
  readAll: async () =>
    new Map([
      ['src/App.tsx', Buffer.from('app')],
      ['index.html', Buffer.from('<div>')],
    ]),
};

function setup(options: { refuse?: boolean; checker?: PageChecker | null } = {}) {
  const sessions = new FakeSessions([servingRow({ id: 's1', projectId: 'p1', status: 'updating', version: 2, error: 'old' })]);
  const { notices, published } = recordingNotices();
  const sent: { to: AgentAddress; batch: FileBatch }[] = [];
  const agents = (to: AgentAddress): PreviewAgentClient => ({
    health: async () => ({ state: 'ready', version: 3 }),
    waitUntilUp: async () => undefined,
    events: async function* () {},
    sync: async (batch) => {
      sent.push({ to, batch });
      if (options.refuse) throw new Error('agent refused the batch (400): bad path');
      return { state: 'ready', version: batch.version };
    },
  });
  const verdicts = new RenderVerdicts(sessions, notices, options.checker ?? null);
  return { sessions, published, sent, sync: new HeadSync(sessions, files, agents, notices, verdicts) };
}

describe('HeadSync', () => {
  it('replaces the working copy with the head version, then says ready and what changed', async () => {
    const { sessions, published, sent, sync } = setup();
    await sync.run('s1', 'p1', instance, true);
    expect(sent).toEqual([
      {
        to: instance,
        batch: {
          version: 3,
          replace: true,
          writes: [
            { path: 'src/App.tsx', data: Buffer.from('app') },
            { path: 'index.html', data: Buffer.from('<div>') },
          ],
        },
      },
    ]);
    expect(sessions.rows.get('s1')).toMatchObject({ status: 'ready', version: 3, error: null });
    expect(published).toEqual([
      { projectId: 'p1', name: 'preview:status', payload: { status: 'ready', version: 3 } },
      { projectId: 'p1', name: 'preview:updated', payload: { version: 3, paths: ['src/App.tsx', 'index.html'] } },
    ]);
  });

  it('says nothing of ready unless asked, and names only the changed paths it is given', async () => {
    const { published, sync } = setup();
    await sync.run('s1', 'p1', instance, false, ['src/App.tsx']);
    expect(published).toEqual([{ projectId: 'p1', name: 'preview:updated', payload: { version: 3, paths: ['src/App.tsx'] } }]);
  });

  it('marks the session failed and rethrows when the agent does not take the files', async () => {
    const { sessions, published, sync } = setup({ refuse: true });
    await expect(sync.run('s1', 'p1', instance, true)).rejects.toThrow('bad path');
    expect(sessions.rows.get('s1')).toMatchObject({ status: 'error', error: 'agent refused the batch (400): bad path' });
    expect(published).toEqual([{ projectId: 'p1', name: 'preview:status', payload: { status: 'error', error: 'The preview did not take the project files.' } }]);
  });

  it('records a check already made of the same version instead of loading the page again', async () => {
    const checks: unknown[] = [];
    const checker: PageChecker = { check: async (target) => (checks.push(target), { status: 'passed', ms: 1 }) };
    const { sessions, published, sync } = setup({ checker });
    const render: RenderCheckView = { status: 'failed', ms: 5, error: { kind: 'uncaught', message: 'x is undefined', file: 'src/App.tsx', line: 2 } };
    const recorded: unknown[] = [];
    sessions.setStatus = async (id, status, fields) => {
      recorded.push(status);
      Object.assign(sessions.rows.get(id)!, { status, ...fields });
    };
    await sync.run('s1', 'p1', instance, false, undefined, undefined, { version: 3, render });
    expect(checks).toEqual([]);
    expect(recorded).toEqual(['ready', 'error']);
    expect(published.map((e) => e.name)).toEqual(['preview:updated', 'preview:error', 'preview:status']);
    expect(published[1].payload).toEqual({ version: 3, message: 'x is undefined', kind: 'uncaught', file: 'src/App.tsx', line: 2 });
    expect(sessions.rows.get('s1')!.render).toEqual({ ...render, version: 3 });
  });

  it('loads the page of a version after saying ready, unless the version is known to render (its turn, the template, an earlier check)', async () => {
    const checks: unknown[] = [];
    const checker: PageChecker = { check: async (target) => (checks.push(target), { status: 'passed', ms: 1 }) };
    const settle = () => new Promise((r) => setTimeout(r, 10));
    const { sessions, sync } = setup({ checker });
    await sync.run('s1', 'p1', instance, false);
    await settle();
    expect(checks).toEqual([{ host: instance.host, port: instance.vitePort }]);
    expect(sessions.rows.get('s1')).toMatchObject({ render: { status: 'passed', version: 3 }, lastRenderedVersion: 3 });
    // The same version again (a stopped preview restarted): checked already.
    await sync.run('s1', 'p1', instance, false);
    await settle();
    expect(checks).toHaveLength(1);
    // A version a turn checked or a template made, on a fresh session: not loaded either.
    const other = setup({ checker });
    other.sessions.rendered.add('p1@3');
    await other.sync.run('s1', 'p1', instance, false);
    await settle();
    expect(checks).toHaveLength(1);
  });
});
