import type { ErrorCode } from '@studio/contracts';

/** HTTP status for each code; the exception filter is the only place that turns codes into HTTP answers. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 400,
  EMAIL_UNAVAILABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  DEPENDENCY_DOWN: 503,
  INTERNAL: 500,
};

/** An error a client may see: a stable code, a message for people, optional details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return STATUS[this.code] ?? 400;
  }

  toBody() {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}
