/**
 * The one interface between the product and any model (docs/ARCHITECTURE.md "libs/llm"). A driver streams text
 * deltas and ends with usage; it is cancelled through the request's AbortSignal. Apps and the worker see
 * only this, never an SDK client.
 */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  /** The static part first (output format, conventions, library): identical across turns, so provider caches hit. */
  system: { static: string; dynamic?: string };
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
