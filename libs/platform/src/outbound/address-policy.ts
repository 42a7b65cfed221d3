import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses the server may open a connection to on a user's behalf (webhook deliveries). A user
 * names the URL, so without this a webhook could reach the cloud metadata service, Redis or the database
 * from inside our network. IPv4 refuses the special-purpose blocks (RFC 6890 and successors); IPv6 accepts
 * only global unicast (2000::/3) minus its special blocks, and judges an embedded IPv4 address (mapped,
 * NAT64, 6to4) by the IPv4 rules, so `::ffff:127.0.0.1` is loopback. Blocks an operator lists in
 * WEBHOOK_ALLOWED_CIDRS are allowed despite all this (an internal receiver, the test stack's 127.0.0.1).
 */

export interface IpAddress {
  version: 4 | 6;
  /** The address as an unsigned integer: 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
}

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

const BITS = { 4: 32, 6: 128 } as const;

/** Parses an IPv4 (dotted quad) or IPv6 literal (brackets and a zone id tolerated); null when it is neither. */
export function parseIp(text: string): IpAddress | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (isIPv4(s)) return { version: 4, value: ipv4Value(s) };
  // A zone id (fe80::1%eth0) names an interface, not part of the address.
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!isIPv6(s)) return null;
  return { version: 6, value: ipv6Value(s) };
}

function ipv4Value(s: string): bigint {
  return s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(s: string): bigint {
  // A trailing dotted quad (::ffff:1.2.3.4) is the last 32 bits.
  let tail: bigint | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = ipv4Value(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  const all = rest === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  let value = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail !== null) value = (value & ~0xffffffffn) | tail;
  return value;
}

/** Parses `10.1.2.0/24`, `fd00::/8` or a bare address (a block of one). Host bits are ignored. */
export function parseCidr(text: string): Cidr | null {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const bits = BITS[ip.version];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { version: ip.version, base: ip.value & maskOf(bits, prefix), prefix };
}

function maskOf(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  return ip.version === cidr.version && (ip.value & maskOf(BITS[ip.version], cidr.prefix)) === cidr.base;
}

const table = (entries: [string, string][]) => entries.map(([block, reason]) => ({ cidr: parseCidr(block)!, reason }));

/** IPv4 blocks that are not the public internet. The longest matching prefix names the reason. */
const IPV4_SPECIAL = table([
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignment'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['255.255.255.255/32', 'broadcast'],
]);

/** IPv6 blocks refused outright (2000::/3 aside, which is handled below). */
const IPV6_SPECIAL = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::/48', 'local NAT64'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignment (Teredo, benchmarking...)'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'private (unique local)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
]);

const GLOBAL_UNICAST = parseCidr('2000::/3')!;
const MAPPED = parseCidr('::ffff:0:0/96')!;
const NAT64 = parseCidr('64:ff9b::/96')!;
const SIX_TO_FOUR = parseCidr('2002::/16')!;

/** The IPv4 address an IPv6 address carries and routes to (mapped, NAT64 well-known prefix, 6to4), if any. */
export function embeddedIpv4(ip: IpAddress): IpAddress | null {
  if (ip.version !== 6) return null;
  if (inCidr(ip, MAPPED) || inCidr(ip, NAT64)) return { version: 4, value: ip.value & 0xffffffffn };
  if (inCidr(ip, SIX_TO_FOUR)) return { version: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

function longestMatch(ip: IpAddress, entries: { cidr: Cidr; reason: string }[]): string | null {
  let best: { prefix: number; reason: string } | null = null;
  for (const { cidr, reason } of entries) if (inCidr(ip, cidr) && (!best || cidr.prefix > best.prefix)) best = { prefix: cidr.prefix, reason };
  return best?.reason ?? null;
}

/** Why an address is not on the public internet, or null when it is. */
export function specialPurpose(ip: IpAddress): string | null {
  if (ip.version === 4) return longestMatch(ip, IPV4_SPECIAL);
  const v4 = embeddedIpv4(ip);
  if (v4) return specialPurpose(v4);
  return longestMatch(ip, IPV6_SPECIAL) ?? (inCidr(ip, GLOBAL_UNICAST) ? null : 'reserved');
}

export class AddressPolicy {
  constructor(readonly allowed: readonly Cidr[] = []) {}

  /**
   * From a comma-separated list of CIDR blocks (the WEBHOOK_ALLOWED_CIDRS variable). A bad entry stops the
   * process at boot, naming the variable: a typo must not silently leave the allow-list empty or wide open.
   */
  static fromList(list: string, variable = 'WEBHOOK_ALLOWED_CIDRS'): AddressPolicy {
    const entries = list
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    return new AddressPolicy(
      entries.map((entry) => {
        const cidr = parseCidr(entry);
        if (!cidr) throw new Error(`${variable}: "${entry}" is not a CIDR block (write e.g. 10.1.2.0/24, 127.0.0.1/32 or fd00::/8)`);
        return cidr;
      }),
    );
  }

  /** The verdict for one IP literal; anything that does not parse as an address is refused. */
  check(address: string): AddressVerdict {
    const ip = parseIp(address);
    if (!ip) return { allowed: false, reason: 'not an IP address' };
    const v4 = embeddedIpv4(ip);
    if (this.allowed.some((c) => inCidr(ip, c) || (v4 !== null && inCidr(v4, c)))) return { allowed: true };
    const reason = specialPurpose(ip);
    return reason ? { allowed: false, reason } : { allowed: true };
  }
}
