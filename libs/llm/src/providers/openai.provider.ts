import OpenAI from 'openai';
import { LlmError } from '../llm-error.js';
import type { ChatRequest, FinishReason, LlmProvider, StreamEvent, Usage } from '../provider.js';
import { DEFAULT_DEADLINES, Deadline, type DeadlineOptions } from './deadline.js';
import { toOpenAiMessages } from './message-mapping.js';
import { type ProviderFetch, toLlmError } from './sdk-errors.js';

export interface OpenAiProviderOptions {
  apiKey: string;
  /** OPENAI_BASE_URL: any OpenAI-compatible server (Ollama, vLLM, OpenRouter, Groq...). */
  baseURL?: string;
  /** First-token and total deadlines (the router retries, so the SDK's own retries are off). */
  deadlines?: Partial<DeadlineOptions>;
  /** Replaces the SDK's fetch: a person's own base URL gets one that refuses redirects and internal addresses. */
  fetch?: ProviderFetch;
}

/** OpenAI chat completions, streamed, with usage in the last chunk (`stream_options.include_usage`). */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly deadlines: DeadlineOptions;

  constructor(options: OpenAiProviderOptions) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, fetch: options.fetch, maxRetries: 0, timeout: 24 * 3600_000 });
    this.deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  }

  async *stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    let streamed = false;
    const deadline = new Deadline(this.name, this.deadlines, request.signal);
    let usage: Usage | undefined;
    let finish: FinishReason | undefined;
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: request.model,
          stream: true,
          stream_options: { include_usage: true },
          max_completion_tokens: request.maxOutputTokens,
          temperature: request.temperature,
          // Static instructions first and unchanged between turns: OpenAI caches a stable prefix on its own.
          messages: [
            { role: 'system', content: request.system.static },
            ...(request.system.dynamic ? [{ role: 'system' as const, content: request.system.dynamic }] : []),
            ...toOpenAiMessages(request.messages),
          ],
        },
        { signal: deadline.signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta?.content) {
          if (!streamed) deadline.started();
          streamed = true;
          yield { type: 'delta', text: choice.delta.content };
        }
        if (choice?.finish_reason) finish = choice.finish_reason === 'stop' ? 'stop' : choice.finish_reason === 'length' ? 'length' : 'other';
        if (chunk.usage) {
          usage = {
            inputTokens: chunk.usage.prompt_tokens,
            outputTokens: chunk.usage.completion_tokens,
            cachedInputTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
          };
        }
      }
    } catch (err) {
      throw deadline.reason() ?? toLlmError(err, this.name, streamed);
    } finally {
      deadline.done();
    }
    // An aborted SDK stream may just end: a cancel or a deadline explains a missing ending before a cut does.
    if (!finish || !usage) throw deadline.reason() ?? new LlmError('LLM_STREAM_CUT', 'openai: the stream ended before the reply was complete', { retryable: true, provider: this.name });
    yield { type: 'done', usage, finishReason: finish };
  }
}
