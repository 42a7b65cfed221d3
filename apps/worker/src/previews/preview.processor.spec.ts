import type { JobMap } from '@studio/contracts';
import type { Job } from 'bullmq';
import { PreviewProcessor } from './preview.processor.js';
import { PreviewManager } from './preview-manager.js';
import { FakeRuntime, FakeSessions, recordingNotices, servingRow } from './testing/fakes.js';

/** A processor over a real manager (fake runtime and sessions) and a project whose archived state the test sets. */
function setup(archived: boolean) {
  const runtime = new FakeRuntime();
  runtime.states.set('i1', 'running');
  const sessions = new FakeSessions([servingRow({ id: 's1', projectId: 'p1', instanceId: 'i1' })]);
  const { notices } = recordingNotices();
  const files = { head: async () => 1, readAll: async () => new Map<string, Buffer>() };
  const manager = new PreviewManager(runtime, sessions, files, notices, { run: async () => undefined });
  const asked: string[] = [];
  const lifecycle = {
    isArchived: async (projectId: string) => {
      // Asked under the project's lock: a preview start waits on it, so the answer still holds for the stop.
      asked.push(`${projectId} locked=${sessions.locked.includes(projectId)}`);
      return archived;
    },
  };
  const processor = new PreviewProcessor(manager, lifecycle);
  // FairShare is property-injected in the app; here every job simply runs.
  Object.assign(processor, { fair: { run: (_queue: string, _job: Job, _token: string | undefined, fn: () => Promise<unknown>) => fn() } });
  const stop = (data: JobMap['preview.stop']) => processor.process({ name: 'preview.stop', id: 'j1', attemptsMade: 0, data } as Job);
  return { runtime, sessions, asked, stop };
}

describe('PreviewProcessor preview.stop', () => {
  it("the archiver's stop keeps a preview a visit started after the archiving (the project is no longer archived)", async () => {
    const { runtime, sessions, asked, stop } = setup(false);
    await stop({ projectId: 'p1', remove: true, ifArchived: true });
    expect(asked).toEqual(['p1 locked=true']);
    expect(runtime.calls).toEqual([]);
    expect(sessions.rows.has('s1')).toBe(true);
  });

  it("the archiver's stop removes the preview of a project still archived", async () => {
    const { runtime, sessions, asked, stop } = setup(true);
    await stop({ projectId: 'p1', remove: true, ifArchived: true });
    expect(asked).toEqual(['p1 locked=true']);
    expect(runtime.calls).toEqual(['remove i1']);
    expect(sessions.rows.has('s1')).toBe(false);
  });

  it('an ordinary stop does not ask about archiving', async () => {
    const { runtime, asked, stop } = setup(false);
    await stop({ projectId: 'p1', remove: false });
    expect(asked).toEqual([]);
    expect(runtime.calls).toEqual(['stop i1']);
  });
});
