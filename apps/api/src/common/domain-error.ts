import { StudioError } from '@studio/contracts';

/** The API's own client-facing errors; libs throw StudioError, which the filter treats alike. */
export class DomainError extends StudioError {}

export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many attempts; try again in ${retryAfterSeconds} s.`,
    details: Record<string, unknown> = {},
  ) {
    super('RATE_LIMITED', message, { ...details, retryAfterSeconds });
  }
}
