import Anthropic from '@anthropic-ai/sdk';
import { LlmError } from '../llm-error.js';
import type { ChatRequest, FinishReason, LlmProvider, StreamEvent } from '../provider.js';
import { DEFAULT_DEADLINES, Deadline, type DeadlineOptions } from './deadline.js';
import { anthropicSystem, toAnthropicMessages, withHistoryBreakpoint } from './message-mapping.js';
import { type ProviderFetch, toLlmError } from './sdk-errors.js';

export interface AnthropicProviderOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL, for proxies and compatible servers. */
  baseURL?: string;
  /** First-token and total deadlines (the router retries, so the SDK's own retries are off). */
  deadlines?: Partial<DeadlineOptions>;
  /** Replaces the SDK's fetch: a person's own base URL gets one that refuses redirects and internal addresses. */
  fetch?: ProviderFetch;
}

/**
 * Anthropic messages, streamed. Anthropic caches a prompt only up to the points marked `cache_control` (at most
 * four), so they are marked where the parts that change least end: the static system prompt, the files that did
 * not change since the previous turn, the rest of the system prompt, and the conversation before the message.
 */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic';
  private readonly client: Anthropic;
  private readonly deadlines: DeadlineOptions;

  constructor(options: AnthropicProviderOptions) {
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, fetch: options.fetch, maxRetries: 0, timeout: 24 * 3600_000 });
    this.deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  }

  async *stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    let streamed = false;
    const deadline = new Deadline(this.name, this.deadlines, request.signal);
    let input = 0;
    let cached = 0;
    let output = 0;
    let finish: FinishReason | undefined;
    try {
      const stream = await this.client.messages.create(
        {
          model: request.model,
          stream: true,
          max_tokens: request.maxOutputTokens,
          system: anthropicSystem(request.system),
          messages: withHistoryBreakpoint(toAnthropicMessages(request.messages)),
        },
        { signal: deadline.signal },
      );
      for await (const event of stream) {
        if (event.type === 'message_start') {
          const u = event.message.usage;
          cached = u.cache_read_input_tokens ?? 0;
          input = u.input_tokens + cached + (u.cache_creation_input_tokens ?? 0);
          output = u.output_tokens;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          if (!streamed) deadline.started();
          streamed = true;
          yield { type: 'delta', text: event.delta.text };
        } else if (event.type === 'message_delta') {
          output = event.usage.output_tokens;
          const reason = event.delta.stop_reason;
          finish = reason === 'end_turn' || reason === 'stop_sequence' ? 'stop' : reason === 'max_tokens' ? 'length' : 'other';
        }
      }
    } catch (err) {
      throw deadline.reason() ?? toLlmError(err, this.name, streamed);
    } finally {
      deadline.done();
    }
    // An aborted SDK stream may just end: a cancel or a deadline explains a missing ending before a cut does.
    if (!finish) throw deadline.reason() ?? new LlmError('LLM_STREAM_CUT', 'anthropic: the stream ended before the reply was complete', { retryable: true, provider: this.name });
    yield { type: 'done', usage: { inputTokens: input, outputTokens: output, cachedInputTokens: cached }, finishReason: finish };
  }
}
