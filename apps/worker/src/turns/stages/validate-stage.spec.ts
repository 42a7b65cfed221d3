import type { RenderCheckView } from '@studio/contracts';
import { fakeCall, fakeRouter, fakeRun, fakeValidator, LIMITS } from '../testing/turn-fakes.js';
import { Cancelled } from '../turn-run.js';
import { StagedChanges } from './staged-changes.js';
import { ValidateStage } from './validate-stage.js';

const failed: RenderCheckView = { status: 'failed', ms: 30, error: { kind: 'uncaught', message: 'boom' } };
const passed: RenderCheckView = { status: 'passed', ms: 20 };

function setup(renders: (RenderCheckView | null | Error)[]) {
  const checks: number[] = [];
  const stage = new ValidateStage(
    {
      check: async (_projectId, _turnId, base) => {
        checks.push(base);
        const next = renders.shift() ?? null;
        if (next instanceof Error) throw next;
        return next;
      },
    },
    { catalog: { library: { signature: () => null } } },
    { limits: LIMITS },
  );
  const controller = new AbortController();
  const { run, audits } = fakeRun(undefined, controller.signal);
  const { tree, validator } = fakeValidator();
  const changes = new StagedChanges(run, validator, { stage: () => undefined });
  const context = { tree };
  return { stage, run, audits, changes, context, checks, controller };
}

describe('ValidateStage', () => {
  it('loads the page once when it renders and nothing needs repair', async () => {
    const { stage, run, changes, context, checks, audits } = setup([passed]);
    const { router, requests } = fakeRouter([]);
    expect(await stage.run(run, changes, context, fakeCall(router), 'reply')).toEqual({ render: passed, warnings: [] });
    expect(checks).toEqual([3]);
    expect(requests).toEqual([]);
    expect(audits).toContainEqual({ kind: 'render', data: passed });
  });

  it('repairs a page that did not render, loads it again, and marks the pass as repaired', async () => {
    const { stage, run, changes, context, checks } = setup([failed, passed]);
    const { router, requests } = fakeRouter(['<response>fixed</response>']);
    expect((await stage.run(run, changes, context, fakeCall(router), 'reply')).render).toEqual({ ...passed, repaired: true });
    expect(requests).toHaveLength(1);
    expect(checks).toEqual([3, 3]);
  });

  it('looks once more when a check could not decide, and repairs what the second look finds', async () => {
    const unavailable: RenderCheckView = { status: 'unavailable', ms: 15_000, error: { kind: 'load', message: 'The page did not load within 15000 ms.' } };
    const { stage, run, changes, context, checks } = setup([unavailable, failed, passed]);
    const { router, requests } = fakeRouter(['<response>fixed</response>']);
    expect((await stage.run(run, changes, context, fakeCall(router), 'reply')).render).toEqual({ ...passed, repaired: true });
    expect(checks).toEqual([3, 3, 3]);
    expect(requests).toHaveLength(1);
  });

  it('keeps `unavailable` when the second look cannot decide either, without asking for a repair', async () => {
    const unavailable: RenderCheckView = { status: 'unavailable', ms: 15_000 };
    const { stage, run, changes, context, checks } = setup([unavailable, { ...unavailable, ms: 14_000 }]);
    const { router, requests } = fakeRouter([]);
    expect((await stage.run(run, changes, context, fakeCall(router), 'reply')).render).toEqual({ ...unavailable, ms: 14_000 });
    expect(checks).toEqual([3, 3]);
    expect(requests).toEqual([]);
  });

  it('goes on without a render check when it cannot run', async () => {
    const { stage, run, changes, context } = setup([new Error('no browser')]);
    const { router } = fakeRouter([]);
    expect((await stage.run(run, changes, context, fakeCall(router), 'reply')).render).toBeNull();
  });

  it('stops as cancelled when the person cancelled during validation', async () => {
    const { stage, run, changes, context, controller } = setup([passed]);
    controller.abort();
    const { router } = fakeRouter([]);
    await expect(stage.run(run, changes, context, fakeCall(router, controller.signal), 'reply')).rejects.toBeInstanceOf(Cancelled);
  });
});
