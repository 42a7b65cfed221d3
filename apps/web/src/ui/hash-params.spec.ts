import { hashParam, withHashParam } from './hash-params';

describe('the hash route query', () => {
  it('reads a parameter after the route', () => {
    expect(hashParam('#/p/abc?tab=code&version=3', 'tab')).toBe('code');
    expect(hashParam('#/p/abc?tab=code&version=3', 'version')).toBe('3');
    expect(hashParam('#/p/abc', 'tab')).toBeNull();
    expect(hashParam('', 'tab')).toBeNull();
  });

  it('sets one parameter and keeps the route and the others', () => {
    expect(withHashParam('#/p/abc', 'tab', 'code')).toBe('#/p/abc?tab=code');
    expect(withHashParam('#/p/abc?tab=code&version=3', 'tab', 'versions')).toBe('#/p/abc?tab=versions&version=3');
    expect(withHashParam('', 'tab', 'code')).toBe('#/?tab=code');
  });

  it('removes a parameter, and the query with the last one', () => {
    expect(withHashParam('#/p/abc?tab=code&version=3', 'version', null)).toBe('#/p/abc?tab=code');
    expect(withHashParam('#/p/abc?tab=code', 'tab', null)).toBe('#/p/abc');
  });

  it('encodes what it writes, so a value cannot add a parameter', () => {
    const hash = withHashParam('#/p/abc', 'tab', 'code&version=9');
    expect(hashParam(hash, 'tab')).toBe('code&version=9');
    expect(hashParam(hash, 'version')).toBeNull();
  });
});
