import type { RenderCheckView } from '@studio/contracts';
import type { Outcome, PendingCommit, TurnEntity } from '@studio/data';
import type { FileChange, PreparedChange } from '@studio/files';
import type { LlmError } from '@studio/llm';
import type { EntityManager } from 'typeorm';
import { CommitStage } from './stages/commit-stage.js';
import { TurnEndings } from './stages/turn-endings.js';
import { ValidateStage } from './stages/validate-stage.js';
import { fakeRouter, fakeTurn, fakeValidator, LIMITS } from './testing/turn-fakes.js';
import type { TurnContext } from './turn-context.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnPipeline } from './turn-pipeline.js';
import { TurnStages } from './turn-stages.js';

/** The whole pipeline over fakes: the stages are the real ones, the repositories, store, preview and model are not. */
function world(opts: { replies: (string | LlmError)[]; renders?: (RenderCheckView | null)[]; cancelRequested?: boolean }) {
  const events: { name: string; payload: Record<string, unknown> }[] = [];
  const commits: { base: number; changes: PreparedChange[] }[] = [];
  const ended: Outcome[] = [];
  const webhooks: string[] = [];
  const renders = opts.renders ?? [];
  const state = { head: 3 };
  const files = {
    limits: LIMITS,
    head: async () => state.head,
    prepare: async (_p: string, changes: FileChange[]): Promise<PreparedChange[]> =>
      changes.map((c) => (c.action === 'write' ? { action: 'write', path: c.path, sha256: 'sha', size: c.content.length } : c)),
    finalize: async (_p: string, base: number, changes: PreparedChange[], _meta: unknown, alongside?: (tx: EntityManager, v: number) => Promise<void>) => {
      await alongside?.({} as EntityManager, base + 1); // the fake repository below ignores the transaction
      commits.push({ base, changes });
      return { version: (state.head = base + 1) };
    },
    changedSince: async () => ({ head: state.head, paths: [] }),
  };
  const finish = async (_t: TurnEntity, _l: number, outcome: Outcome) => (ended.push(outcome), true);
  const turns = {
    cancelRequested: async () => opts.cancelRequested ?? false,
    audit: async () => undefined,
    savePending: async () => true,
    finish,
    within: () => ({ complete: finish }),
  };
  const preview = { stage: () => undefined, check: async () => renders.shift() ?? null, revert: async () => undefined, sync: async () => undefined };
  const bus = {
    publish: async (_projectId: string, name: string, payload: object) => (events.push({ name, payload: { ...payload } }), null),
    flush: async () => undefined,
  };
  const { router, requests } = fakeRouter(opts.replies);
  const context = {
    build: async (): Promise<TurnContext> => {
      const { tree } = fakeValidator();
      const tokens = { static: 1, tree: 1, files: 0, summary: 0, conversation: 0, message: 5, total: 7 };
      const report = { budgetTokens: 100_000, tokens, included: [], omitted: [], needsSummary: false, olderMessagesDropped: 0, estimatedInputCostUsd: null };
      return { built: { system: { static: 'STATIC', dynamic: tree.paths().join('\n') }, messages: [{ role: 'user', content: 'Make the hero blue' }], report }, tree, conversation: [] };
    },
    validatorFor: () => fakeValidator().validator,
    refreshSummary: () => undefined,
  };
  const metrics = new TurnMetrics();
  const stages = new TurnStages(
    context,
    new ValidateStage(preview, { catalog: { library: { signature: () => null } } }, files),
    new CommitStage(files, turns),
    new TurnEndings(turns, files, preview, metrics, { publish: (_u, event) => void webhooks.push(event) }),
  );
  const pipeline = new TurnPipeline({ TURN_MAX_OUTPUT_TOKENS: 1000 }, files, bus, { chat: router }, preview, turns, metrics, stages);
  const names = () => events.map((e) => (e.name === 'turn:stage' ? `stage:${e.payload.stage}` : e.name)).filter((n) => n !== 'chat:delta');
  return { pipeline, events, names, commits, ended, webhooks, requests };
}

const WRITE = '<response>Bluer.</response>\n<code path="src/components/Hero.tsx">\nexport default function Hero() { return <h1 className="text-blue-600">Hi</h1>; }\n</code>\n';
const signal = () => new AbortController().signal;

describe('TurnPipeline', () => {
  it('runs a turn stage by stage, in the API order, and commits one version', async () => {
    const w = world({ replies: [WRITE] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.names()).toEqual(['turn:started', 'stage:context', 'stage:llm', 'file:staged', 'stage:validate', 'stage:commit', 'stage:sync', 'turn:completed']);
    expect(w.commits.map((c) => [c.base, c.changes.map((x) => x.path)])).toEqual([[3, ['src/components/Hero.tsx']]]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'completed', version: 4, response: 'Bluer.' })]);
    expect(w.events.at(-1)?.payload).toMatchObject({ version: 4, response: 'Bluer.', changes: [{ action: 'write', path: 'src/components/Hero.tsx' }] });
    expect(w.webhooks).toEqual(['project.version.created', 'turn.completed']);
  });

  it('completes a reply of words only on the base version, with no commit', async () => {
    const w = world({ replies: ['<response>Nothing to change.</response>'] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.commits).toEqual([]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'completed', version: 3, changes: [] })]);
    expect(w.names().at(-1)).toBe('turn:completed');
  });

  it('does not call the model for a turn cancelled before it started', async () => {
    const w = world({ replies: [], cancelRequested: true });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.requests).toEqual([]);
    expect(w.names()).toEqual(['turn:started', 'turn:cancelled']);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });

  it('fails with RENDER_FAILED and commits nothing when the page still does not render after the repair', async () => {
    const failed: RenderCheckView = { status: 'failed', ms: 10, error: { kind: 'uncaught', message: 'boom' } };
    const w = world({ replies: [WRITE, '<response>Tried.</response>'], renders: [failed, failed] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.requests).toHaveLength(2);
    expect(w.commits).toEqual([]);
    expect(w.names().at(-1)).toBe('turn:failed');
    expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'RENDER_FAILED' }) })]);
  });

  it('recovers a turn whose changes were recorded: lands them once and completes it', async () => {
    const w = world({ replies: [] });
    const pending: PendingCommit = { changes: [{ action: 'delete', path: 'src/components/Old.tsx' }], response: 'Removed.', refused: [], usage: null };
    await w.pipeline.recover(fakeTurn({ pendingCommit: pending }), 2);
    expect(w.commits).toEqual([{ base: 3, changes: pending.changes }]);
    expect(w.events.at(-1)).toMatchObject({ name: 'turn:completed', payload: { version: 4, response: 'Removed.', changes: [{ action: 'delete', path: 'src/components/Old.tsx' }] } });
  });

  it('fails a recovered turn that had recorded nothing with TURN_INTERRUPTED', async () => {
    const w = world({ replies: [] });
    await w.pipeline.recover(fakeTurn(), 2);
    expect(w.commits).toEqual([]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'TURN_INTERRUPTED' }) })]);
  });
});
