export interface RetryOptions {
  /** Attempts per route before the next route is tried. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the next route is tried instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 20_000 };

/**
 * Delay before retry `attempt` (1-based): exponential backoff with full jitter, so many workers retrying at
 * once do not hit the provider together; a provider's `retry-after` is honoured as the floor.
 */
export function retryDelayMs(attempt: number, options: RetryOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * backoff);
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}
