import type { AuthResult, ErrorBody } from '@studio/contracts';
import { clearSession, loadSession, saveSession } from './session';

/** A failed call, with the API's stable code and its message for people (API.md "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Called when the session is gone for good (refresh refused): the app shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void) => (onSignedOut = fn);

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? `The server answered ${res.status}.`, e?.details);
}

// One refresh at a time: several calls failing together share it.
let refreshing: Promise<boolean> | null = null;
async function refresh(): Promise<boolean> {
  const session = loadSession();
  if (!session) return false;
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) })
    .then(async (res) => {
      if (!res.ok) return false;
      saveSession((await res.json()) as AuthResult);
      return true;
    })
    .catch(() => false)
    .finally(() => (refreshing = null));
  return refreshing;
}

/** A raw call with the session's token; a 401 refreshes the token once and tries again. */
export async function request(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
  const token = loadSession()?.accessToken;
  const res = await fetch(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && token && !retried) {
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

/** Signs up or in (no token needed); the session is saved. */
export async function authenticate(kind: 'register' | 'login', email: string, password: string) {
  const res = await fetch(`/api/auth/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw await errorOf(res);
  return saveSession((await res.json()) as AuthResult);
}
