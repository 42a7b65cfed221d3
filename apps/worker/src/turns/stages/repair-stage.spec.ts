import { INSTRUCTIONS_PATH, type RenderCheckView } from '@studio/contracts';
import { instructionsBlock, LlmError } from '@studio/llm';
import { fakeCall, fakeRouter, fakeRun, fakeValidator, LIMITS } from '../testing/turn-fakes.js';
import { repairRound } from './repair-stage.js';
import { StagedChanges } from './staged-changes.js';

const library = { signature: () => null };

function setup() {
  const { run, audits, events } = fakeRun();
  const { tree, validator } = fakeValidator();
  const changes = new StagedChanges(run, validator, { stage: () => undefined });
  const context = { tree };
  return { run, audits, events, changes, context, validator };
}

// A write importing a file the reply never wrote: refused at the end with IMPORT_UNRESOLVED, which the model can fix.
const broken = { action: 'write' as const, path: 'src/components/Card.tsx', content: "import { Badge } from './Badge';\nexport const Card = () => <Badge />;\n" };
const FIX = `<code path="src/components/Badge.tsx">
export const Badge = () => <b />;
</code>

<code path="src/components/Card.tsx">
${broken.content}</code>
`;

describe('repairRound', () => {
  it('does nothing when nothing the model can fix was refused and the page rendered', async () => {
    const { run, changes, context } = setup();
    const { router, requests } = fakeRouter([]);
    expect(await repairRound(run, changes, { context, call: fakeCall(router), replyText: 'r', render: null, library, limits: LIMITS })).toBe(false);
    expect(requests).toEqual([]);
  });

  it('asks once, continuing the conversation without the file dump, and applies the fix', async () => {
    const { run, changes, context, validator, audits } = setup();
    changes.publish(validator.check(broken));
    changes.publish(validator.finish());
    expect(validator.refused.map((r) => r.code)).toEqual(['IMPORT_UNRESOLVED']);
    const { router, requests } = fakeRouter([FIX]);
    expect(await repairRound(run, changes, { context, call: fakeCall(router), replyText: 'FIRST REPLY', render: null, library, limits: LIMITS })).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0].system).toEqual({ static: 'STATIC' });
    expect(requests[0].messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'Make the hero blue' },
      { role: 'assistant', content: 'FIRST REPLY' },
    ]);
    expect(requests[0].messages.at(2)?.content).toContain('src/components/Card.tsx');
    expect(validator.refused).toEqual([]);
    expect(validator.net.map((a) => a.view.path).sort()).toEqual(['src/components/Badge.tsx', 'src/components/Card.tsx']);
    expect(audits.map((a) => a.kind)).toContain('repair');
    expect(run.usage.view()?.calls?.map((c) => c.purpose)).toEqual(['repair']);
  });

  it("carries the person's standing instructions in the rebuilt system prompt, and does not list their file", async () => {
    const { run, changes, context } = setup();
    context.tree.write(INSTRUCTIONS_PATH, Buffer.from('Write in British English.\n'));
    const { router, requests } = fakeRouter(['<response>ok</response>']);
    const render: RenderCheckView = { status: 'failed', ms: 40, error: { message: 'boom', kind: 'uncaught' } };
    expect(await repairRound(run, changes, { context, call: fakeCall(router), replyText: 'r', render, library, limits: LIMITS })).toBe(true);
    expect(requests[0].system).toEqual({ static: 'STATIC', dynamic: instructionsBlock('Write in British English.\n') });
    expect(requests[0].system.dynamic).toContain('<instructions>\nWrite in British English.\n</instructions>');
    expect(requests[0].messages.at(2)?.content).not.toContain(INSTRUCTIONS_PATH);
  });

  it('runs for a page that did not render even when nothing was refused', async () => {
    const { run, changes, context } = setup();
    const { router, requests } = fakeRouter(['<response>ok</response>']);
    const render: RenderCheckView = { status: 'failed', ms: 40, error: { message: 'boom', kind: 'uncaught' } };
    expect(await repairRound(run, changes, { context, call: fakeCall(router), replyText: 'r', render, library, limits: LIMITS })).toBe(true);
    expect(requests[0].messages.at(2)?.content).toContain('boom');
    expect(requests).toHaveLength(1);
  });

  it('goes on without the repair when the model fails, but not when the person cancelled', async () => {
    const { run, changes, context, validator, audits } = setup();
    changes.publish(validator.check(broken));
    changes.publish(validator.finish());
    const failing = fakeRouter([new LlmError('LLM_UNAVAILABLE', 'down')]);
    expect(await repairRound(run, changes, { context, call: fakeCall(failing.router), replyText: 'r', render: null, library, limits: LIMITS })).toBe(false);
    expect(audits.map((a) => a.kind)).toContain('repair-failed');
    const cancelled = fakeRouter([new LlmError('LLM_CANCELLED', 'cancelled')]);
    await expect(repairRound(run, changes, { context, call: fakeCall(cancelled.router), replyText: 'r', render: null, library, limits: LIMITS })).rejects.toMatchObject({ code: 'LLM_CANCELLED' });
  });
});
