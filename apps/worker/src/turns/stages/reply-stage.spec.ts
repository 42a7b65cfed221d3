import { fakeCall, fakeRouter, fakeRun, fakeValidator, LIMITS } from '../testing/turn-fakes.js';
import { streamFirstReply } from './reply-stage.js';
import { StagedChanges } from './staged-changes.js';

const REPLY = `<response>
I added a badge.
</response>

<code path="src/components/Badge.tsx">
export const Badge = () => <b>new</b>;
</code>
`;

describe('streamFirstReply', () => {
  it('streams the reply into the chat and the validator, and counts its tokens', async () => {
    const { run, events } = fakeRun();
    const { validator } = fakeValidator();
    const changes = new StagedChanges(run, validator, { stage: () => undefined });
    const { router } = fakeRouter([REPLY]);
    const text = await streamFirstReply(run, fakeCall(router), changes, LIMITS);
    await run.report.flush();
    expect(text).toBe(REPLY);
    expect(run.response).toBe('I added a badge.');
    expect(validator.accepted.map((a) => a.view.path)).toEqual(['src/components/Badge.tsx']);
    expect(events.filter((e) => e.name === 'file:staged').map((e) => e.payload.path)).toEqual(['src/components/Badge.tsx']);
    expect(run.usage.view()).toMatchObject({ provider: 'fake', inputTokens: 100, outputTokens: 20, calls: [{ purpose: 'reply' }] });
  });

  it('refuses a block the reply left unfinished', async () => {
    const { run } = fakeRun();
    const { validator } = fakeValidator();
    const changes = new StagedChanges(run, validator, { stage: () => undefined });
    const { router } = fakeRouter(['<response>Hi</response>\n<code path="src/components/Cut.tsx">\nexport const Cut = 1;\n']);
    await streamFirstReply(run, fakeCall(router), changes, LIMITS);
    expect(validator.accepted).toEqual([]);
    expect(validator.refused.map((r) => [r.path, r.code])).toEqual([['src/components/Cut.tsx', 'CODE_BLOCK_TRUNCATED']]);
  });
});
