import type { PreviewSync } from '@studio/containers';
import type { FileLimits } from '@studio/files';
import { checkPath } from '@studio/files';
import { type ParserEvent, ReplyParser } from '@studio/llm';
import type { ChangeValidator, ValidationOutcome } from '@studio/validation';
import type { TurnRun } from '../turn-run.js';

/** A parser for one model reply, with the store's path rules and size limit. */
export function replyParser(limits: FileLimits): ReplyParser {
  return new ReplyParser({ checkPath: (p) => checkPath(p, limits), maxContentBytes: limits.maxFileBytes });
}

/**
 * Where the parsed reply meets validation, for the first reply and the repair alike: each change is checked
 * as it streams, and what validation decides is announced at once (`file:staged`, the preview, the audit).
 */
export class StagedChanges {
  constructor(
    private readonly run: TurnRun,
    readonly validator: ChangeValidator,
    private readonly preview: Pick<PreviewSync, 'stage'>,
  ) {}

  /**
   * Feeds the parser's events. The reply's text is the chat's (`reply`); a repair's text is not shown.
   * A change the parser rejected is refused under its path, or under the reply's name when it had none.
   */
  feed(events: ParserEvent[], from: 'reply' | 'repair'): void {
    for (const e of events) {
      if (e.type === 'text') {
        if (from !== 'reply') continue;
        this.run.response += e.text;
        this.run.report.text(e.text);
      } else if (e.type === 'change') this.publish(this.validator.check(e.change));
      else if (e.type === 'error') this.publish(this.validator.refuse({ action: 'write', path: e.path ?? `(${from})` }, e.code, e.message));
    }
  }

  /** Announces what validation decided: `file:staged` for each accepted change (and the preview gets it). */
  publish(outcome: ValidationOutcome): void {
    for (const a of outcome.accepted) void this.run.report.emit('file:staged', a.view);
    if (outcome.accepted.length) this.preview.stage(this.run.turn.projectId, this.run.turn.id, outcome.accepted);
    for (const r of outcome.refused) this.run.report.audit('refused', { ...r });
  }
}
