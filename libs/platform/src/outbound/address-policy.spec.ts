import { AddressPolicy, parseCidr, parseIp } from './address-policy.js';

const nothingAllowed = new AddressPolicy();
const verdict = (address: string, policy = nothingAllowed) => {
  const v = policy.check(address);
  return v.allowed ? 'allowed' : v.reason;
};

describe('AddressPolicy with nothing allowed', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['100.127.255.255', 'shared (carrier-grade NAT)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
  ])('refuses IPv4 %s (%s)', (address, reason) => {
    expect(verdict(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '11.0.0.1', '223.255.255.255'])(
    'allows public IPv4 %s',
    (address) => {
      expect(verdict(address)).toBe('allowed');
    },
  );

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456:789a::1', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'IETF protocol assignment (Teredo, benchmarking...)'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['100::1', 'discard-only'],
    ['4000::1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('refuses IPv6 %s (%s)', (address, reason) => {
    expect(verdict(address)).toBe(reason);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e'])('allows global unicast IPv6 %s', (address) => {
    expect(verdict(address)).toBe('allowed');
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:192.168.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe::', 'link-local'],
  ])('judges the IPv4 address inside %s by the IPv4 rules (%s)', (address, reason) => {
    expect(verdict(address)).toBe(reason);
  });

  it('allows a mapped, NAT64 or 6to4 form of a public IPv4 address', () => {
    expect(verdict('::ffff:8.8.8.8')).toBe('allowed');
    expect(verdict('64:ff9b::8.8.8.8')).toBe('allowed');
    expect(verdict('2002:0808:0808::1')).toBe('allowed');
  });

  it('refuses what is not an IP literal', () => {
    expect(verdict('localhost')).toBe('not an IP address');
    expect(verdict('127.1')).toBe('not an IP address');
    expect(verdict('')).toBe('not an IP address');
  });
});

describe('AddressPolicy with an operator allow-list', () => {
  it('allows the listed blocks and nothing next to them', () => {
    const policy = AddressPolicy.fromList('127.0.0.1/32, 10.1.2.0/24,fd00:1::/32');
    expect(verdict('127.0.0.1', policy)).toBe('allowed');
    expect(verdict('127.0.0.2', policy)).toBe('loopback');
    expect(verdict('10.1.2.200', policy)).toBe('allowed');
    expect(verdict('10.1.3.1', policy)).toBe('private');
    expect(verdict('fd00:1:ffff::5', policy)).toBe('allowed');
    expect(verdict('fd00:2::5', policy)).toBe('private (unique local)');
    expect(verdict('169.254.169.254', policy)).toBe('link-local');
    expect(verdict('::1', policy)).toBe('loopback');
  });

  it('applies an IPv4 block to the mapped IPv6 form of its addresses', () => {
    const policy = AddressPolicy.fromList('127.0.0.1/32');
    expect(verdict('::ffff:127.0.0.1', policy)).toBe('allowed');
    expect(verdict('::ffff:127.0.0.2', policy)).toBe('loopback');
  });

  it('takes a bare address as a block of one and ignores host bits', () => {
    const policy = AddressPolicy.fromList('192.168.1.7,10.9.9.9/8');
    expect(verdict('192.168.1.7', policy)).toBe('allowed');
    expect(verdict('192.168.1.8', policy)).toBe('private');
    expect(verdict('10.200.0.1', policy)).toBe('allowed');
  });

  it('treats an empty list as nothing allowed', () => {
    expect(AddressPolicy.fromList('').allowed).toEqual([]);
    expect(AddressPolicy.fromList(' , ').allowed).toEqual([]);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'banana', '10.0.0/8', '10.0.0.0/8/1', '10.0.0.0/x'])('refuses the bad entry %s at boot, naming the variable', (entry) => {
    expect(() => AddressPolicy.fromList(`127.0.0.1/32,${entry}`)).toThrow(/^WEBHOOK_ALLOWED_CIDRS: ".*" is not a CIDR block/);
  });
});

describe('parsing', () => {
  it('reads IPv6 in every spelling to the same value', () => {
    const a = parseIp('2001:db8:0:0:0:0:0:1')!;
    expect(parseIp('2001:db8::1')).toEqual(a);
    expect(parseIp('2001:DB8::0:1')).toEqual(a);
    expect(parseIp('::ffff:1.2.3.4')).toEqual(parseIp('::ffff:102:304'));
    expect(parseIp('::')).toEqual({ version: 6, value: 0n });
    expect(parseIp('1.2.3.4')).toEqual({ version: 4, value: 0x01020304n });
  });

  it('reads a CIDR block', () => {
    expect(parseCidr('172.16.0.0/12')).toEqual({ version: 4, base: 0xac100000n, prefix: 12 });
    expect(parseCidr('::1')).toEqual({ version: 6, base: 1n, prefix: 128 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, base: 0n, prefix: 0 });
  });
});
