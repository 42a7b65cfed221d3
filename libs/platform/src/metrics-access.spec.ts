import { metricsAccess } from './metrics-access.js';

describe('metricsAccess', () => {
  const token = 'a-metrics-token-of-some-length';

  it('is off without a configured token, whatever is presented', () => {
    expect(metricsAccess(undefined, undefined)).toBe('off');
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe('off');
    expect(metricsAccess(`Bearer ${token}`, '')).toBe('off');
  });

  it('allows exactly the configured bearer token', () => {
    expect(metricsAccess(`Bearer ${token}`, token)).toBe('allowed');
    expect(metricsAccess(`bearer ${token}`, token)).toBe('allowed');
    expect(metricsAccess([`Bearer ${token}`], token)).toBe('allowed');
  });

  it('refuses a missing, malformed, different or extended token', () => {
    for (const header of [undefined, '', token, `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, 'Bearer ', `Bearer ${token} extra`]) {
      expect(metricsAccess(header, token)).toBe('refused');
    }
  });
});
