import type { CookieSessionResult, ErrorBody, ErrorCode } from '@studio/contracts';
import { clearSession, saveSession } from './session';

/**
 * Every call asks for the cookie session (libs/contracts SESSION_MODE_HEADER): sign-in answers with HttpOnly
 * cookies rather than tokens, and on a change the header is the CSRF proof the API wants with the cookie.
 * The browser sends the cookies by itself (same origin); no token is ever in reach of a script.
 */
const SESSION_HEADERS = { 'x-studio-session': 'cookie' };

/** A failed call, with the API's stable code and its message for people (docs/API.md "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's code; `HTTP_<status>` when the answer was not the API's JSON (e.g. a proxy's error page). */
    readonly code: ErrorCode | `HTTP_${number}`,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** What to show for a failed call: an ApiError's message for people, or whatever else went wrong. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Called when the session is gone for good (refresh refused): the app shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void) => (onSignedOut = fn);

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `The server answered ${res.status}.`, e?.details);
}

// One refresh at a time: several calls failing together share it. The refresh token is its own cookie.
let refreshing: Promise<boolean> | null = null;
async function refresh(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', headers: SESSION_HEADERS })
    .then((res) => res.ok)
    .catch(() => false)
    .finally(() => (refreshing = null));
  return refreshing;
}

/**
 * A raw call with the session's cookie; a 401 refreshes the session once and tries again. A Blob body goes as
 * its bytes (a file written through `PUT …/files/raw`), anything else as JSON.
 */
export async function request(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
  const json = body !== undefined && !(body instanceof Blob);
  const res = await fetch(path, {
    method,
    headers: { ...SESSION_HEADERS, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: body instanceof Blob ? body : json ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401 && !retried) {
    if (await refresh()) return request(method, path, body, true);
    clearSession();
    onSignedOut();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** A JSON call. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Signs up or in; the API sets the session cookies and says who signed in. */
export async function authenticate(kind: 'register' | 'login', email: string, password: string) {
  const res = await fetch(`/api/auth/${kind}`, { method: 'POST', headers: { ...SESSION_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw await errorOf(res);
  return saveSession((await res.json()) as CookieSessionResult);
}

/** Ends the session on the server (its cookies are cleared there), then forgets who was signed in. */
export async function signOut(): Promise<void> {
  await request('POST', '/api/auth/logout').catch(() => undefined);
  clearSession();
}
