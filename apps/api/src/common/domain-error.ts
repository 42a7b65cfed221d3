import { type ErrorCode, StudioError } from '@studio/contracts';

/** HTTP status for each code; the exception filter is the only place that turns codes into HTTP answers. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  FORBIDDEN_FOR_API_KEY: 403,
  NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 400,
  COMPONENT_NOT_FOUND: 404,
  EXPORT_NOT_FOUND: 404,
  EXPORT_NOT_READY: 409,
  EMAIL_UNAVAILABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 403,
  DEPENDENCY_DOWN: 503,
  INTERNAL: 500,
  PATH_EXISTS: 409,
  FILE_TOO_LARGE: 413,
  PROJECT_TOO_MANY_FILES: 413,
  PROJECT_TOO_LARGE: 413,
  FILE_NOT_FOUND: 404,
  VERSION_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  TURN_NOT_FOUND: 404,
  PREVIEW_NOT_RUNNING: 409,
  PREVIEW_START_FAILED: 502,
  PREVIEW_UNAVAILABLE: 503,
  TURN_FINISHED: 409,
  MODEL_NOT_AVAILABLE: 400,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_URL_REFUSED: 400,
};

/** The HTTP status of any client-facing error (unlisted codes, e.g. every PATH_* rule, are 400). */
export const statusOf = (err: StudioError) => STATUS[err.code] ?? 400;

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
