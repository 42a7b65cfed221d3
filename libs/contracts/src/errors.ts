/**
 * Stable error codes. Clients switch on these, so a code is never renamed or reused for another meaning.
 * The HTTP status each maps to lives in the API's exception filter; the gateway puts them in acks.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'INVALID_CREDENTIALS',
  'EMAIL_UNAVAILABLE',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PROJECT_NOT_FOUND',
  'API_KEY_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'DEPENDENCY_DOWN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The JSON every failed REST call answers with. */
export interface ErrorResponse {
  error: ErrorBody;
}
