import { createServer } from 'node:net';
import { createTxtResolver, dnsServers, domainVerifier, type TxtResolver } from './domain-verifier.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const env = { DOMAIN_DNS_SERVERS: '' };

/** Answers like node's resolver: the records of a name, or an error with the resolver's code. */
const answering = (answer: string[][] | string): TxtResolver & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    resolveTxt: async (name) => {
      asked.push(name);
      if (typeof answer === 'string') throw Object.assign(new Error(`queryTxt ${answer} ${name}`), { code: answer });
      return answer;
    },
  };
};

describe('domainVerifier', () => {
  it('asks for the TXT record at _studio-verify.<domain> and accepts the token', async () => {
    const resolver = answering([['unrelated'], [TOKEN]]);
    expect(await domainVerifier(env, resolver).check('shop.example.com', TOKEN)).toEqual({ ok: true });
    expect(resolver.asked).toEqual(['_studio-verify.shop.example.com']);
  });

  it('joins a long record sent in chunks, and forgives spaces around the value', async () => {
    expect(await domainVerifier(env, answering([[TOKEN.slice(0, 10), TOKEN.slice(10)]])).check('example.com', TOKEN)).toEqual({ ok: true });
    expect(await domainVerifier(env, answering([[` ${TOKEN} `]])).check('example.com', TOKEN)).toEqual({ ok: true });
  });

  it('refuses another value, saying what it found', async () => {
    const result = await domainVerifier(env, answering([['someone-else'], [TOKEN.toUpperCase()]])).check('example.com', TOKEN);
    expect(result).toEqual({
      ok: false,
      failure: 'other-value',
      reason: 'the TXT record at _studio-verify.example.com holds another value',
      found: ['someone-else', TOKEN.toUpperCase()],
    });
  });

  it('keeps only a bounded part of what it found', async () => {
    const many = Array.from({ length: 50 }, () => ['x'.repeat(1000)]);
    const result = await domainVerifier(env, answering(many)).check('example.com', TOKEN);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.found).toHaveLength(10);
    expect(result.found.every((v) => v.length === 255)).toBe(true);
  });

  it.each(['ENOTFOUND', 'ENODATA'])('calls %s a missing record', async (code) => {
    expect(await domainVerifier(env, answering(code)).check('example.com', TOKEN)).toEqual({ ok: false, failure: 'missing', reason: 'no TXT record at _studio-verify.example.com', found: [] });
  });

  it.each(['ETIMEOUT', 'ESERVFAIL', 'EREFUSED'])('names the resolver code %s for other failures', async (code) => {
    expect(await domainVerifier(env, answering(code)).check('example.com', TOKEN)).toEqual({
      ok: false,
      failure: 'lookup-failed',
      reason: `the DNS lookup of _studio-verify.example.com failed (${code})`,
      found: [],
    });
  });

  it('treats an error without a code as a failed lookup, never a verified domain', async () => {
    const broken: TxtResolver = { resolveTxt: () => Promise.reject(new Error('boom')) };
    expect(await domainVerifier(env, broken).check('example.com', TOKEN)).toMatchObject({ ok: false, failure: 'lookup-failed', reason: expect.stringContaining('EUNKNOWN') });
  });
});

describe('the configured resolvers', () => {
  it('splits DOMAIN_DNS_SERVERS into host[:port] entries', () => {
    expect(dnsServers(' 127.0.0.1:5353, [::1]:53 ,,10.0.0.2 ')).toEqual(['127.0.0.1:5353', '[::1]:53', '10.0.0.2']);
    expect(dnsServers('')).toEqual([]);
  });

  it('names the variable when a server is not an address', () => {
    expect(() => createTxtResolver({ DOMAIN_DNS_SERVERS: 'dns.example.com' })).toThrow(/DOMAIN_DNS_SERVERS/);
  });

  it('asks the configured server: one that is not listening fails the check with its code, quickly', async () => {
    // A port bound and closed again: nothing answers DNS there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const started = Date.now();
    const result = await domainVerifier({ DOMAIN_DNS_SERVERS: `127.0.0.1:${port}` }).check('example.com', TOKEN);
    expect(result).toMatchObject({ ok: false, failure: 'lookup-failed', reason: expect.stringMatching(/failed \(E[A-Z]+\)/) });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
