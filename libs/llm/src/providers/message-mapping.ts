import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { type ChatMessage, imagesOf, textOf } from '../provider.js';

type OpenAiMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type OpenAiUserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;
type AnthropicMessage = Anthropic.Messages.MessageParam;
type AnthropicBlock = Anthropic.Messages.ContentBlockParam;

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
