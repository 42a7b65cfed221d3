import { StudioError } from '@studio/contracts';
import { assertNotForged } from './csrf.js';

const HOST = { host: 'studio.example' };
const WEB_CLIENT = { ...HOST, 'x-studio-session': 'cookie', origin: 'https://studio.example' };
const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof StudioError ? err.code : String(err);
  }
};

describe('assertNotForged (the CSRF rule for the session cookie)', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('takes a %s the web client makes with its cookie', (method) => {
    expect(codeOf(() => assertNotForged(method, WEB_CLIENT, true))).toBeNull();
    // A client that sends no Origin cannot be a page on another origin: the header alone is enough.
    expect(codeOf(() => assertNotForged(method, { ...HOST, 'x-studio-session': 'cookie' }, true))).toBeNull();
  });

  it.each([
    ['without the header', { ...HOST, origin: 'https://studio.example' }],
    ['with another value of the header', { ...WEB_CLIENT, 'x-studio-session': 'bearer' }],
    ['from another site', { ...WEB_CLIENT, origin: 'https://evil.example' }],
    ['from a preview origin of the same site', { ...WEB_CLIENT, origin: 'https://3f0c.preview.studio.example' }],
    ['from an opaque origin', { ...WEB_CLIENT, origin: 'null' }],
  ])('refuses a cookie-authenticated POST %s', (_case, headers) => {
    expect(codeOf(() => assertNotForged('POST', headers, true))).toBe('CSRF_FAILED');
  });

  it('leaves reads, and requests the cookie does not authenticate, alone', () => {
    expect(codeOf(() => assertNotForged('GET', { ...HOST, origin: 'https://evil.example' }, true))).toBeNull();
    expect(codeOf(() => assertNotForged('POST', { ...HOST, origin: 'https://evil.example' }, false))).toBeNull();
  });
});
