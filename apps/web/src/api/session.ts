import type { CookieSessionResult } from '@studio/contracts';

/**
 * Who is signed in, for the page to greet and to know to show the app rather than the sign-in form after a
 * reload. It holds no credential: the session itself lives in HttpOnly cookies no script can read (README
 * "Security"); if they have gone, the first call's 401 and a refused refresh sign the page out.
 */
export interface Session {
  email: string;
}

const KEY = 'studio.user';
// Earlier builds kept the tokens themselves here.
const LEGACY_KEY = 'studio.session';

export function loadSession(): Session | null {
  try {
    localStorage.removeItem(LEGACY_KEY);
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    return typeof parsed?.email === 'string' ? { email: parsed.email } : null;
  } catch {
    return null;
  }
}

export function saveSession(auth: CookieSessionResult): Session {
  const session = { email: auth.user.email };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
