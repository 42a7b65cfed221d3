import type { AgentAddress, AgentEvent, PreviewAgentClient } from '@studio/containers';
import { FakeSessions, recordingNotices, servingRow } from '../testing/fakes.js';
import { AgentEvents } from './agent-events.js';

/** An agent whose event stream plays `events`, then stays open until aborted. */
function fakeAgents(events: AgentEvent[]) {
  const connected: { address: AgentAddress; after: number; signal: AbortSignal }[] = [];
  const connect = (address: AgentAddress): PreviewAgentClient => ({
    health: async () => ({ state: 'ready', version: 1 }),
    sync: async () => ({ state: 'ready', version: 1 }),
    waitUntilUp: async () => undefined,
    async *events(signal, after = 0) {
      connected.push({ address, after, signal });
      for (const event of events) yield event;
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    },
  });
  return { connect, connected };
}

const settle = () => new Promise((r) => setTimeout(r, 10));
const at = Date.UTC(2026, 0, 1);

describe('AgentEvents', () => {
  it('turns build and runtime errors into recorded errors and preview:error, once per seq', async () => {
    const session = servingRow({ id: 's1', projectId: 'p1', version: 4 });
    const sessions = new FakeSessions([session]);
    const { notices, published } = recordingNotices();
    const agents = fakeAgents([
      { type: 'hello', state: 'ready', version: 4, seq: 0, at },
      { type: 'update', paths: ['/src/App.tsx'], seq: 1, version: 4, at },
      { type: 'error', message: 'Unexpected token', file: '/src/App.tsx', line: 3, seq: 2, version: 4, at },
      { type: 'error', message: 'again, replayed', seq: 2, version: 4, at },
      { type: 'runtime-error', message: 'x is undefined', seq: 3, version: null, at },
      // The dev server's React Refresh race (dev-server-race.ts) is not the page's error: not recorded, not shown.
      { type: 'runtime-error', message: 'ReferenceError: $RefreshSig$ is not defined', seq: 4, version: 4, at },
    ]);
    const follower = new AgentEvents(sessions, agents.connect, notices);
    follower.follow(await sessions.all());
    await settle();
    expect(sessions.rows.get('s1')!.recentErrors).toEqual([
      { version: 4, message: 'Unexpected token', file: 'src/App.tsx', line: 3, at: new Date(at).toISOString() },
      { version: null, message: 'x is undefined', file: undefined, line: undefined, at: new Date(at).toISOString() },
    ]);
    // A staged turn's error (no version) is announced against the version the session serves.
    expect(published).toEqual([
      { projectId: 'p1', name: 'preview:error', payload: { version: 4, message: 'Unexpected token', file: 'src/App.tsx', line: 3 } },
      { projectId: 'p1', name: 'preview:error', payload: { version: 4, message: 'x is undefined' } },
    ]);
    follower.stopAll();
    expect(agents.connected[0].signal.aborted).toBe(true);
  });

  it('follows serving sessions with an instance only, once each, and lets go of those that stop serving', async () => {
    const serving = servingRow({ id: 'serving', projectId: 'p1' });
    const paused = servingRow({ id: 'paused', projectId: 'p2', status: 'paused' });
    const warm = servingRow({ id: 'warm', projectId: null, status: 'warm' });
    const noInstance = servingRow({ id: 'starting', projectId: 'p3', status: 'starting', instanceId: null });
    const sessions = new FakeSessions([serving, paused, warm, noInstance]);
    const agents = fakeAgents([]);
    const follower = new AgentEvents(sessions, agents.connect, recordingNotices().notices);
    follower.follow(await sessions.all());
    follower.follow(await sessions.all());
    await settle();
    expect(agents.connected).toHaveLength(1);
    expect(agents.connected[0].address).toMatchObject({ host: serving.host, agentPort: serving.agentPort, token: serving.agentToken });
    follower.follow([]);
    expect(agents.connected[0].signal.aborted).toBe(true);
  });

  it('resumes after the last error it saw when it follows a session again', async () => {
    const session = servingRow({ id: 's1', projectId: 'p1' });
    const sessions = new FakeSessions([session]);
    const agents = fakeAgents([{ type: 'error', message: 'boom', seq: 7, version: 1, at }]);
    const follower = new AgentEvents(sessions, agents.connect, recordingNotices().notices);
    follower.follow([session]);
    await settle();
    follower.stopAll();
    await settle();
    follower.follow([session]);
    await settle();
    expect(agents.connected.map((c) => c.after)).toEqual([0, 7]);
    expect(sessions.rows.get('s1')!.recentErrors).toHaveLength(1);
    follower.stopAll();
  });
});
