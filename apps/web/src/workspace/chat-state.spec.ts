import type { Turn } from '@studio/contracts';
import type { ProjectEvent } from '../api/project-socket';
import { applyEvent, ensureTurn, fromTurn } from './chat-state';

const turn = (over: Partial<Turn>): Turn => ({
  id: 't1',
  projectId: 'p',
  status: 'running',
  message: 'Make it blue',
  response: '',
  baseVersion: 1,
  changes: [],
  refused: [],
  partial: false,
  warnings: [],
  createdAt: '2026-11-23T10:00:00Z',
  ...over,
});
const ev = <E extends ProjectEvent['name']>(name: E, payload: Extract<ProjectEvent, { name: E }>['payload'], seq = 1) => ({ name, payload, seq }) as ProjectEvent;

describe('the chat state the web client keeps', () => {
  it('rebuilds a running turn from its replayed events after a reload, without doubling its text', () => {
    // The API may already hold part of the reply: the replayed deltas are the source of truth.
    let turns = [fromTurn(turn({ response: 'Half a' }))];
    expect(turns[0].response).toBe('');
    turns = applyEvent(turns, ev('chat:delta', { turnId: 't1', text: 'Half a ' }));
    turns = applyEvent(turns, ev('file:staged', { turnId: 't1', action: 'write', path: 'src/App.tsx' }));
    turns = applyEvent(turns, ev('chat:delta', { turnId: 't1', text: 'reply.' }));
    expect(turns[0]).toMatchObject({ response: 'Half a reply.', staged: [{ action: 'write', path: 'src/App.tsx' }] });
    const usage = { provider: 'openai', model: 'm', inputTokens: 10, outputTokens: 5, costUsd: 0.001 };
    turns = applyEvent(
      turns,
      ev('turn:completed', { turnId: 't1', version: 2, response: 'Half a reply.', changes: [{ action: 'write', path: 'src/App.tsx' }], usage, refused: [], partial: false, warnings: [] }),
    );
    expect(turns[0]).toMatchObject({ status: 'completed', version: 2, usage, partial: false });
  });

  it('shows a running turn handed back to the queue as waiting again, from the start', () => {
    let turns = [fromTurn(turn({ status: 'queued' }))];
    turns = applyEvent(turns, ev('turn:started', { turnId: 't1', baseVersion: 1 }));
    turns = applyEvent(turns, ev('turn:stage', { turnId: 't1', stage: 'context' }));
    expect(turns[0]).toMatchObject({ status: 'running', stage: 'context' });
    turns = applyEvent(turns, ev('turn:queued', { turnId: 't1', position: 0 }));
    expect(turns[0]).toMatchObject({ status: 'queued', stage: undefined, response: '', staged: [], position: 0 });
    turns = applyEvent(turns, ev('turn:started', { turnId: 't1', baseVersion: 1 }));
    expect(turns[0]).toMatchObject({ status: 'running', position: undefined });
  });

  it('keeps what was not applied, the knock-on cause and the warnings of a partial turn', () => {
    let turns = [fromTurn(turn({}))];
    const usage = { provider: 'openai', model: 'm', inputTokens: 10, outputTokens: 5, costUsd: 0.001 };
    const refused = [
      {
        action: 'write' as const,
        path: 'src/components/Footer.tsx',
        code: 'TYPE_ERROR' as const,
        message: "src/components/Footer.tsx:3:10 TS2305: Module '\"lucide-react\"' has no exported member 'Twitter'.",
      },
      { action: 'patch' as const, path: 'src/App.tsx', code: 'IMPORT_UNRESOLVED' as const, message: 'src/App.tsx imports ./components/Footer', causedBy: 'src/components/Footer.tsx' },
    ];
    const warnings = [{ code: 'THEME_COLOR' as const, path: 'src/components/Hero.tsx', line: 4, message: 'bg-blue-500: use bg-primary' }];
    turns = applyEvent(turns, ev('turn:completed', { turnId: 't1', version: 2, response: 'Added a footer.', changes: [], usage, refused, partial: true, warnings }));
    expect(turns[0]).toMatchObject({ status: 'completed', partial: true, refused, warnings });
  });

  it('leaves a finished turn alone when its old events are replayed', () => {
    const done = [fromTurn(turn({ status: 'completed', response: 'Done.', version: 2 }))];
    expect(applyEvent(done, ev('chat:delta', { turnId: 't1', text: 'Done.' }))).toBe(done);
    expect(done[0].response).toBe('Done.');
  });

  it('adds a turn started elsewhere once, and ignores events of turns it does not know', () => {
    const turns = ensureTurn([], 't2');
    expect(ensureTurn(turns, 't2')).toBe(turns);
    expect(applyEvent(turns, ev('chat:delta', { turnId: 't9', text: 'x' }))).toBe(turns);
    expect(applyEvent(turns, ev('turn:failed', { turnId: 't2', error: { code: 'INTERNAL', message: 'boom' } }))[0]).toMatchObject({ status: 'failed', error: { message: 'boom' } });
  });
});
