import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Password hashing: scrypt, which reads the whole password (bcrypt reads 72 bytes) and runs on libuv's thread
 * pool (bcryptjs runs on the event loop). Hashes are self-describing, `scrypt$N$r$p$salt$hash` (base64url), so
 * the cost can rise later and old hashes still verify; bcrypt hashes of older accounts verify too and are
 * replaced at their next successful sign-in (`rehash`).
 */

// N=2^15, r=8, p=1: 32 MiB and ~0.1 s of one core per hash (above scrypt's interactive setting, N=2^14); the
// encoded form carries the settings, so raising them later re-hashes each account at its next sign-in.
const CURRENT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Bounds on what a stored hash may ask for, so a corrupted row cannot make one sign-in eat the machine.
const MAX_N = 2 ** 20;
const MAX_RP = 64;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const derive = (password: string, salt: Buffer, { N, r, p }: ScryptParams, bytes: number) =>
  new Promise<Buffer>((resolve, reject) =>
    // scrypt needs 128·N·r bytes; the default cap (32 MiB) is exactly that for our settings, so give it room.
    scrypt(password.normalize('NFC'), salt, bytes, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key))),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT, KEY_BYTES);
  return ['scrypt', CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface PasswordCheck {
  ok: boolean;
  /** The password was right but its hash is an old kind or cost: store a fresh `hashPassword` of it. */
  rehash: boolean;
}

// Compared against when the email is unknown, so a failed sign-in costs the same whether or not the account
// exists (the answer must not tell). Made once, on first use.
let unknownUserHash: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | undefined): Promise<PasswordCheck> {
  if (stored === undefined) {
    await verifyScrypt(password, await (unknownUserHash ??= hashPassword(randomBytes(18).toString('base64url'))));
    return { ok: false, rehash: false };
  }
  if (stored.startsWith('scrypt$')) {
    const check = await verifyScrypt(password, stored);
    return { ok: check.ok, rehash: check.ok && !check.current };
  }
  if (/^\$2[aby]\$/.test(stored)) {
    // bcrypt ignores everything past 72 bytes: a longer password is not the one that was registered.
    const ok = (await bcrypt.compare(password, stored)) && Buffer.byteLength(password, 'utf8') <= 72;
    return { ok, rehash: ok };
  }
  return { ok: false, rehash: false };
}

async function verifyScrypt(password: string, stored: string): Promise<{ ok: boolean; current: boolean }> {
  const parsed = parseScrypt(stored);
  if (!parsed) return { ok: false, current: false };
  const key = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return {
    ok: timingSafeEqual(key, parsed.hash),
    current: parsed.N === CURRENT.N && parsed.r === CURRENT.r && parsed.p === CURRENT.p && parsed.hash.length === KEY_BYTES,
  };
}

function parseScrypt(stored: string): (ScryptParams & { salt: Buffer; hash: Buffer }) | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v) ? Number(v) : NaN));
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!(N > 1 && N <= MAX_N && powerOfTwo && r >= 1 && r <= MAX_RP && p >= 1 && p <= MAX_RP)) return null;
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}
