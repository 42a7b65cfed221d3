import { StudioError } from '@studio/contracts';
import type { Outcome, PendingCommit, TurnsRepository } from '@studio/data';
import type { FileChange, FileStore, PreparedChange } from '@studio/files';
import type { AcceptedChange } from '@studio/validation';
import type { EntityManager } from 'typeorm';
import { fakeRun, fakeTurn } from '../testing/turn-fakes.js';
import { Cancelled, NotOurs } from '../turn-run.js';
import { CommitStage } from './commit-stage.js';

/** A file store whose head is `head` (a commit on an older base conflicts), and a turns repository in memory. */
function setup(opts: { head?: number; changedSince?: string[]; saves?: boolean; completes?: boolean; cancelled?: boolean } = {}) {
  const state = {
    head: opts.head ?? 3,
    finalized: [] as { base: number; changes: PreparedChange[]; message?: string; turnId?: string | null }[],
    completed: [] as Outcome[],
    saved: [] as PendingCommit[],
  };
  const files: Pick<FileStore, 'prepare' | 'finalize' | 'changedSince'> = {
    prepare: async (_projectId: string, changes: FileChange[]) => changes.map((c) => (c.action === 'write' ? { action: 'write', path: c.path, sha256: `sha-${c.path}`, size: c.content.length } : c)),
    finalize: async (_projectId, base, changes, meta, alongside) => {
      if (base !== state.head) throw new StudioError('VERSION_CONFLICT', 'moved');
      await alongside?.({} as EntityManager, base + 1); // the fake repository below ignores the transaction
      state.head = base + 1;
      state.finalized.push({ base, changes, message: meta.message, turnId: meta.turnId });
      return { version: state.head };
    },
    changedSince: async () => ({ head: state.head, paths: opts.changedSince ?? [] }),
  };
  const repo: Pick<TurnsRepository, 'complete'> = {
    complete: async (_turn, _lease, outcome) => {
      if (opts.completes === false) return false;
      state.completed.push(outcome);
      return true;
    },
  };
  const turns = {
    savePending: async (_id: string, _lease: number, pending: PendingCommit) => {
      state.saved.push(pending);
      return opts.saves !== false;
    },
    cancelRequested: async () => opts.cancelled ?? false,
    within: () => repo,
  };
  return { state, stage: new CommitStage(files, turns) };
}

const accepted = (path: string, content = 'x'): AcceptedChange => ({ change: { action: 'write', path, content: Buffer.from(content) }, view: { action: 'write', path } });
const verdict = { render: null, warnings: [] };

describe('CommitStage', () => {
  it('uploads, records the pending commit, then lands the version and completes the turn in the same transaction', async () => {
    const { state, stage } = setup();
    const { run } = fakeRun();
    run.response = 'Bluer now.';
    const { version, pending } = await stage.commit(run, [accepted('src/A.tsx')], [], verdict);
    expect(version).toBe(4);
    expect(state.saved).toEqual([pending]);
    expect(pending).toMatchObject({ response: 'Bluer now.', changes: [{ action: 'write', path: 'src/A.tsx', sha256: 'sha-src/A.tsx' }] });
    expect(state.finalized).toEqual([{ base: 3, changes: pending.changes, message: 'Make the hero blue', turnId: 'turn-1' }]);
    expect(state.completed).toEqual([expect.objectContaining({ status: 'completed', version: 4, response: 'Bluer now.', changes: [{ action: 'write', path: 'src/A.tsx' }] })]);
  });

  it('stops as cancelled when the pending commit could not be recorded because the person cancelled', async () => {
    const { state, stage } = setup({ saves: false, cancelled: true });
    await expect(stage.commit(fakeRun().run, [accepted('src/A.tsx')], [], verdict)).rejects.toBeInstanceOf(Cancelled);
    expect(state.finalized).toEqual([]);
  });

  it('rolls the version back when another worker took the turn', async () => {
    const { state, stage } = setup({ completes: false });
    const { run } = fakeRun();
    await expect(stage.commit(run, [accepted('src/A.tsx')], [], verdict)).rejects.toBeInstanceOf(NotOurs);
    expect(state.head).toBe(3);
  });

  it('lands on top of a head that moved in other files, and says so in the audit', async () => {
    const { state, stage } = setup({ head: 5, changedSince: ['src/Other.tsx'] });
    const { run, audits } = fakeRun();
    expect((await stage.commit(run, [accepted('src/A.tsx')], [], verdict)).version).toBe(6);
    expect(state.finalized.map((f) => f.base)).toEqual([5]);
    expect(audits).toContainEqual({ kind: 'rebased', data: { from: 3, onto: 5 } });
  });

  it('keeps the person’s edits and fails with VERSION_CONFLICT when they changed the same files', async () => {
    const { state, stage } = setup({ head: 5, changedSince: ['src/A.tsx'] });
    const failure = stage.land(fakeTurn(), 1, { changes: [{ action: 'delete', path: 'src/A.tsx' }], response: '', refused: [], usage: null }, fakeRun().run.report);
    await expect(failure).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { paths: ['src/A.tsx'], headVersion: 5 } });
    await expect(failure).rejects.toThrow("src/A.tsx changed while the model was working; your edits were kept and this turn's changes were not applied.");
    expect(state.finalized).toEqual([]);
  });
});
