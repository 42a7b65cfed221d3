import { AddressPolicy } from './address-policy.js';
import { checkProviderBaseUrl } from './provider-base-url.js';
import type { HostLookup } from './webhook-target.js';

const policy = AddressPolicy.fromList('127.0.0.1/32');
const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('checkProviderBaseUrl', () => {
  it('accepts https to public addresses and http to an address the operator allows', async () => {
    expect((await checkProviderBaseUrl('https://llm.example.test/v1', policy, resolvesTo('93.184.216.34'))).url.href).toBe('https://llm.example.test/v1');
    expect((await checkProviderBaseUrl('http://127.0.0.1:8080/v1', policy)).host).toBe('127.0.0.1');
  });

  it.each([
    ['plain http to a public address (the key would travel in clear)', 'http://llm.example.test/v1', resolvesTo('93.184.216.34'), /use https/],
    ['the metadata service', 'http://169.254.169.254/latest', resolvesTo(), /link-local/],
    ['localhost (its ::1 is not allowed)', 'https://localhost:8080/v1', resolvesTo(), /loopback/],
    ['a name with one private address', 'https://llm.example.test/v1', resolvesTo('93.184.216.34', '10.0.0.7'), /private/],
    ['credentials in the URL', 'https://user:pw@llm.example.test/v1', resolvesTo('93.184.216.34'), /without credentials/],
    ['another scheme', 'file:///etc/passwd', resolvesTo(), /http/],
  ])('refuses %s with PROVIDER_URL_REFUSED', async (_what, url, lookup, message) => {
    await expect(checkProviderBaseUrl(url, policy, lookup)).rejects.toMatchObject({ code: 'PROVIDER_URL_REFUSED', message: expect.stringMatching(message) });
  });
});
