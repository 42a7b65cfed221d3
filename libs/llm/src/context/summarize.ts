import { type ChatMessage, imagesOf, textOf } from '../provider.js';
import type { LlmRouter } from '../router/llm-router.js';
import type { ConversationSummary } from './context-builder.js';

const INSTRUCTIONS = `You condense a conversation between a person and an assistant that builds their landing page.
Keep what later turns need: the person's goals, brand, tone, decisions made, requests still open, and what
was changed in which files. Drop pleasantries and code. At most 200 words, plain text.`;

/**
 * Condenses the older part of a conversation (a cheap model call, through its own route): the previous
 * summary plus the messages it did not cover yet. The caller caches the result per project.
 */
export async function summarizeConversation(router: Pick<LlmRouter, 'stream'>, older: ChatMessage[], previous?: ConversationSummary, signal?: AbortSignal): Promise<ConversationSummary> {
  const fresh = older.slice(previous?.coversMessages ?? 0);
  // The summary model need not see pictures (it may not be able to): it is told that there were some.
  const pictures = (m: ChatMessage) => (imagesOf(m.content).length ? ` [${imagesOf(m.content).length} picture(s) attached]` : '');
  const transcript = fresh.map((m) => `${m.role === 'user' ? 'Person' : 'Assistant'}: ${textOf(m.content)}${pictures(m)}`).join('\n\n');
  const content = `${previous ? `Summary so far:\n${previous.text}\n\nNew messages:\n` : ''}${transcript}`;
  let text = '';
  for await (const event of router.stream({ system: { static: INSTRUCTIONS }, messages: [{ role: 'user', content }], maxOutputTokens: 400, signal })) {
    if (event.type === 'delta') text += event.text;
  }
  return { text: text.trim(), coversMessages: older.length };
}
