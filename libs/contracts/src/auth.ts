import { z } from 'zod';
import { text } from './text.js';

/** Emails are compared case-insensitively: they are stored trimmed and lower-cased. */
export const emailSchema = text()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }).max(254));

/**
 * The one password rule, for sign-up and sign-in alike: every character counts (the API's scrypt reads the
 * whole password), up to 1024 characters so no request makes it hash megabytes. A sign-in with a password
 * outside the rule is 400 VALIDATION_FAILED: no account can have such a password.
 */
export const passwordSchema = text().min(8, { message: 'must be at least 8 characters' }).max(1024, { message: 'must be at most 1024 characters' });

export const registerBodySchema = z.object({ email: emailSchema, password: passwordSchema });
export const loginBodySchema = z.object({ email: emailSchema, password: passwordSchema });
export const refreshBodySchema = z.object({ refreshToken: text().min(1).max(512) });
export const createApiKeyBodySchema = z.object({ name: text().trim().min(1).max(100) });

export type RegisterBody = z.infer<typeof registerBodySchema>;
export type LoginBody = z.infer<typeof loginBodySchema>;
export type RefreshBody = z.infer<typeof refreshBodySchema>;
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;

export interface UserView {
  id: string;
  email: string;
  /** `admin` sees the admin pages (admin.ts); absent in answers made before roles existed means `user`. */
  role?: 'user' | 'admin';
}

export interface AuthResult {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/**
 * The web client's session (README "Security"). With this request header, sign-up, sign-in and refresh
 * answer with HttpOnly cookies and a {@link CookieSessionResult} (no tokens a script could read), refresh
 * reads the refresh token from its cookie, and the header is the CSRF proof of every change the cookie
 * authenticates. Without it the API answers as before: tokens in the body, for scripts.
 */
export const SESSION_MODE_HEADER = 'x-studio-session';
export const SESSION_MODE_COOKIE = 'cookie';

/** What sign-up, sign-in and refresh answer in cookie mode: the tokens travel only in HttpOnly cookies. */
export interface CookieSessionResult {
  user: UserView;
  /** Seconds until the access token (and its cookie) expires. */
  expiresIn: number;
}

export interface ApiKeyCreated {
  id: string;
  name: string;
  /** The whole key, shown this once: only its hash is stored. */
  key: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** API keys are recognisable by their prefix, so a bearer token can be routed to the right check. */
export const API_KEY_PREFIX = 'sk_';
