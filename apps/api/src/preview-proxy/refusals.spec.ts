import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Refusal, refuse } from './refusals.js';

/** A server that refuses every request with `code`, as the proxy does. */
let server: Server;
let code: Refusal;
let base: string;
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => refuse(res, code, req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const visit = async (refusal: Refusal, dest: string) => {
  code = refusal;
  const res = await fetch(`${base}/src/main.tsx`, { headers: { 'Sec-Fetch-Dest': dest } });
  return { status: res.status, code: res.headers.get('x-studio-error'), type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), body: await res.text() };
};

describe('preview refusals', () => {
  it('gives a navigation to a preview that is not up yet a page that loads the address again', async () => {
    for (const [refusal, status] of [
      ['PREVIEW_NOT_RUNNING', 404],
      ['PREVIEW_UNAVAILABLE', 502],
      ['PREVIEW_TIMEOUT', 504],
    ] as const) {
      for (const dest of ['iframe', 'document']) {
        const answer = await visit(refusal, dest);
        expect(answer).toMatchObject({ status, code: refusal, type: 'text/html; charset=utf-8' });
        expect(answer.body).toMatch(/<meta http-equiv="refresh" content="\d+">/);
        expect(answer.body).not.toMatch(/<script/i);
        expect(answer.csp).toContain("default-src 'none'");
      }
    }
  });

  it('answers module, style and script fetches, and refusals that do not pass, in plain text', async () => {
    expect(await visit('PREVIEW_UNAVAILABLE', 'script')).toMatchObject({
      status: 502,
      code: 'PREVIEW_UNAVAILABLE',
      type: 'text/plain; charset=utf-8',
      csp: null,
      body: 'The preview did not answer.\n',
    });
    for (const refusal of ['PREVIEW_ACCESS_DENIED', 'PREVIEW_LINK_USED', 'PREVIEW_SESSION_REVOKED', 'NOT_FOUND'] as const) {
      const answer = await visit(refusal, 'iframe');
      expect(answer).toMatchObject({ code: refusal, type: 'text/plain; charset=utf-8' });
      expect(answer.body).not.toContain('refresh');
    }
  });
});
