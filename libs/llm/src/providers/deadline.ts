import { LlmError } from '../llm-error.js';

export interface DeadlineOptions {
  /** No first text within this: LLM_TIMEOUT (a model that accepted the request but never starts). */
  firstTokenMs: number;
  /** The whole reply within this: LLM_TIMEOUT. */
  totalMs: number;
}

export const DEFAULT_DEADLINES: DeadlineOptions = { firstTokenMs: 30_000, totalMs: 300_000 };

/**
 * The timeouts of one model call, and the one signal the SDK gets: it fires on the caller's cancel or on a
 * deadline, and afterwards says which, so a timeout and a cancel are never confused.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly own = new AbortController();
  private firstTimer: NodeJS.Timeout;
  private readonly totalTimer: NodeJS.Timeout;

  constructor(
    private readonly provider: string,
    options: DeadlineOptions,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.own.signal]) : this.own.signal;
    this.firstTimer = setTimeout(() => this.own.abort('first-token'), options.firstTokenMs);
    this.totalTimer = setTimeout(() => this.own.abort('total'), options.totalMs);
  }

  /** Text arrived: the first-token deadline is met. */
  started() {
    clearTimeout(this.firstTimer);
  }

  done() {
    clearTimeout(this.firstTimer);
    clearTimeout(this.totalTimer);
  }

  /** The error to report, if the call ended because of the caller or a deadline; null otherwise. */
  reason(): LlmError | null {
    if (this.callerSignal?.aborted) return new LlmError('LLM_CANCELLED', `${this.provider}: cancelled`, { provider: this.provider });
    if (this.own.signal.aborted) {
      const which = this.own.signal.reason === 'first-token' ? 'no text arrived in time' : 'the reply took too long';
      return new LlmError('LLM_TIMEOUT', `${this.provider}: ${which}`, { retryable: true, provider: this.provider });
    }
    return null;
  }
}
