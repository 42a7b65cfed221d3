import { type ModelCallPurpose, StudioError, type UsageCallView, type UsageView } from '@studio/contracts';
import { type ChatMessage, type ChatRequest, LlmError, type LlmRouter, type Route } from '@studio/llm';
import { CONTINUE_PROMPT } from './prompts.js';
import { CHARS_PER_TOKEN, type TurnLedger } from './turn-ledger.js';

export interface ModelCall {
  router: Pick<LlmRouter, 'stream'>;
  routes: Route[];
  system: ChatRequest['system'];
  messages: ChatMessage[];
  maxOutputTokens: number;
  signal: AbortSignal;
  /** The turn's ledger: each call is reserved for, capped and persisted (absent: nothing is billed, as in tests). */
  ledger?: TurnLedger;
  /** What `system` + `messages` count in tokens (the built context's count), for the call's estimate. */
  inputTokens?: number;
}

const usd = (n: number) => Number(n.toFixed(6));

/** Tokens and cost across every call of a turn, each call kept with its purpose (reply, continuations, repair). */
export class UsageTally {
  provider = '';
  model = '';
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  readonly calls: UsageCallView[] = [];

  add(e: { provider: string; model: string; usage: { inputTokens: number; outputTokens: number; cachedInputTokens?: number }; costUsd: number | null }, purpose: ModelCallPurpose = 'reply') {
    this.provider = e.provider;
    this.model = e.model;
    this.inputTokens += e.usage.inputTokens;
    this.outputTokens += e.usage.outputTokens;
    this.costUsd += e.costUsd ?? 0;
    const call: UsageCallView = { purpose, provider: e.provider, model: e.model, inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens, costUsd: usd(e.costUsd ?? 0) };
    if (e.usage.cachedInputTokens) call.cachedInputTokens = e.usage.cachedInputTokens;
    this.calls.push(call);
  }

  view(): UsageView | null {
    if (!this.provider) return null;
    return { provider: this.provider, model: this.model, inputTokens: this.inputTokens, outputTokens: this.outputTokens, costUsd: usd(this.costUsd), calls: [...this.calls] };
  }
}

export interface StreamedReply {
  text: string;
  /** Still cut after the continuations allowed. */
  truncated: boolean;
  continuations: number;
}

/**
 * Streams a model reply, handing each delta to `onDelta`. A reply that stops at the output-token limit, or
 * whose connection drops after text has streamed, is continued (at most `maxContinuations` times, every
 * call's tokens counted) so that a file cut in the middle can still complete.
 */
export async function streamReply(
  call: ModelCall,
  usage: UsageTally,
  onDelta: (text: string) => void,
  options: { maxContinuations: number; purpose?: 'reply' | 'repair'; onEvent?: (kind: string, data: Record<string, unknown>) => void },
): Promise<StreamedReply> {
  const purpose = options.purpose ?? 'reply';
  let text = '';
  for (let continuation = 0; ; continuation++) {
    const messages: ChatMessage[] = continuation === 0 ? call.messages : [...call.messages, { role: 'assistant', content: text }, { role: 'user', content: CONTINUE_PROMPT }];
    let cut = false;
    // The call's end was ledgered (its `done`): a failure after it has nothing left to bill.
    let ended = false;
    const callPurpose = continuation === 0 ? purpose : purpose === 'reply' ? 'continuation' : 'repair-continuation';
    // The route answering now (the router says before each attempt), for a call the cap stops before its end.
    let answering = { provider: call.routes[0]?.provider ?? '', model: call.routes[0]?.model ?? '' };
    // A continuation sends the reply so far again, and the request to go on.
    const resent = continuation === 0 ? 0 : Math.ceil((text.length + CONTINUE_PROMPT.length) / CHARS_PER_TOKEN);
    await call.ledger?.beforeCall((call.inputTokens ?? 0) + resent, call.maxOutputTokens);
    try {
      for await (const event of call.router.stream({ system: call.system, messages, maxOutputTokens: call.maxOutputTokens, signal: call.signal }, call.routes)) {
        if (event.type === 'delta') {
          text += event.text;
          onDelta(event.text);
          // Past the per-turn cap this throws: leaving the loop closes the provider's stream.
          call.ledger?.onDelta(event.text.length);
        } else if (event.type === 'done') {
          usage.add(event, callPurpose);
          ended = true;
          await call.ledger?.callEnded(event, callPurpose);
          cut = event.finishReason === 'length';
        } else {
          if (event.type === 'attempt') answering = { provider: event.provider, model: event.model };
          options.onEvent?.(event.type, { ...event });
        }
      }
    } catch (err) {
      // The provider bills what it streamed before the cap stopped it: ledgered from the estimate.
      if (err instanceof StudioError && err.code === 'TURN_COST_CAP_REACHED') await call.ledger?.callStopped(answering, callPurpose);
      // Only a reply that already streamed text is worth continuing; anything else fails the turn.
      if (!(err instanceof LlmError) || !err.partial || err.code === 'LLM_CANCELLED') throw err;
      // Cut after text streamed: that text was billed too, so it is ledgered (from the estimate, as a cap stop)
      // before the continuation, which would otherwise start the cap's count of this call again from nothing.
      if (!ended) await call.ledger?.callStopped(answering, callPurpose);
      options.onEvent?.('stream-cut', { code: err.code, message: err.message });
      cut = true;
    }
    if (!cut) return { text, truncated: false, continuations: continuation };
    if (continuation >= options.maxContinuations) return { text, truncated: true, continuations: continuation };
    options.onEvent?.('continuation', { number: continuation + 1, charsSoFar: text.length });
  }
}
