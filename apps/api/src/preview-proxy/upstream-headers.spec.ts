import { PREVIEW_COOKIE } from '../previews/preview-links.js';
import { upstreamHeaders } from './upstream-headers.js';

const request = (rawHeaders: string[]) => ({ rawHeaders, headers: { host: 'p1.preview.localhost:3000' } });

describe('upstreamHeaders', () => {
  it("passes end-to-end headers on as they came, without our cookie, with the browser's host and scheme", () => {
    const raw = [
      'Host',
      'p1.preview.localhost:3000',
      'Accept',
      'text/html',
      'Cookie',
      `theme=dark; ${PREVIEW_COOKIE}=secret`,
      'Connection',
      'keep-alive, X-Drop',
      'X-Drop',
      '1',
      'Keep-Alive',
      'timeout=5',
    ];
    expect(upstreamHeaders(request(raw), false, 'https')).toEqual([
      'Host',
      'p1.preview.localhost:3000',
      'Accept',
      'text/html',
      'Cookie',
      'theme=dark',
      'X-Forwarded-Host',
      'p1.preview.localhost:3000',
      'X-Forwarded-Proto',
      'https',
    ]);
  });

  it('drops a cookie header that held only ours, and forwarded headers the browser made up', () => {
    const raw = ['Cookie', `${PREVIEW_COOKIE}=secret`, 'X-Forwarded-Host', 'evil.example', 'x-forwarded-proto', 'https'];
    expect(upstreamHeaders(request(raw), false, 'http')).toEqual(['X-Forwarded-Host', 'p1.preview.localhost:3000', 'X-Forwarded-Proto', 'http']);
  });

  it('keeps Upgrade on a websocket upgrade only', () => {
    const raw = ['Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k'];
    expect(upstreamHeaders(request(raw), true, 'http').slice(0, 4)).toEqual(['Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k']);
    expect(upstreamHeaders(request(raw), false, 'http').slice(0, 2)).toEqual(['Sec-WebSocket-Key', 'k']);
  });
});
