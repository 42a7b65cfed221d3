import { randomBytes } from 'node:crypto';
import { secretBox } from './secret-box.js';

const JWT_SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';

describe('secretBox', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const box = secretBox({ JWT_SECRET });
    const a = box.seal('made-up/secret+for-the-box "quoted" é');
    const b = box.seal('made-up/secret+for-the-box "quoted" é');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+$/);
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
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (const at of [0, 13, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 1;
      expect(() => box.open(`v1:${changed.toString('base64url')}`)).toThrow();
    }
    expect(() => box.open(`v1:${bytes.subarray(0, 20).toString('base64url')}`)).toThrow();
    expect(() => box.open(sealed.replace('v1:', 'v2:'))).toThrow('Not a sealed secret');
    expect(() => box.open('plain text')).toThrow('Not a sealed secret');
  });
});
