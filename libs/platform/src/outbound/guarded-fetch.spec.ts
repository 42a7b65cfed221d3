import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy } from './address-policy.js';
import { guardedFetch } from './guarded-fetch.js';
import type { HostLookup } from './webhook-target.js';

/** A local server that counts what it receives and answers with `answer`. */
async function serve(answer: (res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
});

const loopbackAllowed = AddressPolicy.fromList('127.0.0.1/32');
const zone =
  (addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

/** The refusal the fetch threw, whether directly or as the cause of undici's "fetch failed". */
async function refusalOf(call: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    return e.code === 'PROVIDER_URL_REFUSED' ? e : (e.cause ?? e);
  }
  throw new Error('the call was not refused');
}

describe('guardedFetch', () => {
  let target: Awaited<ReturnType<typeof serve>>;
  let ok: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    target = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"metadata":"secret"}'));
    ok = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    servers.push(target.server, ok.server);
  });

  it('passes an answer from an allowed address through', async () => {
    const res = await guardedFetch(loopbackAllowed)(`${ok.url}/v1/models`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('refuses a redirect, and the redirect target receives nothing', async () => {
    const redirecting = await serve((res) => res.writeHead(307, { location: `${target.url}/latest/meta-data` }).end());
    servers.push(redirecting.server);
    const refusal = await refusalOf(guardedFetch(loopbackAllowed)(`${redirecting.url}/v1/chat/completions`, { method: 'POST', body: '{}' }));
    expect(refusal).toMatchObject({ code: 'PROVIDER_URL_REFUSED', message: expect.stringContaining('redirect (307)') });
    expect(redirecting.hits).toEqual(['POST /v1/chat/completions']);
    expect(target.hits).toEqual([]);
  });

  it('refuses an IP literal the policy refuses before connecting', async () => {
    const refusal = await refusalOf(guardedFetch(new AddressPolicy())(`${target.url}/latest`));
    expect(refusal).toMatchObject({ code: 'PROVIDER_URL_REFUSED', message: expect.stringContaining('loopback') });
    expect(target.hits).toEqual([]);
  });

  it('judges a name by what it resolves to when the connection opens', async () => {
    const port = new URL(target.url).port;
    // Checked earlier as public, the name now answers an internal address (DNS rebinding).
    const rebound = await refusalOf(guardedFetch(loopbackAllowed, zone(['93.184.216.34', '10.0.0.7']))(`http://llm.example.test:${port}/v1`));
    expect(rebound).toMatchObject({ code: 'PROVIDER_URL_REFUSED', message: expect.stringContaining('private') });
    expect(rebound.message).not.toContain('10.0.0.7');
    expect(target.hits).toEqual([]);
    // The same name resolving to an allowed address connects.
    const res = await guardedFetch(loopbackAllowed, zone(['127.0.0.1']))(`http://llm.example.test:${port}/v1`);
    expect(res.status).toBe(200);
    expect(target.hits).toEqual(['GET /v1']);
  });
});
