import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ComponentLibrary } from '@studio/catalog';
import { PREVIEW_SYNC, type PreviewSync } from '@studio/containers';
import type { RenderCheckView, TurnWarningView } from '@studio/contracts';
import { type FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import type { ModelCall } from '../reply-stream.js';
import type { TurnContext } from '../turn-context.js';
import { TURN_DEPS } from '../turn-deps.js';
import { Cancelled, type TurnRun } from '../turn-run.js';
import { turnWarnings } from '../turn-warnings.js';
import { repairRound } from './repair-stage.js';
import type { StagedChanges } from './staged-changes.js';

/** What validation leaves for the commit: the page's render check and the warnings that do not stop a change. */
export interface Verdict {
  render: RenderCheckView | null;
  warnings: TurnWarningView[];
}

/**
 * The `validate` stage: what waited for the whole reply is decided, the page is loaded with the staged
 * changes, and one repair round runs when the model can fix what was refused or what broke the page.
 */
@Injectable()
export class ValidateStage {
  private readonly logger = new Logger(ValidateStage.name);

  constructor(
    @Inject(PREVIEW_SYNC) private readonly preview: Pick<PreviewSync, 'check'>,
    @Inject(TURN_DEPS) private readonly deps: { catalog: { library: Pick<ComponentLibrary, 'signature'> } },
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'limits'>,
  ) {}

  async run(run: TurnRun, changes: StagedChanges, context: Pick<TurnContext, 'tree'>, call: ModelCall, replyText: string): Promise<Verdict> {
    const library = this.deps.catalog.library;
    changes.publish(changes.validator.finish());
    let render = await this.renderCheck(run);
    const repaired = await repairRound(run, changes, { context, call, replyText, render, library, limits: this.files.limits });
    if (run.signal.aborted) throw new Cancelled();
    if (repaired) {
      const again = await this.renderCheck(run);
      if (again) render = { ...again, ...(render?.status === 'failed' && again.status === 'passed' ? { repaired: true } : {}) };
    }
    return { render, warnings: turnWarnings(changes.validator, context.tree, library) };
  }

  /**
   * The platform's load of the page with the turn's staged changes (null when nothing was staged or no preview
   * runs). A check that could not decide (the machine's network cut every load, or a dev server still cold after
   * the turn's writes took longer than the budget) is made once more: the second load meets a warm server, and a
   * page is never called done on a check that did not look at it when one more look can.
   */
  private async renderCheck(run: TurnRun): Promise<RenderCheckView | null> {
    const first = await this.checkOnce(run);
    if (first?.status !== 'unavailable' || run.signal.aborted) return first;
    return (await this.checkOnce(run)) ?? first;
  }

  private async checkOnce(run: TurnRun): Promise<RenderCheckView | null> {
    const { turn } = run;
    const render = await this.preview.check(turn.projectId, turn.id, turn.baseVersion).catch((err) => {
      this.logger.warn({ msg: 'render check could not run', turnId: turn.id, err: String(err) });
      return null;
    });
    if (render) run.report.audit('render', { ...render });
    return render;
  }
}
