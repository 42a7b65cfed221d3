import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export const randomToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Refresh tokens and API keys are high-entropy, so SHA-256 is enough to store them (no slow hash needed). */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
