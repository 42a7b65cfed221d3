import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { PREVIEW_SYNC, type PreviewSync } from '@studio/containers';
import { StudioError } from '@studio/contracts';
import { type TurnEntity, TurnsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { canSeeImages, LlmError, type LlmRouter, type Route } from '@studio/llm';
import { ENV, FILE_STORE, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import { ModelAccess, type TurnModels } from './model-access.js';
import type { ModelCall } from './reply-stream.js';
import { withAssets } from './stages/attached-assets.js';
import { viewOfPrepared } from './stages/commit-stage.js';
import { streamFirstReply } from './stages/reply-stage.js';
import { StagedChanges } from './stages/staged-changes.js';
import { TurnBudget } from './turn-budget.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnReporter } from './turn-reporter.js';
import { Cancelled, type RunningTurn, shuttingDown, TurnRun } from './turn-run.js';
import { TurnStages } from './turn-stages.js';

/** The routers a turn uses, as far as the pipeline needs them. */
type PipelineModels = Omit<TurnModels, 'chat' | 'summary'> & { chat: Pick<LlmRouter, 'stream' | 'routesPreferring'>; summary: Pick<LlmRouter, 'stream'> };

/** What the pipeline needs of ModelAccess (model-access.ts). */
interface TurnModelAccess {
  forTurn(userId: string, requestedModel: string | null): Promise<PipelineModels>;
  keyFailed(keyId: string, reason: string): Promise<void>;
  isKeyFailure(err: unknown): boolean;
  describeFailure(err: unknown): string;
}

/**
 * One chat turn, stage by stage (docs/API.md order: turn:started, then turn:stage / chat:delta / file:staged, then
 * exactly one of turn:completed / turn:failed / turn:cancelled): context, the streamed reply, validation with
 * its repair round, the commit, the ending. The stages share one TurnRun. Nothing reaches the store before
 * the commit, and the commit lands whole or not at all.
 */
@Injectable()
export class TurnPipeline {
  constructor(
    @Inject(ENV) private readonly env: Pick<Env, 'TURN_MAX_OUTPUT_TOKENS'>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'limits'>,
    @Inject(PROJECT_EVENTS) private readonly bus: Pick<ProjectEventBus, 'publish' | 'flush'>,
    @Inject(ModelAccess) private readonly access: TurnModelAccess,
    @Inject(TurnBudget) private readonly budget: Pick<TurnBudget, 'ledgerFor'>,
    @Inject(PREVIEW_SYNC) private readonly preview: Pick<PreviewSync, 'stage'>,
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'cancelRequested' | 'audit' | 'showedReply'>,
    private readonly metrics: TurnMetrics,
    private readonly stages: TurnStages,
  ) {}

  private reporter(turn: TurnEntity): TurnReporter {
    return new TurnReporter(this.bus, this.turns, this.metrics, turn.projectId, turn.id);
  }

  async run(turn: RunningTurn, lease: number, signal: AbortSignal): Promise<void> {
    const run = new TurnRun(turn, lease, this.reporter(turn), signal);
    const { report } = run;
    const { context: contextStage, validate, commit, endings, pictures: pictureStage, assets: assetStage } = this.stages;
    let outcome = 'failed';
    let models: PipelineModels | undefined;
    try {
      await report.emit('turn:started', { baseVersion: turn.baseVersion });
      if (await this.turns.cancelRequested(turn.id)) throw new Cancelled();

      await report.enterStage('context');
      // Whose models and whose money: the person's own key, or the operator's routes and budget.
      models = await this.access.forTurn(turn.userId, turn.model);
      const routes = models.chat.routesPreferring(turn.model);
      const pictures = await pictureStage.load(run);
      const first = budgetRoute(routes, pictures.length > 0);
      const context = await contextStage.build(run, first, pictures);
      // Pictures to use on the page are in the working tree before the model writes a line that shows them.
      const assets = await assetStage.stage(run, pictures, context.tree);
      const assetNote = assetStage.note(assets);

      await report.enterStage('llm');
      const changes = new StagedChanges(run, contextStage.validatorFor(turn, context.tree), this.preview);
      changes.publish({ accepted: assets.changes, refused: [] });
      const { system } = context.built;
      const call: ModelCall = {
        router: models.chat,
        routes,
        system: assetNote ? { ...system, dynamic: `${system.dynamic}\n\n${assetNote}` } : system,
        messages: context.built.messages,
        maxOutputTokens: this.env.TURN_MAX_OUTPUT_TOKENS,
        signal,
        ledger: this.budget.ledgerFor(run, models, routes),
        inputTokens: context.built.report.tokens.total,
      };
      const replyText = await streamFirstReply(run, call, changes, this.files.limits);

      await report.enterStage('validate');
      const verdict = await validate.run(run, changes, context, call, replyText);
      const { validator } = changes;
      if (verdict.render?.status === 'failed') {
        outcome = await endings.renderFailed(run, validator, verdict.render, verdict.warnings);
        return;
      }

      await report.enterStage('commit');
      const accepted = withAssets(assets, validator.net);
      const refused = validator.refused;
      for (const r of refused) this.metrics.refusals.inc({ code: r.code });
      const settled = { refused, ...verdict };
      if (!accepted.length) {
        // Only words, or every change refused: the turn completes on its base version, no new version.
        outcome = await endings.unchanged(run, settled);
        return;
      }
      const { version } = await commit.commit(run, accepted, refused, verdict);
      outcome = 'completed';
      await assetStage.committed(run, assets);
      await endings.completed(
        run,
        version,
        run.response,
        accepted.map((a) => a.view),
        settled,
      );
      contextStage.refreshSummary(turn, context, models);
    } catch (err) {
      if (shuttingDown(signal)) outcome = await endings.handedBack(run);
      else outcome = await endings.failed(run, await this.ownKeyFailure(models, err), run.response);
    } finally {
      report.closeStage();
      this.metrics.turnSeconds.observe({ outcome }, (performance.now() - run.startedAt) / 1000);
      await report.flush();
    }
  }

  /**
   * A call through the person's own key that the provider refused: the key remembers why (masked by
   * ModelAccess) and the turn fails with PROVIDER_KEY_FAILED; any other error is left as it is.
   */
  private async ownKeyFailure(models: PipelineModels | undefined, err: unknown): Promise<unknown> {
    if (models?.billedTo !== 'own_key' || !models.keyId || !(err instanceof LlmError) || !this.access.isKeyFailure(err)) return err;
    const reason = this.access.describeFailure(err);
    const provider = err.options.provider ?? 'provider';
    await this.access.keyFailed(models.keyId, reason).catch(() => undefined);
    return new StudioError('PROVIDER_KEY_FAILED', `Your own ${provider} key was refused: ${reason}`, { provider, reason });
  }

  /**
   * A turn whose worker stopped: if its changes were recorded for commit, the commit is finished now (CAS
   * on the same base, so it lands once). Otherwise, if the person saw nothing of its reply yet and no model call
   * was billed (the worker died while it built the context or waited for the model's first word; `mayRunAgain`),
   * it is handed back to the queue and runs again from the start ('handed-back': the caller requeues its job);
   * else it fails TURN_INTERRUPTED, since the reply was lost with the worker (running it again would bill the
   * model twice and show a different answer).
   */
  async recover(turn: TurnEntity, lease: number): Promise<'handed-back' | 'ended'> {
    const { baseVersion } = turn;
    // Without a base the turn never started: it cannot have changes to land (it fails below).
    const run = new TurnRun({ ...turn, baseVersion: baseVersion ?? 0 }, lease, this.reporter(turn));
    const { report } = run;
    try {
      const pending = turn.pendingCommit;
      if (mayRunAgain(turn) && !(await this.turns.showedReply(turn.id, turn.projectId))) {
        if ((await this.stages.endings.handedBack(run, 'its worker died before it showed a reply')) === 'handed-back') return 'handed-back';
      }
      if (!pending || baseVersion === null || turn.cancelRequested) {
        if (turn.cancelRequested) throw new Cancelled();
        throw new StudioError('TURN_INTERRUPTED', 'The worker running this turn stopped before it finished; nothing was committed. Send the message again.');
      }
      report.audit('recovered', { pendingChanges: pending.changes.length });
      await report.enterStage('commit');
      const version = await this.stages.commit.land(run.turn, lease, pending, report);
      const settled = { refused: pending.refused, warnings: pending.warnings ?? [], render: pending.render ?? null };
      await this.stages.endings.completed(run, version, pending.response, pending.changes.map(viewOfPrepared), settled, pending.usage);
    } catch (err) {
      await this.stages.endings.failed(run, err, turn.response);
    } finally {
      report.closeStage();
      await report.flush();
    }
    return 'ended';
  }
}

/**
 * Each run of a turn takes a lease, and each recovery another: past this, the turn was recovered twice already
 * (its worker died each time, maybe because of the turn) and fails rather than take down another worker.
 */
const LAST_LEASE_TO_RUN_AGAIN = 5;

/**
 * Whether a recovered turn may run again from the start: nothing recorded to land, not cancelled, no model call
 * billed yet (running it again would bill it twice), and not recovered twice already. The caller also asks
 * whether the person saw any of its reply.
 */
function mayRunAgain(turn: TurnEntity): boolean {
  return !turn.pendingCommit && !turn.cancelRequested && !turn.billedCalls?.length && turn.lease <= LAST_LEASE_TO_RUN_AGAIN;
}

/**
 * The route whose window and picture rule size the context: the first one the turn tries, or with pictures the
 * first that can see them (the router skips the others for this turn).
 */
function budgetRoute(routes: Route[], withPictures: boolean): Route {
  const first = (withPictures && routes.find((r) => canSeeImages(r.model, r.vision))) || routes[0];
  return first ?? { provider: '', model: '' };
}
