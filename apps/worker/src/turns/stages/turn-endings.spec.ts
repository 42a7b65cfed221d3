import { StudioError } from '@studio/contracts';
import type { Outcome } from '@studio/data';
import { LlmError } from '@studio/llm';
import { fakeRun, fakeValidator } from '../testing/turn-fakes.js';
import { TurnMetrics } from '../turn-metrics.js';
import { Cancelled, NotOurs } from '../turn-run.js';
import { TurnEndings } from './turn-endings.js';

function setup(opts: { finishes?: boolean; head?: number | null; handsBack?: boolean } = {}) {
  const finished: Outcome[] = [];
  const handedBack: number[] = [];
  const published: { name: string; payload: object }[] = [];
  const synced: { version: number; paths: string[] }[] = [];
  const reverted: number[] = [];
  const webhooks: { event: string; payload: Record<string, unknown> }[] = [];
  const warnings: string[] = [];
  const endings = new TurnEndings(
    { finish: async (_turn, _lease, outcome) => (finished.push(outcome), opts.finishes ?? true), handBack: async (_id, lease) => (handedBack.push(lease), opts.handsBack ?? true) },
    { head: async () => (opts.head === null ? Promise.reject(new Error('db down')) : (opts.head ?? 3)) },
    { sync: async (_p, version, paths) => void synced.push({ version, paths }), revert: async (_p, version) => void reverted.push(version) },
    new TurnMetrics(),
    { publish: (_userId, event, payload) => void webhooks.push({ event, payload: { ...payload } }) },
    { warnAfter: async (run) => void warnings.push(run.turn.id) },
    { publish: async (_projectId, name, payload) => (published.push({ name, payload }), null) },
  );
  return { endings, finished, synced, reverted, webhooks, warnings, handedBack, published };
}

const settled = { refused: [], warnings: [], render: null };

describe('TurnEndings', () => {
  it('completed: syncs the preview, sends turn:completed with the usage, and the version and turn webhooks', async () => {
    const { endings, synced, webhooks, warnings } = setup();
    const { run, events } = fakeRun();
    run.usage.add({ provider: 'fake', model: 'm', usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.5 });
    expect(await endings.completed(run, 4, 'Done.', [{ action: 'write', path: 'src/A.tsx' }], settled)).toBe('completed');
    // The turn settled with its version: the budget warning is checked once, after.
    expect(warnings).toEqual([run.turn.id]);
    expect(synced).toEqual([{ version: 4, paths: ['src/A.tsx'] }]);
    expect(events.map((e) => e.name)).toEqual(['turn:stage', 'turn:completed']);
    expect(events[1].payload).toMatchObject({ version: 4, response: 'Done.', partial: false, usage: { provider: 'fake', inputTokens: 10 } });
    expect(webhooks.map((w) => w.event)).toEqual(['project.version.created', 'turn.completed']);
  });

  it('completed after a recovery reports the usage recorded with the pending commit', async () => {
    const { endings } = setup();
    const { run, events } = fakeRun();
    const stored = { provider: 'p', model: 'm', inputTokens: 7, outputTokens: 1, costUsd: 0 };
    await endings.completed(run, 4, 'Done.', [], settled, stored);
    expect(events.at(-1)?.payload.usage).toEqual(stored);
  });

  it('unchanged: completes on the base version with no version webhook; says nothing when the lease was lost', async () => {
    const { endings, finished, webhooks } = setup();
    const { run, names } = fakeRun();
    run.response = 'Only words.';
    await endings.unchanged(run, settled);
    expect(finished).toEqual([expect.objectContaining({ status: 'completed', version: 3, changes: [], response: 'Only words.' })]);
    expect(names()).toContain('turn:completed');
    expect(webhooks.map((w) => w.event)).toEqual(['turn.completed']);
    const lost = setup({ finishes: false });
    const other = fakeRun();
    await lost.endings.unchanged(other.run, settled);
    expect(other.names()).toEqual([]);
    // Another worker settles it: this one does not warn.
    expect(lost.warnings).toEqual([]);
  });

  it('renderFailed: nothing lands, the preview goes back to the base, the turn fails with RENDER_FAILED naming what broke', async () => {
    const { endings, finished, reverted, webhooks } = setup();
    const { run, events } = fakeRun();
    const { validator } = fakeValidator();
    validator.check({ action: 'write', path: 'src/components/Badge.tsx', content: 'export const Badge = () => <b />;\n' });
    const render = { status: 'failed' as const, ms: 10, error: { kind: 'uncaught' as const, message: 'x is not defined', file: 'src/components/Badge.tsx', line: 1 } };
    expect(await endings.renderFailed(run, validator, render, [])).toBe('failed');
    expect(reverted).toEqual([3]);
    expect(finished[0]).toMatchObject({ status: 'failed', render, error: { code: 'RENDER_FAILED', details: { notApplied: ['src/components/Badge.tsx'] } } });
    expect(events.at(-1)).toMatchObject({ name: 'turn:failed', payload: { error: { code: 'RENDER_FAILED' } } });
    expect(finished[0].error?.message).toContain('(src/components/Badge.tsx:1): x is not defined');
    expect(webhooks.map((w) => w.event)).toEqual(['turn.failed']);
  });

  it('failed: a cancelled turn ends as cancelled, keeping what the model said', async () => {
    for (const err of [new Cancelled(), new LlmError('LLM_CANCELLED', 'stop')]) {
      const { endings, finished, reverted } = setup();
      const { run, names } = fakeRun();
      expect(await endings.failed(run, err, 'partial words')).toBe('cancelled');
      expect(finished).toEqual([expect.objectContaining({ status: 'cancelled', response: 'partial words' })]);
      expect(names()).toEqual(['turn:cancelled']);
      expect(reverted).toEqual([3]);
    }
  });

  it('failed: an error becomes turn:failed with its code; an unknown one is INTERNAL', async () => {
    const { endings, finished } = setup({ head: null });
    const { run, events } = fakeRun();
    expect(await endings.failed(run, new StudioError('VERSION_CONFLICT', 'changed'), '')).toBe('failed');
    expect(await endings.failed(run, new Error('bug'), '')).toBe('failed');
    expect(finished.map((f) => f.error?.code)).toEqual(['VERSION_CONFLICT', 'INTERNAL']);
    expect(events.map((e) => e.name)).toEqual(['turn:failed', 'turn:failed']);
  });

  it('failed: a turn another worker took is left alone', async () => {
    const { endings, finished } = setup();
    const { run, names } = fakeRun();
    expect(await endings.failed(run, new NotOurs(), '')).toBe('lost');
    expect(finished).toEqual([]);
    expect(names()).toEqual([]);
  });

  it('handedBack: the turn goes back to queued under its lease, turn:queued first in line, the preview back to the head, no ending', async () => {
    const { endings, finished, reverted, webhooks, handedBack, published } = setup({ head: 5 });
    const { run, events } = fakeRun();
    expect(await endings.handedBack(run)).toBe('handed-back');
    expect(handedBack).toEqual([run.lease]);
    expect(published).toEqual([{ name: 'turn:queued', payload: { turnId: run.turn.id, position: 0 } }]);
    expect(reverted).toEqual([5]);
    expect(finished).toEqual([]);
    expect(events.map((e) => e.name)).toEqual([]);
    expect(webhooks).toEqual([]);
  });

  it('handedBack: a turn no longer ours (or with its commit recorded) is left as it is, and nothing is announced', async () => {
    const { endings, published } = setup({ handsBack: false });
    expect(await endings.handedBack(fakeRun().run)).toBe('lost');
    expect(published).toEqual([]);
  });
});
