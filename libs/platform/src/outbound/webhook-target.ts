import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { StudioError } from '@studio/contracts';
import type { AddressPolicy } from './address-policy.js';

/** An address a host resolved to and the policy accepted. */
export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** A webhook URL with the only addresses a connection to it may use. */
export interface WebhookTarget {
  url: URL;
  /** The host without IPv6 brackets, as http.request wants it (and TLS checks the certificate against). */
  host: string;
  addresses: CheckedAddress[];
}

export type HostLookup = (host: string) => Promise<CheckedAddress[]>;

// A resolver that hangs must not hold a request (or a delivery) for long.
const LOOKUP_TIMEOUT_MS = 5_000;

/** Every address of a name, as the operating system resolves it (hosts file included), in its order. */
export const systemLookup: HostLookup = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), LOOKUP_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([dnsLookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

const refused = (message: string, details: Record<string, unknown> = {}) => new StudioError('WEBHOOK_URL_REFUSED', message, details);

/**
 * Checks a webhook URL and resolves its host to the addresses a connection may use. Refused (code
 * WEBHOOK_URL_REFUSED, a message for the user): a scheme other than http/https, credentials in the URL, a
 * host that does not resolve, and a host of which any address the policy refuses. Refusing the whole name
 * when one address is bad, rather than picking the good ones, is what keeps a name that answers both a
 * public and an internal address from reaching the internal one. The API calls this at registration and
 * the worker again before every delivery, then connects only to the addresses returned here (DNS
 * rebinding: the name may resolve elsewhere by then).
 */
export async function resolveWebhookTarget(raw: string, policy: AddressPolicy, lookup: HostLookup = systemLookup): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('The webhook URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(`Webhooks are delivered over http or https only, not ${url.protocol.replace(/:$/, '')}.`);
  if (url.username || url.password) throw refused('A webhook URL must not carry a user name or password; deliveries are authenticated by their signature.');
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!host) throw refused('The webhook URL has no host.');

  let addresses: CheckedAddress[];
  const literal = isIP(host);
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  // RFC 6761: localhost and its subdomains are the loopback, whatever a resolver says.
  else if (host === 'localhost' || host.endsWith('.localhost'))
    addresses = [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
  else {
    try {
      addresses = await lookup(host);
    } catch (err) {
      throw refused(`The host "${host}" does not resolve to an address (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, { host });
    }
    if (!addresses.length) throw refused(`The host "${host}" does not resolve to an address.`, { host });
  }

  for (const a of addresses) {
    const verdict = policy.check(a.address);
    if (verdict.allowed) continue;
    // A name's internal address is not repeated back: the answer must not become a way to map our network.
    if (literal) throw refused(`Webhooks are not delivered to ${host}: it is a ${verdict.reason} address.`, { host, reason: verdict.reason });
    throw refused(`Webhooks are not delivered to "${host}": it resolves to a ${verdict.reason} address.`, { host, reason: verdict.reason });
  }
  return { url, host, addresses };
}
