import type { ComponentLibrary } from '@studio/catalog';
import { INSTRUCTIONS_PATH, type RenderCheckView, StudioError } from '@studio/contracts';
import type { FileLimits } from '@studio/files';
import { instructionsBlock, LlmError } from '@studio/llm';
import { REPAIRABLE } from '@studio/validation';
import { repairPrompt } from '../prompts.js';
import { type ModelCall, streamReply } from '../reply-stream.js';
import type { TurnContext } from '../turn-context.js';
import { CHARS_PER_TOKEN } from '../turn-ledger.js';
import { NotOurs, type TurnRun } from '../turn-run.js';
import { turnWarnings } from '../turn-warnings.js';
import { replyParser, type StagedChanges } from './staged-changes.js';

export interface RepairInput {
  context: Pick<TurnContext, 'tree'>;
  /** The first reply's call, and what the model answered to it. */
  call: ModelCall;
  replyText: string;
  /** The platform's load of the page after the first reply (null: none ran). */
  render: RenderCheckView | null;
  library: Pick<ComponentLibrary, 'signature'>;
  limits: FileLimits;
}

/**
 * The one bounded repair round, for refusals the model can fix (types, imports, patches that did not match...)
 * and for a page that did not render. The request carries the errors, the files they touch and the file tree,
 * not the whole project again. Returns whether a repair reply was applied.
 */
export async function repairRound(run: TurnRun, changes: StagedChanges, input: RepairInput): Promise<boolean> {
  const { validator } = changes;
  const { context, call, render } = input;
  const fixable = validator.refused.filter((r) => REPAIRABLE.has(r.code));
  const renderFailed = render?.status === 'failed';
  const warnings = turnWarnings(validator, context.tree, input.library).filter((w) => w.code !== 'TYPE_WARNING');
  // A section showing another product's placeholder copy is a defect a person sees: worth the round on its own.
  const placeholder = warnings.some((w) => w.code === 'SECTION_PLACEHOLDER');
  if ((!fixable.length && !renderFailed && !placeholder) || call.signal.aborted) return false;
  run.report.audit('repair', { refused: fixable.map((r) => ({ path: r.path, code: r.code })), ...(renderFailed ? { render: render.error } : {}), warnings: warnings.length });
  const parser = replyParser(input.limits);
  const prompt = repairPrompt({
    refused: fixable,
    render,
    warnings,
    inserted: [...validator.inserted.keys()].filter((p) => context.tree.has(p)),
    tree: context.tree,
  });
  // The static system prompt stays first and identical (the provider's cache serves it); the project's file
  // dump is not sent again: the prompt carries the files that matter. The person's standing instructions do go
  // again, as in the first request (the model cannot change them, so the tree still holds the base version's).
  const messages = [...call.messages, { role: 'assistant' as const, content: input.replyText }, { role: 'user' as const, content: prompt }];
  const instructions = instructionsBlock(context.tree.text(INSTRUCTIONS_PATH));
  try {
    // Estimated high: the first request's count (with the file dump it does not send again) plus what is new.
    const inputTokens = (call.inputTokens ?? 0) + Math.ceil((input.replyText.length + prompt.length) / CHARS_PER_TOKEN);
    await streamReply(
      { ...call, system: { static: call.system.static, ...(instructions ? { dynamic: instructions } : {}) }, messages, inputTokens },
      run.usage,
      (d) => changes.feed(parser.push(d), 'repair'),
      {
        maxContinuations: 1,
        purpose: 'repair',
        onEvent: (kind, data) => run.report.audit(`repair-${kind}`, data),
      },
    );
  } catch (err) {
    // The repair is a bonus: if the model fails now, the turn goes on with what it had.
    // Except a cancel, a lost turn, or money: the budget refused the round or the turn reached its cap.
    if (err instanceof LlmError && err.code === 'LLM_CANCELLED') throw err;
    if (err instanceof NotOurs || (err instanceof StudioError && (err.code === 'BUDGET_EXCEEDED' || err.code === 'TURN_COST_CAP_REACHED'))) throw err;
    run.report.audit('repair-failed', { error: String((err as Error).message ?? err) });
    return false;
  }
  changes.feed(parser.end(), 'repair');
  changes.publish(validator.finish());
  changes.publish(validator.retryKnockedOut());
  return true;
}
