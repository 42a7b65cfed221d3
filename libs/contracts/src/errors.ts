/** The path rules' codes (libs/files `checkPath`): the file store, the API and the reply parser report them alike. */
export const PATH_ERROR_CODES = [
  'PATH_EMPTY',
  'PATH_TOO_LONG',
  'PATH_ABSOLUTE',
  'PATH_TRAVERSAL',
  'PATH_BACKSLASH',
  'PATH_CONTROL_CHARACTER',
  'PATH_NOT_NORMALIZED',
  'PATH_FORBIDDEN_DIRECTORY',
  'PATH_EXTENSION_NOT_ALLOWED',
] as const;

/**
 * Stable error codes. Clients switch on these, so a code is never renamed or reused for another meaning.
 * This is the one list: every other set of codes (the reply parser's, the model's) is a subset of it, typed
 * with `Extract<ErrorCode, ...>`; the path rules' codes, needed at run time, are spread into it. The HTTP
 * status of each is in the API (apps/api/src/common/error-status.ts, a record over every code); the gateway
 * puts them in acks.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'INVALID_CREDENTIALS',
  'EMAIL_UNAVAILABLE',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'FORBIDDEN',
  // A change authenticated by the session cookie without the web client's header, or from another origin.
  'CSRF_FAILED',
  // Something only a signed-in person may do (an API key cannot create API keys).
  'FORBIDDEN_FOR_API_KEY',
  'NOT_FOUND',
  'PROJECT_NOT_FOUND',
  'API_KEY_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  // A per-user cap a real user never reaches (projects, previews serving at once): details say which and the limit.
  'QUOTA_EXCEEDED',
  'PAYLOAD_TOO_LARGE',
  // A request body that did not arrive within HTTP_BODY_TIMEOUT_MS.
  'REQUEST_TIMEOUT',
  'DEPENDENCY_DOWN',
  'INTERNAL',
  // The file store (libs/files): one code per path rule and limit, so a client can say exactly what is wrong.
  ...PATH_ERROR_CODES,
  'PATH_EXISTS',
  'FILE_TOO_LARGE',
  'PROJECT_TOO_MANY_FILES',
  'PROJECT_TOO_LARGE',
  'FILE_NOT_FOUND',
  'VERSION_NOT_FOUND',
  'VERSION_CONFLICT',
  // Chat turns: the turn itself.
  'TURN_NOT_FOUND',
  'TURN_FINISHED',
  'TURN_INTERRUPTED',
  'MODEL_NOT_AVAILABLE',
  // The model (libs/llm), as a turn reports them.
  'LLM_NOT_CONFIGURED',
  'LLM_RATE_LIMITED',
  'LLM_UNAVAILABLE',
  'LLM_TIMEOUT',
  'LLM_CANCELLED',
  'LLM_STREAM_CUT',
  'LLM_REQUEST_REFUSED',
  // Why a change the model wrote was refused (the turn goes on without it).
  'CODE_BLOCK_TRUNCATED',
  'CODE_BLOCK_UNCLOSED',
  'UNKNOWN_ACTION',
  'RENAME_WITHOUT_TO',
  'INSERT_WITHOUT_COMPONENT',
  'PATCH_MALFORMED',
  'EMPTY_CODE_BLOCK',
  'CONTENT_TOO_LARGE',
  'PATCH_NO_MATCH',
  'PATCH_AMBIGUOUS',
  'PATCH_EMPTY_SEARCH',
  'SYNTAX_ERROR',
  'IMPORT_UNRESOLVED',
  'IMPORT_NOT_AVAILABLE',
  'IMPORT_BROKEN',
  'DANGEROUS_CODE',
  'PROTECTED_FILE',
  'COMPONENT_NOT_FOUND',
  // TypeScript sees a mistake that breaks the page at run time (missing export, undeclared name, wrong props...).
  'TYPE_ERROR',
  // The page did not render in the platform's own load of the preview, even after the repair round.
  'RENDER_FAILED',
  'PREVIEW_NOT_RUNNING',
  'PREVIEW_START_FAILED',
  'PREVIEW_UNAVAILABLE',
  // The preview origin's proxy (its answers carry the code in `X-Studio-Error`).
  'PREVIEW_ACCESS_DENIED',
  'PREVIEW_LINK_INVALID',
  'PREVIEW_LINK_USED',
  'PREVIEW_SESSION_REVOKED',
  'PREVIEW_TIMEOUT',
  'EXPORT_NOT_FOUND',
  'EXPORT_NOT_READY',
  'EXPORT_BUILD_FAILED',
  'EXPORT_FAILED',
  'WEBHOOK_NOT_FOUND',
  'WEBHOOK_URL_REFUSED',
  // Uploads and assets (libs/contracts assets.ts): the request, then what the worker found in the bytes.
  'UPLOAD_NOT_FOUND',
  'UPLOAD_EXPIRED',
  // Completed before the bytes were in the object store.
  'UPLOAD_INCOMPLETE',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_TYPE_NOT_ALLOWED',
  // The bytes are not what the upload declared (magic bytes of another format, or of none we take).
  'ASSET_TYPE_MISMATCH',
  // An image whose pixel count is past the decompression limit (a "bomb": small file, huge canvas).
  'IMAGE_TOO_LARGE',
  // The bytes claim the right format but cannot be read as it (truncated, corrupt, an SVG that is not XML).
  'ASSET_UNREADABLE',
  'ASSET_NOT_FOUND',
  // The person's stored bytes (assets and chat pictures) would pass USER_STORAGE_QUOTA_BYTES.
  'STORAGE_QUOTA_EXCEEDED',
  // A message with pictures and no model on the route that can see them.
  'MODEL_CANNOT_SEE_IMAGES',
  // Sites and publishing (libs/contracts sites.ts).
  'SITE_NOT_FOUND',
  'SLUG_TAKEN',
  'DEPLOYMENT_NOT_FOUND',
  // Rollback to a deployment that is not ready (still building, or failed).
  'DEPLOYMENT_NOT_READY',
  // The version does not build; the live site is untouched.
  'PUBLISH_BUILD_FAILED',
  // The build succeeded but storing or activating it failed after the last retry (the store, the person's bucket).
  'PUBLISH_FAILED',
  // The person's bucket refused the credentials or the write.
  'PUBLISH_TARGET_REFUSED',
  'DOMAIN_NOT_FOUND',
  // The domain is one of the platform's own (under SITES_DOMAIN, PREVIEW_DOMAIN, the API's host).
  'DOMAIN_NOT_ALLOWED',
  'DOMAIN_ALREADY_ADDED',
  // The TXT record is missing or holds another value (details say what the resolver found).
  'DOMAIN_NOT_VERIFIED',
  // A form post the site's endpoint does not take: unknown form name, bad body, too many fields.
  'FORM_INVALID',
  'FORM_TOO_LARGE',
  // The honeypot field was filled: a bot.
  'FORM_REJECTED',
  'FORM_RATE_LIMITED',
  // A published site answers GET and HEAD (and POST on its form endpoint); nothing else.
  'METHOD_NOT_ALLOWED',
  // Edits on the page (libs/contracts page-edits.ts): the element at the location no longer shows what the
  // person saw (the file changed since the preview rendered it).
  'EDIT_LOCATION_STALE',
  // The text or value comes from an expression the edit cannot rewrite safely (computed, or not a literal).
  'EDIT_NOT_EDITABLE',
  // The text is a literal in more than one place the element could have taken it from.
  'EDIT_AMBIGUOUS',
  // The new value is not allowed there (a `javascript:` link, a line break in a heading, too long).
  'EDIT_VALUE_REFUSED',
  // Usage and budgets (libs/contracts usage.ts): the turn's estimate passes what is left of the month's budget
  // (details: BudgetExceededDetails). Refused before the turn starts; nothing is spent.
  'BUDGET_EXCEEDED',
  // A running turn's cost reached TURN_MAX_COST_USD: it stopped, nothing of it was committed.
  'TURN_COST_CAP_REACHED',
  // Bring your own key (provider-keys.ts).
  'PROVIDER_KEY_NOT_FOUND',
  // The person's own key was refused by its provider (401, no quota...): details carry the provider's reason, masked.
  'PROVIDER_KEY_FAILED',
  // The key's base URL is not an address the platform calls out to (the webhooks' address policy).
  'PROVIDER_URL_REFUSED',
  // Accounts and admin (admin.ts).
  'ACCOUNT_DISABLED',
  'ADMIN_ONLY',
  'USER_NOT_FOUND',
  'JOB_NOT_FOUND',
  // An admin's change that would leave no admin (taking the role from oneself, disabling oneself).
  'LAST_ADMIN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type PathErrorCode = (typeof PATH_ERROR_CODES)[number];

/** Whether a value (e.g. the `code` of a caught error) is one of the path rules' codes. */
export const isPathErrorCode = (value: unknown): value is PathErrorCode => PATH_ERROR_CODES.some((code) => code === value);

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The JSON every failed REST call answers with. */
export interface ErrorResponse {
  error: ErrorBody;
}

/**
 * An error meant for a client: a stable code, a message for people, optional details. Libs throw it; only
 * the API's exception filter turns it into an HTTP answer and the gateway into an ack.
 */
export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StudioError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
