import { isSameOrigin } from './same-origin.js';

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000'],
    ['http://localhost:3000', 'LOCALHOST:3000'],
    ['https://studio.example', 'studio.example'],
    ['https://studio.example', 'studio.example:443'],
    ['http://studio.example', 'studio.example:80'],
  ])('%s is the origin of a request to %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(true);
  });

  it.each([
    ['http://evil.example', 'studio.example'],
    ['http://studio.example:3001', 'studio.example:3000'],
    ['http://0b7c3f6e-1d1e-4c58-9a43-4ad1c2d8e9f0.preview.localhost:3000', 'localhost:3000'],
    ['http://studio.example.evil.test', 'studio.example'],
    ['null', 'studio.example'],
    ['file:///etc/passwd', ''],
    ['javascript:alert(1)', 'alert(1)'],
    ['', 'studio.example'],
    [undefined, 'studio.example'],
    ['http://studio.example', undefined],
  ])('%s is not the origin of a request to %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(false);
  });
});
