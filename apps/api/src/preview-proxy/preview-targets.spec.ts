import type { StoredProjectEvent } from '@studio/contracts';
import type { PreviewSessionsRepository, PreviewTarget } from '@studio/data';
import type { PreviewsService } from '../previews/previews.service.js';
import type { ProjectEventFanout } from '../realtime/event-fanout.js';
import { PreviewTargets } from './preview-targets.js';

const projectId = '68b1a366-f66f-4a63-a61b-f9335107f818';
const ready: PreviewTarget = { projectId, ownerId: 'u1', sessionId: 'ps1', status: 'ready', host: '10.0.0.2', vitePort: 5173, version: 2, error: null, render: null };
const status = (s: string) => ({ projectId, seq: 1, name: 'preview:status', payload: { status: s } }) as unknown as StoredProjectEvent;

describe('PreviewTargets.find', () => {
  it('remembers a serving target briefly, and forgets it at once when the preview stops or pauses', async () => {
    let lookups = 0;
    let listener: (event: StoredProjectEvent) => void = () => undefined;
    const sessions = { target: async () => (lookups++, ready) } as unknown as PreviewSessionsRepository;
    const fanout = { listen: (l: typeof listener) => ((listener = l), () => undefined) } as unknown as ProjectEventFanout;
    const targets = new PreviewTargets(sessions, {} as PreviewsService, fanout);
    await targets.find(projectId);
    await targets.find(projectId);
    expect(lookups).toBe(1);
    listener(status('ready'));
    await targets.find(projectId);
    expect(lookups).toBe(1);
    for (const s of ['stopped', 'paused']) {
      listener(status(s));
      await targets.find(projectId);
    }
    expect(lookups).toBe(3);
  });
});
