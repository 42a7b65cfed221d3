import { StudioError } from '@studio/contracts';
import { LlmError } from '../llm-error.js';

/** A `fetch` either SDK accepts in place of its own (their `fetch` client option). */
export type ProviderFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A refusal of the URL itself (a redirect, an internal address) that the fetch threw and the SDK wrapped as a cause. */
function urlRefusal(err: unknown): StudioError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof StudioError && e.code === 'PROVIDER_URL_REFUSED') return e;
  return undefined;
}

/**
 * Maps an error from either official SDK to an LlmError. Both SDKs share the shape: APIError with `status`
 * and `headers`, and subclasses named APIUserAbortError, APIConnectionTimeoutError and APIConnectionError.
 */
export function toLlmError(err: unknown, provider: string, afterText = false): LlmError {
  if (err instanceof LlmError) return err;
  const e = err as { name?: string; status?: number; headers?: Headers | Record<string, string>; message?: string; constructor?: { name?: string } };
  const kind = e?.constructor?.name ?? e?.name ?? '';
  const message = `${provider}: ${e?.message ?? String(err)}`;
  if (kind === 'APIUserAbortError' || e?.name === 'AbortError') return new LlmError('LLM_CANCELLED', message, { provider });
  // Not worth a retry: the same URL is refused again. Its owner must fix the base URL.
  const refusal = urlRefusal(err);
  if (refusal) return new LlmError('LLM_REQUEST_REFUSED', `${provider}: ${refusal.message}`, { provider });
  // Text already reached the user: whatever broke, the reply is cut, and the caller decides what to do.
  if (afterText) return new LlmError('LLM_STREAM_CUT', `${message} (the reply was cut after it had started)`, { retryable: true, provider });
  if (kind === 'APIConnectionTimeoutError') return new LlmError('LLM_TIMEOUT', message, { retryable: true, provider });
  if (kind === 'APIConnectionError') return new LlmError('LLM_UNAVAILABLE', message, { retryable: true, provider });
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status === 429) return new LlmError('LLM_RATE_LIMITED', message, { retryable: true, retryAfterMs: retryAfterMs(e.headers), status, provider });
  if (status !== undefined && (status >= 500 || status === 408)) return new LlmError('LLM_UNAVAILABLE', message, { retryable: true, status, provider });
  if (status !== undefined) return new LlmError('LLM_REQUEST_REFUSED', message, { status, provider });
  return new LlmError('LLM_UNAVAILABLE', message, { retryable: true, provider });
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | Record<string, string> | undefined): number | undefined {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers?.[name]) ?? undefined;
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
