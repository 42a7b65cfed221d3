import { fakeRun, fakeValidator } from '../testing/turn-fakes.js';
import { StagedChanges } from './staged-changes.js';

function setup() {
  const { run, events, audits } = fakeRun();
  const { validator } = fakeValidator();
  const staged: string[][] = [];
  const changes = new StagedChanges(run, validator, { stage: (_projectId, _turnId, accepted) => void staged.push(accepted.map((a) => a.change.path)) });
  return { run, events, audits, changes, staged };
}

describe('StagedChanges', () => {
  it('shows the reply’s text in the chat, stages each accepted change and announces it', async () => {
    const { run, events, changes, staged } = setup();
    changes.feed(
      [
        { type: 'text', text: 'Done: ' },
        { type: 'change', change: { action: 'write', path: 'src/components/Badge.tsx', content: 'export const Badge = () => <b />;\n' } },
        { type: 'text', text: 'a badge.' },
      ],
      'reply',
    );
    await run.report.flush();
    expect(run.response).toBe('Done: a badge.');
    expect(staged).toEqual([['src/components/Badge.tsx']]);
    expect(events).toEqual([
      { name: 'chat:delta', payload: { turnId: 'turn-1', text: 'Done: ' } },
      { name: 'file:staged', payload: { turnId: 'turn-1', action: 'write', path: 'src/components/Badge.tsx' } },
      { name: 'chat:delta', payload: { turnId: 'turn-1', text: 'a badge.' } },
    ]);
  });

  it('keeps a repair’s text out of the chat', async () => {
    const { run, events, changes } = setup();
    changes.feed([{ type: 'text', text: 'Fixed it.' }], 'repair');
    await run.report.flush();
    expect(run.response).toBe('');
    expect(events).toEqual([]);
  });

  it('refuses what the parser rejected, under its path or the reply’s name, and audits it', () => {
    const { changes, audits, staged } = setup();
    changes.feed([{ type: 'error', code: 'CODE_BLOCK_TRUNCATED', message: 'cut', path: 'src/A.tsx' }], 'reply');
    changes.feed([{ type: 'error', code: 'PATCH_MALFORMED', message: 'no blocks' }], 'repair');
    expect(changes.validator.refused.map((r) => [r.path, r.code])).toEqual([
      ['src/A.tsx', 'CODE_BLOCK_TRUNCATED'],
      ['(repair)', 'PATCH_MALFORMED'],
    ]);
    expect(audits.map((a) => [a.kind, a.data.path])).toEqual([
      ['refused', 'src/A.tsx'],
      ['refused', '(repair)'],
    ]);
    expect(staged).toEqual([]);
  });
});
