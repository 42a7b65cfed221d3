import type { ErrorCode } from '@studio/contracts';

/**
 * How a model call fails, a subset of the one error list (a turn reports these codes as they are).
 * LLM_STREAM_CUT: the stream stopped before the provider said it was done (a cut connection mid-reply).
 * LLM_REQUEST_REFUSED: the provider refused the request itself (bad model name, bad key): retrying will not help.
 * MODEL_CANNOT_SEE_IMAGES: the request carries pictures and no model of the route can see them.
 */
export type LlmErrorCode = Extract<
  ErrorCode,
  'LLM_NOT_CONFIGURED' | 'LLM_RATE_LIMITED' | 'LLM_UNAVAILABLE' | 'LLM_TIMEOUT' | 'LLM_CANCELLED' | 'LLM_STREAM_CUT' | 'LLM_REQUEST_REFUSED' | 'MODEL_CANNOT_SEE_IMAGES'
>;

/** A model failure with a stable code; `retryable` says whether the router may try again. */
export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; status?: number; provider?: string; partial?: boolean } = {},
  ) {
    super(message);
    this.name = 'LlmError';
  }

  /** True when text had already streamed to the user before the failure: the caller decides what to do. */
  get partial(): boolean {
    return this.options.partial ?? false;
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}
