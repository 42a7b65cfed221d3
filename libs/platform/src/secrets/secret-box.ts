import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Env } from '@studio/config';

/** Seals and opens small secrets stored in the database (a person's bucket secret): AES-256-GCM. */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the sealed text was changed, cut, or sealed under another key. */
  open(sealed: string): string;
}

/** The sealed form's version, so a later key or algorithm can sit beside this one. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed and specific to this use: the same JWT_SECRET derives unrelated keys for anything else.
const HKDF_INFO = 'studio secret-box v1';

/** SECRETS_KEY when set; otherwise a key derived from JWT_SECRET (never JWT_SECRET itself). */
export function secretsKey(env: Pick<Env, 'SECRETS_KEY' | 'JWT_SECRET'>): Buffer {
  if (env.SECRETS_KEY) return Buffer.from(env.SECRETS_KEY, 'base64');
  return Buffer.from(hkdfSync('sha256', env.JWT_SECRET, Buffer.alloc(0), HKDF_INFO, 32));
}

export function secretBox(env: Pick<Env, 'SECRETS_KEY' | 'JWT_SECRET'>): SecretBox {
  const key = secretsKey(env);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, body, ...rest] = sealed.split(':');
      if (version !== VERSION || body === undefined || rest.length) throw new Error('Not a sealed secret');
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      // final() throws when the tag does not match: a changed byte anywhere, or another key.
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
