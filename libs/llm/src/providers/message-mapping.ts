import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { type ChatMessage, type ChatRequest, imagesOf, textOf } from '../provider.js';

type OpenAiMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type OpenAiUserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;
type AnthropicMessage = Anthropic.Messages.MessageParam;
type AnthropicBlock = Anthropic.Messages.ContentBlockParam;
type AnthropicSystemBlock = Anthropic.Messages.TextBlockParam;

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * Our messages as chat-completions messages. Pictures become `image_url` parts with a data URL, in the
 * order the caller gave them; an assistant message can only hold text there, so its pictures (none in
 * practice: models do not answer with pictures) are left out rather than refused.
 */
export function toOpenAiMessages(messages: readonly ChatMessage[]): OpenAiMessage[] {
  return messages.map((m): OpenAiMessage => {
    if (typeof m.content === 'string') return { role: m.role, content: m.content };
    if (m.role === 'assistant') return { role: 'assistant', content: textOf(m.content) };
    const parts = m.content.map(
      (p): OpenAiUserPart => (p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: { url: `data:${p.mediaType};base64,${p.data}`, detail: 'auto' } }),
    );
    return { role: 'user', content: parts };
  });
}

/**
 * Our messages as Anthropic messages. Pictures go before the text of their message, as Anthropic advises
 * (the model reads the picture, then the question about it); assistant pictures are left out as above.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicMessage[] {
  return messages.map((m): AnthropicMessage => {
    if (typeof m.content === 'string') return { role: m.role, content: m.content };
    const text = textOf(m.content);
    if (m.role === 'assistant') return { role: 'assistant', content: text };
    const blocks: AnthropicBlock[] = imagesOf(m.content).map((p) => ({ type: 'image', source: { type: 'base64', media_type: p.mediaType, data: p.data } }));
    // An empty text block is refused by the API; a picture alone is a valid message.
    if (text) blocks.push({ type: 'text', text });
    return { role: 'user', content: blocks };
  });
}

/**
 * The system prompt as Anthropic text blocks, each part that may be served from cache on the next request ending
 * at a breakpoint: the static prompt, the head of `dynamic` the next turn will still send (`durableChars`), the
 * unchanged head (`stableChars`), and the rest (the same again in a continuation or a repair) when a breakpoint is
 * left for it: Anthropic takes four, and the conversation's (`withHistoryBreakpoint`) covers the rest there.
 */
export function anthropicSystem(system: ChatRequest['system']): AnthropicSystemBlock[] {
  const blocks: AnthropicSystemBlock[] = [{ type: 'text', text: system.static, cache_control: EPHEMERAL }];
  const dynamic = system.dynamic ?? '';
  const clamp = (n: number | undefined) => Math.max(0, Math.min(n ?? 0, dynamic.length));
  const stable = clamp(system.stableChars);
  const durable = Math.min(clamp(system.durableChars), stable);
  const cuts = [...new Set([0, durable, stable, dynamic.length])].sort((a, b) => a - b);
  for (let i = 1; i < cuts.length; i++) {
    const text = dynamic.slice(cuts[i - 1], cuts[i]);
    // An empty text block is refused by the API; the one after the last mark is marked only if one is left.
    const marked = cuts[i] !== dynamic.length || blocks.length < 3;
    blocks.push(marked ? { type: 'text', text, cache_control: EPHEMERAL } : { type: 'text', text });
  }
  return blocks;
}

/**
 * The last breakpoint: the end of the conversation before the newest message, which the next request (the
 * next turn, a continuation, a repair) starts with again.
 */
export function withHistoryBreakpoint(messages: AnthropicMessage[]): AnthropicMessage[] {
  if (messages.length < 2) return messages;
  const at = messages.length - 2;
  const m = messages[at];
  const blocks: AnthropicBlock[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : [...m.content];
  const last = blocks.at(-1);
  // Text and image blocks take a breakpoint; an empty text block is refused, so such a message goes unmarked.
  if (!last || (last.type === 'text' && !last.text) || (last.type !== 'text' && last.type !== 'image')) return messages;
  blocks[blocks.length - 1] = { ...last, cache_control: EPHEMERAL };
  return messages.map((x, i) => (i === at ? ({ ...m, content: blocks } as AnthropicMessage) : x));
}
