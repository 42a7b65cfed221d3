import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Env } from '@studio/config';

/** Seals and opens small secrets stored in the database (a bucket secret, a person's model key): AES-256-GCM. */
export interface SecretBox {
  seal(plain: string): string;
  /**
   * Throws when the sealed text was changed, cut, or sealed under a key this box does not hold (neither
   * SECRETS_KEY nor one of SECRETS_KEY_PREVIOUS).
   */
  open(sealed: string): string;
  /** True when `sealed` is not yet under the current key (`./studio secrets rotate` re-seals those). */
  needsReseal(sealed: string): boolean;
  /** The current key's id, as sealed values name it. */
  readonly keyId: string;
}

/**
 * The sealed forms. `v2:<kid>:<data>` names the key that sealed it (kid: the first 8 hex of the key's SHA-256,
 * which says which key without revealing it), so rotation opens each value with exactly its key. `v1:<data>`
 * (before rotation existed) names none: sites' bucket secrets are stored in that form and are opened by trying
 * the keys in turn, the current one first.
 */
const V1 = 'v1';
const V2 = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed and specific to this use: the same JWT_SECRET derives unrelated keys for anything else.
const HKDF_INFO = 'studio secret-box v1';

type KeyEnv = Pick<Env, 'SECRETS_KEY' | 'SECRETS_KEY_PREVIOUS' | 'JWT_SECRET'>;

const derivedKey = (jwtSecret: string) => Buffer.from(hkdfSync('sha256', jwtSecret, Buffer.alloc(0), HKDF_INFO, 32));

/** SECRETS_KEY when set; otherwise a key derived from JWT_SECRET (never JWT_SECRET itself). */
export function secretsKey(env: Pick<Env, 'SECRETS_KEY' | 'JWT_SECRET'>): Buffer {
  if (env.SECRETS_KEY) return Buffer.from(env.SECRETS_KEY, 'base64');
  return derivedKey(env.JWT_SECRET);
}

/** The id a sealed value names its key by: 8 hex characters of the key's SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * The keys a box opens with, current first: SECRETS_KEY (or the derived key), SECRETS_KEY_PREVIOUS in order, and
 * the key derived from JWT_SECRET, so that setting SECRETS_KEY for the first time is a rotation like any other.
 */
function keyRing(env: KeyEnv): Buffer[] {
  const previous = (env.SECRETS_KEY_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
  const ring: Buffer[] = [];
  for (const key of [secretsKey(env), ...previous, derivedKey(env.JWT_SECRET)]) if (!ring.some((k) => k.equals(key))) ring.push(key);
  return ring;
}

function openWith(key: Buffer, bytes: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  // final() throws when the tag does not match: a changed byte anywhere, or another key.
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

function sealedBytes(body: string | undefined): Buffer {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Not a sealed secret');
  return bytes;
}

export function secretBox(env: KeyEnv): SecretBox {
  const ring = keyRing(env);
  const current = ring[0];
  const byId = new Map(ring.map((k) => [keyIdOf(k), k]));
  const keyId = keyIdOf(current);
  return {
    keyId,
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${V2}:${keyId}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
    },
    open(sealed) {
      const parts = sealed.split(':');
      if (parts[0] === V2 && parts.length === 3) {
        const key = byId.get(parts[1]);
        if (!key) throw new Error(`Sealed under key ${parts[1]}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
        return openWith(key, sealedBytes(parts[2]));
      }
      if (parts[0] !== V1 || parts.length !== 2) throw new Error('Not a sealed secret');
      const bytes = sealedBytes(parts[1]);
      for (const key of ring) {
        try {
          return openWith(key, bytes);
        } catch {
          // Not this key (or changed): the next one, and the error below when none opens it.
        }
      }
      throw new Error('The sealed secret was changed, or sealed under a key that is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS');
    },
    needsReseal(sealed) {
      return !sealed.startsWith(`${V2}:${keyId}:`);
    },
  };
}
