import bcrypt from 'bcryptjs';
import { hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with scrypt in a self-describing form, salted', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('reads the whole password: a 72-byte prefix, or the password plus a suffix, is wrong', async () => {
    const password = 'p'.repeat(72) + '-the-rest-counts';
    const hash = await hashPassword(password);
    expect(await verifyPassword(password, hash)).toEqual({ ok: true, rehash: false });
    expect((await verifyPassword(password.slice(0, 72), hash)).ok).toBe(false);
    expect((await verifyPassword(`${password}x`, hash)).ok).toBe(false);
  });

  it('verifies an old bcrypt hash and asks for a rehash; past 72 bytes it is refused', async () => {
    const password = 'q'.repeat(72);
    const old = bcrypt.hashSync(password, 4);
    expect(await verifyPassword(password, old)).toEqual({ ok: true, rehash: true });
    expect(await verifyPassword(`${password}suffix`, old)).toEqual({ ok: false, rehash: false });
    expect(await verifyPassword('wrong', old)).toEqual({ ok: false, rehash: false });
  });

  it('asks for a rehash of an scrypt hash made with other settings', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const weaker = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync('pw-weaker-one', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
    expect(await verifyPassword('pw-weaker-one', weaker)).toEqual({ ok: true, rehash: true });
  });

  it('an unknown user (no hash) and a malformed or greedy hash never verify', async () => {
    expect(await verifyPassword('anything-at-all', undefined)).toEqual({ ok: false, rehash: false });
    for (const bad of [
      '',
      'plain',
      'scrypt$x$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      'scrypt$1048576000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      'scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
    ]) {
      expect(await verifyPassword('anything-at-all', bad)).toEqual({ ok: false, rehash: false });
    }
  });
});
