export type LlmErrorCode =
  | 'LLM_NOT_CONFIGURED'
  | 'LLM_RATE_LIMITED'
  | 'LLM_UNAVAILABLE'
  | 'LLM_TIMEOUT'
  | 'LLM_CANCELLED'
  /** The stream stopped before the provider said it was done (a cut connection mid-reply). */
  | 'LLM_STREAM_CUT'
  /** The provider refused the request itself (bad model name, bad key): retrying will not help. */
  | 'LLM_REQUEST_REFUSED';

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
