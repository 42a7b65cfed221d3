import type { PromptUsage } from './prompt-cache.js';
import type { ReplyStep } from './scenario.js';

/** Server-sent-event frames of the two streaming protocols, as the official SDKs read them. */
export interface ProtocolFrames {
  start(): string[];
  delta(text: string): string;
  finish(): string[];
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/**
 * The usage a reply reports. A scenario that scripts its input gets exactly that (plus its pictures) and its
 * scripted cached tokens; otherwise the prompt as counted and cached by the server (`prompt`).
 */
export function usageOf(s: ReplyStep, prompt: PromptUsage, imageTokens: number): PromptUsage & { output: number } {
  const output = s.usage?.output ?? Math.max(1, Math.ceil(s.reply.length / 4));
  if (s.usage?.input !== undefined) return { input: s.usage.input + imageTokens, cached: s.usage.cached ?? 0, created: 0, output };
  if (s.usage?.cached !== undefined) return { input: prompt.input, cached: Math.min(s.usage.cached, prompt.input), created: 0, output };
  return { ...prompt, output };
}

/** OpenAI chat completions (`data:` chunks, usage in a last chunk with no choices, then `[DONE]`); `prompt_tokens` includes the cached ones. */
export function openAiFrames(model: string, s: ReplyStep, u: PromptUsage & { output: number }): ProtocolFrames {
  const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 0, model };
  return {
    start: () => [sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })],
    delta: (text) => sse({ ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] }),
    finish: () => [
      sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: s.finish ?? 'stop' }] }),
      sse({ ...base, choices: [], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output, prompt_tokens_details: { cached_tokens: u.cached } } }),
      sse('[DONE]'),
    ],
  };
}

/** Anthropic messages (named events from message_start to message_stop); `input_tokens` is what the cache did not serve or take. */
export function anthropicFrames(model: string, s: ReplyStep, u: PromptUsage & { output: number }): ProtocolFrames {
  return {
    start: () => [
      sse(
        {
          type: 'message_start',
          message: {
            id: 'msg_scripted',
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: u.input - u.cached - u.created, output_tokens: 1, cache_read_input_tokens: u.cached, cache_creation_input_tokens: u.created },
          },
        },
        'message_start',
      ),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    ],
    delta: (text) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta'),
    finish: () => [
      sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      sse({ type: 'message_delta', delta: { stop_reason: s.finish === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null }, usage: { output_tokens: u.output } }, 'message_delta'),
      sse({ type: 'message_stop' }, 'message_stop'),
    ],
  };
}
