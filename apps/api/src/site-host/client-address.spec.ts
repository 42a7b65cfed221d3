import { clientAddress } from './client-address.js';

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.9', '10.0.0.1', 0)).toBe('203.0.113.9');
  });

  it('reads the trusted hops from the right of X-Forwarded-For, never what the client wrote further left', () => {
    expect(clientAddress('127.0.0.1', 'spoofed, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', ['spoofed', '198.51.100.7, 10.0.0.2'], 2)).toBe('198.51.100.7');
  });

  it('stops at the furthest address there is when fewer hops came than are trusted', () => {
    expect(clientAddress('127.0.0.1', undefined, 1)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.7', 3)).toBe('198.51.100.7');
  });
});
