import { z } from 'zod';

/** Emails are compared case-insensitively: they are stored trimmed and lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }).max(254));

/** Bcrypt reads at most 72 bytes, so longer passwords would be silently truncated: refuse them instead. */
export const passwordSchema = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, { message: 'must be at most 72 bytes' });

export const registerBodySchema = z.object({ email: emailSchema, password: passwordSchema });
export const loginBodySchema = z.object({ email: emailSchema, password: z.string().min(1).max(1024) });
export const refreshBodySchema = z.object({ refreshToken: z.string().min(1).max(512) });
export const createApiKeyBodySchema = z.object({ name: z.string().trim().min(1).max(100) });

export type RegisterBody = z.infer<typeof registerBodySchema>;
export type LoginBody = z.infer<typeof loginBodySchema>;
export type RefreshBody = z.infer<typeof refreshBodySchema>;
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;

export interface UserView {
  id: string;
  email: string;
}

export interface AuthResult {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
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
