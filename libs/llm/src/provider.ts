/**
 * The one interface between the product and any model (docs/ARCHITECTURE.md "libs/llm"). A driver streams text
 * deltas and ends with usage; it is cancelled through the request's AbortSignal. Apps and the worker see
 * only this, never an SDK client.
 */

/** The picture formats every vision model we route to accepts; the asset pipeline only produces these. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * A picture inside a message. Width and height travel with the bytes so the context budget can count the
 * image's tokens without decoding it again.
 */
export interface ImagePart {
  type: 'image';
  mediaType: ImageMediaType;
  /** base64, no `data:` prefix: each driver wraps it the way its SDK wants. */
  data: string;
  width: number;
  height: number;
}

export type ContentPart = TextPart | ImagePart;

export interface ChatMessage {
  role: 'user' | 'assistant';
  /** A plain string is the common case (and what every text-only caller passes); parts carry pictures. */
  content: string | ContentPart[];
}

/** True when any message carries a picture: the router then only uses models that can see. */
export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'));
}

/** The text of a message with the pictures left out (summaries, logs, token counts of the text part). */
export function textOf(content: string | readonly ContentPart[]): string {
  if (typeof content === 'string') return content;
  return content
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('\n');
}

/** The pictures of a message, in order. */
export function imagesOf(content: string | readonly ContentPart[]): ImagePart[] {
  if (typeof content === 'string') return [];
  return content.filter((p): p is ImagePart => p.type === 'image');
}

export interface ChatRequest {
  model: string;
  /**
   * The static part first (output format, conventions, library): identical across turns, so provider caches hit.
   * `stableChars`: how much of `dynamic`, from its start, did not change since the previous turn (the files that
   * stayed the same): a provider that caches only up to marked points (Anthropic) marks one there.
   * `durableChars` (≤ `stableChars`): how much of that the next turn will still send when its conversation has
   * grown by this turn's exchange and the budget leaves out the last files; marked too, so the next turn finds it.
   */
  system: { static: string; dynamic?: string; stableChars?: number; durableChars?: number };
  messages: ChatMessage[];
  maxOutputTokens: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'other';

export type StreamEvent = { type: 'delta'; text: string } | { type: 'done'; usage: Usage; finishReason: FinishReason };

export interface LlmProvider {
  /** `openai`, `anthropic`: the name LLM_ROUTE uses. */
  readonly name: string;
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
}
