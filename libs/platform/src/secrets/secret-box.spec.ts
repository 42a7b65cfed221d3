import { createCipheriv, randomBytes } from 'node:crypto';
import { keyIdOf, secretBox, secretsKey } from './secret-box.js';

const JWT_SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';

describe('secretBox', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const box = secretBox({ JWT_SECRET });
    const a = box.seal('made-up/secret+for-the-box "quoted" é');
    const b = box.seal('made-up/secret+for-the-box "quoted" é');
    expect(a).toMatch(/^v2:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('made-up/secret');
    expect(box.open(a)).toBe('made-up/secret+for-the-box "quoted" é');
    expect(box.open(b)).toBe('made-up/secret+for-the-box "quoted" é');
  });

  it('uses SECRETS_KEY when set, so a box derived from JWT_SECRET cannot open it', () => {
    const keyed = secretBox({ JWT_SECRET, SECRETS_KEY: randomBytes(32).toString('base64') });
    const sealed = keyed.seal('secret');
    expect(keyed.open(sealed)).toBe('secret');
    expect(() => secretBox({ JWT_SECRET }).open(sealed)).toThrow();
  });

  it('refuses another JWT_SECRET', () => {
    const sealed = secretBox({ JWT_SECRET }).seal('secret');
    expect(() => secretBox({ JWT_SECRET: `${JWT_SECRET}-rotated` }).open(sealed)).toThrow();
  });

  it('throws on any changed byte, a cut, or a foreign form', () => {
    const box = secretBox({ JWT_SECRET });
    const sealed = box.seal('a bucket secret');
    const [, kid, body] = sealed.split(':');
    const bytes = Buffer.from(body, 'base64url');
    for (const at of [0, 13, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 1;
      expect(() => box.open(`v2:${kid}:${changed.toString('base64url')}`)).toThrow();
      expect(() => box.open(`v1:${changed.toString('base64url')}`)).toThrow();
    }
    expect(() => box.open(`v2:${kid}:${bytes.subarray(0, 20).toString('base64url')}`)).toThrow('Not a sealed secret');
    expect(() => box.open(`v2:${body}`)).toThrow('Not a sealed secret');
    expect(() => box.open(`v3:${kid}:${body}`)).toThrow('Not a sealed secret');
    expect(() => box.open('plain text')).toThrow('Not a sealed secret');
  });

  describe('rotation', () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const before = secretBox({ JWT_SECRET, SECRETS_KEY: oldKey });
    const after = secretBox({ JWT_SECRET, SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: ` ${randomBytes(32).toString('base64')}, ${oldKey}` });

    /** A value in the form sealed before rotation existed: `v1:` under the given key. */
    const sealV1 = (key: Buffer, plain: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
    };

    it('names the key that sealed a value, and opens it with a previous key after rotation', () => {
      const sealed = before.seal('sk-live-old');
      expect(sealed.split(':')[1]).toBe(keyIdOf(Buffer.from(oldKey, 'base64')));
      expect(after.open(sealed)).toBe('sk-live-old');
      expect(after.needsReseal(sealed)).toBe(true);
      expect(before.needsReseal(sealed)).toBe(false);
    });

    it('re-seals under the current key: the old box can no longer open it, the new one needs nothing more', () => {
      const resealed = after.seal(after.open(before.seal('sk-live-old')));
      expect(resealed.split(':')[1]).toBe(after.keyId);
      expect(after.needsReseal(resealed)).toBe(false);
      expect(after.open(resealed)).toBe('sk-live-old');
      expect(() => before.open(resealed)).toThrow(`Sealed under key ${after.keyId}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
    });

    it('fails clearly for a key id it does not hold, and once the old key is dropped', () => {
      const sealed = before.seal('sk-live-old');
      const dropped = secretBox({ JWT_SECRET, SECRETS_KEY: newKey });
      expect(() => dropped.open(sealed)).toThrow(/^Sealed under key [0-9a-f]{8}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS$/);
      expect(() => after.open(sealed.replace(/^v2:[0-9a-f]{8}:/, 'v2:00000000:'))).toThrow('Sealed under key 00000000');
    });

    it('a value sealed under one key and relabelled with another key id fails the tag check', () => {
      const sealed = before.seal('sk-live-old');
      expect(() => after.open(sealed.replace(/^v2:[0-9a-f]{8}:/, `v2:${after.keyId}:`))).toThrow();
    });

    it('opens v1 values (bucket secrets sealed before rotation) under the current, a previous, or the JWT-derived key', () => {
      expect(after.open(sealV1(Buffer.from(newKey, 'base64'), 'current'))).toBe('current');
      expect(after.open(sealV1(Buffer.from(oldKey, 'base64'), 'previous'))).toBe('previous');
      expect(after.open(sealV1(secretsKey({ JWT_SECRET }), 'derived'))).toBe('derived');
      expect(after.needsReseal(sealV1(Buffer.from(newKey, 'base64'), 'current'))).toBe(true);
      expect(() => after.open(sealV1(randomBytes(32), 'unknown'))).toThrow('neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS');
    });
  });
});
