import { Inject, Injectable } from '@nestjs/common';
import { StudioError } from '@studio/contracts';
import { type PendingCommit, type TurnEntity, TurnsRepository } from '@studio/data';
import { commitRebasing, type FileStore } from '@studio/files';
import { FILE_STORE, failpoint } from '@studio/platform';
import type { AcceptedChange } from '@studio/validation';
import type { EntityManager } from 'typeorm';
import type { TurnReporter } from '../turn-reporter.js';
import { Cancelled, NotOurs, type TurnRun } from '../turn-run.js';
import type { Verdict } from './validate-stage.js';

/** What the commit needs of the turns: the pending commit, the cancel flag, completing inside the commit. */
type CommitTurns = Pick<TurnsRepository, 'savePending' | 'cancelRequested'> & { within(tx: EntityManager): Pick<TurnsRepository, 'complete'> };

/**
 * The `commit` stage: the accepted changes' bytes are uploaded and recorded on the turn (so a restarted
 * worker can finish the commit), then one transaction moves the head from the base to a new version and
 * completes the turn (fenced by its lease and the cancel flag).
 */
@Injectable()
export class CommitStage {
  constructor(
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'prepare' | 'finalize' | 'changedSince'>,
    @Inject(TurnsRepository) private readonly turns: CommitTurns,
  ) {}

  /** Commits what the reply changed; returns the new version and what was recorded for it. */
  async commit(run: TurnRun, accepted: AcceptedChange[], refused: PendingCommit['refused'], verdict: Verdict): Promise<{ version: number; pending: PendingCommit }> {
    const { turn, lease } = run;
    const prepared = await this.files.prepare(
      turn.projectId,
      accepted.map((a) => a.change),
    );
    const pending: PendingCommit = { changes: prepared, response: run.response, refused, warnings: verdict.warnings, ...(verdict.render ? { render: verdict.render } : {}), usage: run.usage.view() };
    if (!(await this.turns.savePending(turn.id, lease, pending))) throw await this.stopped(turn.id);
    return { version: await this.land(turn, lease, pending, run.report), pending };
  }

  /**
   * Lands recorded changes: if the person changed other files meanwhile, they go on top of their version; if
   * they changed the same files, theirs are kept and the turn fails with VERSION_CONFLICT.
   */
  async land(turn: TurnEntity & { baseVersion: number }, lease: number, pending: PendingCommit, report: TurnReporter): Promise<number> {
    const views = pending.changes.map(viewOfPrepared);
    const { version } = await commitRebasing(
      this.files,
      turn.projectId,
      turn.baseVersion,
      pending.changes,
      { source: 'ai', message: firstLine(turn.message), turnId: turn.id },
      {
        alongside: async (tx, version) => {
          const outcome = {
            status: 'completed' as const,
            version,
            response: pending.response,
            changes: views,
            refused: pending.refused,
            warnings: pending.warnings ?? [],
            render: pending.render ?? null,
            usage: pending.usage,
          };
          if (!(await this.turns.within(tx).complete(turn, lease, outcome))) throw await this.stopped(turn.id);
          await failpoint('turn.commit');
        },
        onRebase: (from, onto) => report.audit('rebased', { from, onto }),
        conflict: (paths, head) =>
          new StudioError('VERSION_CONFLICT', `${paths.join(', ')} changed while the model was working; your edits were kept and this turn's changes were not applied.`, { paths, headVersion: head }),
      },
    );
    return version;
  }

  /** Why a fenced write found no turn to change: the person cancelled it, or another worker took it. */
  private async stopped(turnId: string): Promise<Error> {
    return (await this.turns.cancelRequested(turnId)) ? new Cancelled() : new NotOurs();
  }
}

export const viewOfPrepared = (c: PendingCommit['changes'][number]) => (c.action === 'rename' ? { action: 'rename' as const, path: c.path, from: c.from } : { action: c.action, path: c.path });

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
