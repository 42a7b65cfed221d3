import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type EndedCall, PreviewSessionsRepository, ProjectAssetsRepository, ProjectsRepository, type TurnEntity, TurnsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { type LlmRouter, type RouterEvent, summarizeConversation, TokenCounter } from '@studio/llm';
import { ENV, FILE_STORE } from '@studio/platform';
import { ChangeValidator, type WorkingTree } from '@studio/validation';
import type { TurnModels } from '../model-access.js';
import { buildTurnContext, StaticPrompts, type TurnContext } from '../turn-context.js';
import { TURN_DEPS, type TurnDeps } from '../turn-deps.js';
import type { RunningTurn, TurnRun } from '../turn-run.js';
import type { TurnPicture } from './attached-pictures.js';

/**
 * The `context` stage: what the model is told (the base version's files, the chat so far, the message, within
 * its budget), what its reply is judged against (a validator over the same files), and, after the turn, the
 * conversation summary the next turns start from.
 */
@Injectable()
export class ContextStage {
  private readonly logger = new Logger(ContextStage.name);
  private readonly prompts: StaticPrompts;
  private readonly counter = new TokenCounter();

  constructor(
    @Inject(ENV) private readonly env: Pick<Env, 'TURN_MAX_OUTPUT_TOKENS'>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'readAll' | 'manifest' | 'versions' | 'limits'>,
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'conversation' | 'summary' | 'saveSummary'>,
    @Inject(ProjectsRepository) private readonly projects: Pick<ProjectsRepository, 'findOwned'>,
    @Inject(PreviewSessionsRepository) private readonly previews: Pick<PreviewSessionsRepository, 'errorsOf'>,
    @Inject(TURN_DEPS) private readonly deps: TurnDeps,
    // The assets' recorded sizes, alt text and variants, listed to the model (without it: by path only).
    @Optional() @Inject(ProjectAssetsRepository) private readonly assets?: Pick<ProjectAssetsRepository, 'forHashes'>,
  ) {
    this.prompts = new StaticPrompts(deps.catalog, deps.packages);
  }

  /** `route`: the one the turn tries first (its window and its provider's picture rule size the budget). */
  async build(run: TurnRun, route: { provider: string; model: string }, pictures: readonly TurnPicture[] = []): Promise<TurnContext> {
    const { files, turns, projects, previews, prompts, counter, assets } = this;
    const context = await buildTurnContext({ files, turns, projects, previews, prompts, counter, assets }, run.turn, route, this.env.TURN_MAX_OUTPUT_TOKENS, pictures);
    const r = context.built.report;
    run.report.audit('context', { tokens: r.tokens, included: r.included.length, omitted: r.omitted.map((o) => o.path), estimatedInputCostUsd: r.estimatedInputCostUsd });
    return context;
  }

  /** The validator of this turn's changes, over the files the model was shown. */
  validatorFor(turn: RunningTurn, tree: WorkingTree): ChangeValidator {
    const typeChecker = this.deps.typeChecker;
    return new ChangeValidator(tree, {
      packages: this.deps.packages,
      limits: this.files.limits,
      components: this.deps.catalog.library,
      typeChecker: typeChecker && { check: (files, paths) => typeChecker.check(turn.projectId, files, paths).diagnostics },
    });
  }

  /**
   * Refreshes the project's conversation summary after the turn, off its critical path, with the turn's
   * summary model (`models`, whoever pays); its calls are ledgered with the summary they made.
   */
  refreshSummary(turn: TurnEntity, context: TurnContext, models: Pick<TurnModels, 'billedTo'> & { summary: Pick<LlmRouter, 'stream'> }): void {
    if (!context.built.report.needsSummary) return;
    const keep = 6;
    const older = context.conversation.slice(0, Math.max(0, context.conversation.length - keep));
    void (async () => {
      const previous = await this.turns.summary(turn.projectId);
      const calls: EndedCall[] = [];
      const summary = await summarizeConversation(tapped(models.summary, calls, models.billedTo), older, previous);
      if (summary.text) await this.turns.saveSummary(turn.projectId, summary, { turn, calls });
    })().catch((err) => this.logger.warn(`summary for project ${turn.projectId}: ${err}`));
  }
}

/** The router, with each call it ends noted in `calls` (for the ledger). */
function tapped(router: Pick<LlmRouter, 'stream'>, calls: EndedCall[], billedTo: EndedCall['billedTo']): Pick<LlmRouter, 'stream'> {
  return {
    async *stream(request, routes): AsyncGenerator<RouterEvent> {
      for await (const event of router.stream(request, routes)) {
        if (event.type === 'done') {
          const { provider, model, usage } = event;
          calls.push({
            purpose: 'summary',
            provider,
            model,
            inputTokens: usage.inputTokens,
            cachedInputTokens: usage.cachedInputTokens ?? 0,
            outputTokens: usage.outputTokens,
            costMicroUsd: Math.round((event.costUsd ?? 0) * 1e6),
            billedTo,
          });
        }
        yield event;
      }
    },
  };
}
