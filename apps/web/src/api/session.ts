import type { AuthResult } from '@studio/contracts';

/** The signed-in person's tokens, kept in localStorage so a reload (or a new tab) stays signed in. */
export interface Session {
  email: string;
  accessToken: string;
  refreshToken: string;
}

const KEY = 'studio.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(auth: AuthResult): Session {
  const session = { email: auth.user.email, accessToken: auth.accessToken, refreshToken: auth.refreshToken };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
