import type { FileLimits } from '@studio/files';
import { type ModelCall, streamReply } from '../reply-stream.js';
import type { TurnRun } from '../turn-run.js';
import { replyParser, type StagedChanges } from './staged-changes.js';

const MAX_CONTINUATIONS = 2;

/**
 * The `llm` stage: streams the model's reply, checking and announcing each change as it arrives and the
 * chat text as it streams (`run.response`). Returns the reply as the model wrote it (the repair round
 * continues that conversation).
 */
export async function streamFirstReply(run: TurnRun, call: ModelCall, changes: StagedChanges, limits: FileLimits): Promise<string> {
  const parser = replyParser(limits);
  const reply = await streamReply(call, run.usage, (delta) => changes.feed(parser.push(delta), 'reply'), {
    maxContinuations: MAX_CONTINUATIONS,
    onEvent: (kind, data) => run.report.audit(kind, data),
  });
  changes.feed(parser.end(), 'reply');
  run.response = run.response.trim();
  return reply.text;
}
