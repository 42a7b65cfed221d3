import { Inject, Injectable, Logger } from '@nestjs/common';
import { PREVIEW_SYNC, type PreviewSync } from '@studio/containers';
import { type ErrorBody, type FileChangeView, type RefusedChangeView, type RenderCheckView, StudioError, type TurnWarningView, type UsageView } from '@studio/contracts';
import { TurnsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { LlmError } from '@studio/llm';
import { FILE_STORE, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import type { ChangeValidator } from '@studio/validation';
import { WebhookPublisher } from '../../webhooks/webhook-publisher.js';
import { TurnBudget } from '../turn-budget.js';
import { TurnMetrics } from '../turn-metrics.js';
import { Cancelled, NotOurs, type TurnRun } from '../turn-run.js';

export interface Settled {
  refused: RefusedChangeView[];
  warnings: TurnWarningView[];
  render: RenderCheckView | null;
}

/**
 * How a turn ends, told once: the turn's row (fenced by its lease), exactly one of `turn:completed` /
 * `turn:failed` / `turn:cancelled`, the preview (synced, or put back to the head), webhooks and metrics.
 * Each returns the outcome for the turn-duration metric.
 */
@Injectable()
export class TurnEndings {
  private readonly logger = new Logger(TurnEndings.name);

  constructor(
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'finish' | 'handBack'>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'head'>,
    @Inject(PREVIEW_SYNC) private readonly preview: Pick<PreviewSync, 'sync' | 'revert'>,
    private readonly metrics: TurnMetrics,
    @Inject(WebhookPublisher) private readonly webhooks: Pick<WebhookPublisher, 'publish'>,
    @Inject(TurnBudget) private readonly budget: Pick<TurnBudget, 'warnAfter'>,
    @Inject(PROJECT_EVENTS) private readonly bus: Pick<ProjectEventBus, 'publish'>,
  ) {}

  /** The turn landed `version` (its base when nothing changed): the preview follows, everyone is told. */
  async completed(run: TurnRun, version: number, response: string, changes: FileChangeView[], settled: Settled, stored?: UsageView | null): Promise<'completed'> {
    const { turn, report } = run;
    const { refused, warnings, render } = settled;
    await report.enterStage('sync');
    // The preview follows in the background: `preview:updated` says when it serves the version.
    void this.preview
      .sync(
        turn.projectId,
        version,
        changes.map((c) => c.path),
        render,
      )
      .catch((err) => this.logger.warn(`preview sync: ${err}`));
    report.closeStage();
    const u = run.usage.view() ?? stored ?? { provider: '', model: '', inputTokens: 0, outputTokens: 0, costUsd: 0 };
    if (u.provider) {
      this.metrics.llmTokens.inc({ provider: u.provider, model: u.model, kind: 'input' }, u.inputTokens);
      this.metrics.llmTokens.inc({ provider: u.provider, model: u.model, kind: 'output' }, u.outputTokens);
    }
    report.audit('completed', { version, changes: changes.length, refused: refused.length, usage: u });
    await report.emit('turn:completed', { version, response, changes, usage: u, refused, partial: refused.length > 0, warnings, ...(render ? { render } : {}) });
    // Webhooks are the project owner's, who is the only one who can send its turns. Never fails the turn.
    if (version !== turn.baseVersion) this.webhooks.publish(turn.userId, 'project.version.created', { projectId: turn.projectId, version, source: 'ai', turnId: turn.id });
    this.webhooks.publish(turn.userId, 'turn.completed', { projectId: turn.projectId, turnId: turn.id, version });
    await this.budget.warnAfter(run);
    return 'completed';
  }

  /** Completes a turn that changed no file (only words, or every change refused), on its base version. */
  async unchanged(run: TurnRun, settled: Settled): Promise<'completed'> {
    const { turn, lease, response } = run;
    const done = await this.turns.finish(turn, lease, { status: 'completed', response, version: turn.baseVersion, changes: [], ...settled, usage: run.usage.view() });
    if (done) await this.completed(run, turn.baseVersion, response, [], settled);
    return 'completed';
  }

  /**
   * The page still does not render after the repair round: nothing of the turn is committed, the preview goes
   * back to the head (the last version that rendered), and the turn fails with RENDER_FAILED saying what broke
   * and which changes were not applied. The model's words are kept in the chat, marked as not applied.
   */
  async renderFailed(run: TurnRun, validator: ChangeValidator, render: RenderCheckView, warnings: TurnWarningView[]): Promise<'failed'> {
    const { turn, lease, report, response } = run;
    const e = render.error!;
    const where = e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : '';
    const notApplied = validator.net.map((a) => a.view.path);
    const error: ErrorBody = {
      code: 'RENDER_FAILED',
      message: `The page did not render with these changes${where}: ${e.message}. They were not applied; the preview shows version ${turn.baseVersion}.`,
      details: { render: e, notApplied },
    };
    this.metrics.refusals.inc({ code: 'RENDER_FAILED' });
    void this.preview.revert(turn.projectId, turn.baseVersion).catch((err) => this.logger.warn(`preview revert: ${err}`));
    const u = run.usage.view() ?? undefined;
    const done = await this.turns.finish(turn, lease, { status: 'failed', error, response: response || undefined, refused: validator.refused, warnings, render, usage: u });
    report.audit('failed', { error });
    if (done) {
      await report.emit('turn:failed', { error, ...(u ? { usage: u } : {}) });
      this.webhooks.publish(turn.userId, 'turn.failed', { projectId: turn.projectId, turnId: turn.id, error });
      await this.budget.warnAfter(run);
    }
    return 'failed';
  }

  /** Ends a turn that did not complete (cancelled, or failed with `err`). Nothing of it was committed. */
  async failed(run: TurnRun, err: unknown, response: string): Promise<'failed' | 'cancelled' | 'lost'> {
    const { turn, lease, report } = run;
    if (err instanceof NotOurs) {
      this.logger.warn({ msg: 'turn taken over by another worker; stopping', turnId: turn.id });
      return 'lost';
    }
    const cancelled = err instanceof Cancelled || (err instanceof LlmError && err.code === 'LLM_CANCELLED') || run.signal.aborted;
    const head = await this.files.head(turn.projectId).catch(() => null);
    if (head !== null) void this.preview.revert(turn.projectId, head).catch((e) => this.logger.warn(`preview revert: ${e}`));
    const u = run.usage.view() ?? undefined;
    if (cancelled) {
      const done = await this.turns.finish(turn, lease, { status: 'cancelled', response: response || undefined, usage: u });
      report.audit('cancelled');
      if (done) {
        await report.emit('turn:cancelled', {});
        await this.budget.warnAfter(run);
      }
      return 'cancelled';
    }
    const error = errorBodyOf(err);
    if (error.code === 'INTERNAL') this.logger.error({ msg: 'turn failed', turnId: turn.id, err: String((err as Error)?.stack ?? err) });
    const done = await this.turns.finish(turn, lease, { status: 'failed', error, usage: u });
    report.audit('failed', { error });
    if (done) {
      await report.emit('turn:failed', { error, ...(u ? { usage: u } : {}) });
      this.webhooks.publish(turn.userId, 'turn.failed', { projectId: turn.projectId, turnId: turn.id, error });
      await this.budget.warnAfter(run);
    }
    return 'failed';
  }

  /**
   * The turn goes back to `queued` and will run again from the start: its worker is shutting down past its grace,
   * or it died before the person saw any of the reply (`why`, for the log). Nothing committed; the calls it made
   * stay on its row, ledgered when it ends; the preview goes back to the head, and `turn:queued` (first in line)
   * tells the clients it will start again. The caller puts its job back in the queue. 'lost' when the turn was
   * no longer ours, or its commit was already recorded (the next claim recovers it).
   */
  async handedBack(run: TurnRun, why: 'shutting down' | 'its worker died before it showed a reply' = 'shutting down'): Promise<'handed-back' | 'lost'> {
    const { turn, lease, report } = run;
    const head = await this.files.head(turn.projectId).catch(() => null);
    if (head !== null) void this.preview.revert(turn.projectId, head).catch((e) => this.logger.warn(`preview revert: ${e}`));
    if (!(await this.turns.handBack(turn.id, lease))) return 'lost';
    report.audit('handed-back');
    this.logger.log({ msg: `turn handed back to the queue (${why})`, turnId: turn.id });
    await this.bus.publish(turn.projectId, 'turn:queued', { turnId: turn.id, position: 0 });
    return 'handed-back';
  }
}

function errorBodyOf(err: unknown): ErrorBody {
  if (err instanceof StudioError) return err.toBody();
  if (err instanceof LlmError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: 'Something went wrong on our side while running this turn; it has been logged.' };
}
