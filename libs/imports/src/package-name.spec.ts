import { packageNameOf } from './package-name.js';

describe('packageNameOf', () => {
  it.each([
    ['react', 'react'],
    ['react-dom/client', 'react-dom'],
    ['@scope/pkg', '@scope/pkg'],
    ['@scope/pkg/deep/x', '@scope/pkg'],
    ['node:fs', 'node:fs'],
    ['./x', null],
    ['../x', null],
    ['/abs', null],
    ['https://cdn.example/x.js', null],
    ['data:text/javascript,1', null],
    ['virtual:pwa', null],
  ])('%s → %s', (spec, name) => expect(packageNameOf(spec)).toBe(name));
});
