import { StudioError } from '@studio/contracts';
import { AddressPolicy } from './address-policy.js';
import { type CheckedAddress, type HostLookup, resolveWebhookTarget } from './webhook-target.js';

/** A resolver that knows a few names, as a zone file would. */
const fakeDns =
  (zone: Record<string, string[]>): HostLookup =>
  async (host) => {
    const found = zone[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address): CheckedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const dns = fakeDns({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.0.0.7'],
  'mixed.example.com': ['93.184.216.34', '169.254.169.254'],
});
const none = new AddressPolicy();

async function refusal(url: string, policy = none): Promise<string> {
  try {
    await resolveWebhookTarget(url, policy, dns);
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    expect(err.code).toBe('WEBHOOK_URL_REFUSED');
    return err.message;
  }
  throw new Error(`${url} was accepted`);
}

describe('resolveWebhookTarget', () => {
  it('accepts a public name with every address it resolves to', async () => {
    const t = await resolveWebhookTarget('https://hooks.example.com/in?x=1', none, dns);
    expect(t.host).toBe('hooks.example.com');
    expect(t.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  });

  it('accepts a public IP literal without asking DNS', async () => {
    const t = await resolveWebhookTarget('http://[2606:4700:4700::1111]:8080/', none, dns);
    expect(t).toMatchObject({ host: '2606:4700:4700::1111', addresses: [{ address: '2606:4700:4700::1111', family: 6 }] });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254: it is a link-local address/],
    ['http://10.0.0.1/hook', /10\.0\.0\.1: it is a private address/],
    ['http://[::1]/', /::1: it is a loopback address/],
    ['http://[::ffff:127.0.0.1]/', /::ffff:7f00:1: it is a loopback address/],
    ['http://2130706433/', /127\.0\.0\.1: it is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1: it is a loopback address/],
    ['http://localhost:3000/', /"localhost": it resolves to a loopback address/],
    ['http://api.localhost/', /"api\.localhost": it resolves to a loopback address/],
    ['http://internal.example.com/', /^Webhooks are not delivered to "internal\.example\.com": it resolves to a private address\.$/],
    ['http://mixed.example.com/', /"mixed\.example\.com": it resolves to a link-local address/],
    ['http://nowhere.example.com/', /"nowhere\.example\.com" does not resolve to an address \(ENOTFOUND\)/],
    ['ftp://hooks.example.com/', /http or https only, not ftp/],
    ['file:///etc/passwd', /http or https only, not file/],
    ['http://user:pw@hooks.example.com/', /must not carry a user name or password/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it('lets an operator allow a loopback receiver, but only the block it names', async () => {
    const policy = AddressPolicy.fromList('127.0.0.1/32');
    const t = await resolveWebhookTarget('http://127.0.0.1:4567/hook', policy, dns);
    expect(t.addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await refusal('http://127.0.0.2/', policy)).toMatch(/loopback/);
    // localhost is also ::1, which the list does not name.
    expect(await refusal('http://localhost/', policy)).toMatch(/"localhost": it resolves to a loopback address/);
  });
});
