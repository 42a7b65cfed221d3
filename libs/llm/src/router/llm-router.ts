import { LlmError } from '../llm-error.js';
import { canSeeImages } from '../models.js';
import { type ChatRequest, type FinishReason, hasImages, type LlmProvider, type Usage } from '../provider.js';
import { toLlmError } from '../providers/sdk-errors.js';
import { type BreakerOptions, CircuitBreaker, DEFAULT_BREAKER } from './circuit-breaker.js';
import { PriceTable } from './pricing.js';
import { DEFAULT_RETRY, type RetryOptions, retryDelayMs } from './retry-policy.js';
import type { Route } from './route.js';

export type RouterEvent =
  | { type: 'attempt'; provider: string; model: string; attempt: number }
  | { type: 'retry'; provider: string; model: string; attempt: number; delayMs: number; error: { code: string; message: string } }
  | { type: 'fallback'; from: Route; to: Route; error: { code: string; message: string } }
  /** A route left out of this request: its model cannot see the pictures the request carries. */
  | { type: 'skipped'; provider: string; model: string; reason: 'cannot-see-images' }
  | { type: 'delta'; text: string }
  | { type: 'done'; provider: string; model: string; usage: Usage; finishReason: FinishReason; costUsd: number | null };

export interface RouterOptions {
  retry?: Partial<RetryOptions>;
  breaker?: Partial<BreakerOptions>;
  prices?: PriceTable;
  /** Waits between retries; abortable. Replaceable in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('LLM_CANCELLED', 'cancelled'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new LlmError('LLM_CANCELLED', 'cancelled'));
      },
      { once: true },
    );
  });

const brief = (e: LlmError) => ({ code: e.code, message: e.message });

/**
 * Routes a chat request over the ordered routes of LLM_ROUTE. Before any text has streamed, a retryable
 * failure is retried on the same route (backoff with jitter, `retry-after` honoured), then the next route is
 * tried; a provider whose circuit is open is skipped. Once text has streamed to the user there is no silent
 * fallback: the error is thrown with `partial: true` and the caller decides (continue, or fail the turn).
 */
export class LlmRouter {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly retry: RetryOptions;
  private readonly breakerOptions: BreakerOptions;
  private readonly prices: PriceTable;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly providers: Record<string, LlmProvider>,
    readonly routes: Route[],
    options: RouterOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.breakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
    this.prices = options.prices ?? new PriceTable();
    this.sleep = options.sleep ?? abortableSleep;
  }

  breaker(provider: string): CircuitBreaker {
    let b = this.breakers.get(provider);
    if (!b) this.breakers.set(provider, (b = new CircuitBreaker(this.breakerOptions)));
    return b;
  }

  /** The configured routes with `preferred` (one of them, `provider:model`) moved to the front. */
  routesPreferring(preferred?: string | null): Route[] {
    const first = this.routes.find((r) => `${r.provider}:${r.model}` === preferred);
    return first ? [first, ...this.routes.filter((r) => r !== first)] : this.routes;
  }

  /** Streams over `routes` (default: the configured order); breakers and retries are shared either way. */
  async *stream(request: Omit<ChatRequest, 'model'>, routes: Route[] = this.routes): AsyncGenerator<RouterEvent> {
    if (!routes.length) throw new LlmError('LLM_NOT_CONFIGURED', 'No model is configured: set LLM_ROUTE and the provider keys (README).');
    const usable = yield* this.routesFor(request, routes);
    let lastError: LlmError | null = null;
    for (let r = 0; r < usable.length; r++) {
      const route = usable[r];
      const failure = yield* this.tryRoute(route, request);
      if (!failure) return;
      lastError = failure;
      const next = usable[r + 1];
      if (next) yield { type: 'fallback', from: route, to: next, error: brief(failure) };
    }
    throw lastError!;
  }

  /**
   * The routes that can take this request: with pictures in it, only models that can see them (each one left
   * out is reported, so the turn's audit says why a preferred model was not used). None left is a refusal
   * with its own code, not a fallback through models that would ignore or reject the pictures.
   */
  private async *routesFor(request: Omit<ChatRequest, 'model'>, routes: Route[]): AsyncGenerator<RouterEvent, Route[]> {
    if (!hasImages(request.messages)) return routes;
    const seeing: Route[] = [];
    for (const route of routes) {
      if (canSeeImages(route.model, route.vision)) seeing.push(route);
      else yield { type: 'skipped', provider: route.provider, model: route.model, reason: 'cannot-see-images' };
    }
    if (!seeing.length) {
      const names = routes.map((r) => `${r.provider}:${r.model}`).join(', ');
      throw new LlmError(
        'MODEL_CANNOT_SEE_IMAGES',
        `The message carries pictures and no configured model can see them (${names}); add a vision model to LLM_ROUTE, or mark one with +vision (README).`,
      );
    }
    return seeing;
  }

  /** Streams from one route; returns null when it delivered the reply, or the error that ended it. */
  private async *tryRoute(route: Route, request: Omit<ChatRequest, 'model'>): AsyncGenerator<RouterEvent, LlmError | null> {
    const provider = this.providers[route.provider];
    if (!provider) return new LlmError('LLM_NOT_CONFIGURED', `${route.provider} is in LLM_ROUTE but has no credentials.`);
    const breaker = this.breaker(route.provider);
    let lastError: LlmError | null = null;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (!breaker.allow()) return lastError ?? new LlmError('LLM_UNAVAILABLE', `${route.provider} is failing repeatedly; skipped for now.`, { provider: route.provider });
      yield { type: 'attempt', provider: route.provider, model: route.model, attempt };
      let streamed = false;
      try {
        for await (const event of provider.stream({ ...request, model: route.model })) {
          if (event.type === 'delta') {
            streamed = true;
            yield event;
          } else {
            breaker.success();
            yield { type: 'done', provider: route.provider, model: route.model, usage: event.usage, finishReason: event.finishReason, costUsd: this.prices.cost(route.model, event.usage) };
            return null;
          }
        }
        throw new LlmError('LLM_STREAM_CUT', `${route.provider}: the stream ended without a result`, { provider: route.provider });
      } catch (err) {
        const error = toLlmError(err, route.provider, streamed);
        if (error.code === 'LLM_CANCELLED') throw error;
        // A refused request says nothing about the provider's health (our request, key or model name).
        if (error.code !== 'LLM_REQUEST_REFUSED') breaker.failure();
        if (streamed) throw new LlmError(error.code, error.message, { ...error.options, retryable: false, partial: true });
        lastError = error;
        if (!error.retryable || attempt === this.retry.attempts) return error;
        const retryAfter = error.options.retryAfterMs;
        if (retryAfter !== undefined && retryAfter > this.retry.maxRetryAfterMs) return error;
        const delayMs = retryDelayMs(attempt, this.retry, retryAfter);
        yield { type: 'retry', provider: route.provider, model: route.model, attempt, delayMs, error: brief(error) };
        await this.sleep(delayMs, request.signal);
      }
    }
    return lastError;
  }
}
