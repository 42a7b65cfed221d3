import type { LookupAddress, LookupOptions } from 'node:dns';
import { StudioError } from '@studio/contracts';
import { Agent, buildConnector, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici';
import { type AddressPolicy, parseIp } from './address-policy.js';
import { type HostLookup, systemLookup } from './webhook-target.js';

/** The `fetch` the model SDKs accept as their `fetch` client option. */
export type GuardedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const refusal = (message: string) => new StudioError('PROVIDER_URL_REFUSED', `The base URL is refused: ${message}.`);

/**
 * A `lookup` for the socket that resolves the name itself and answers only when the policy accepts every
 * address, so the address is judged when the connection is opened, not minutes earlier (DNS rebinding).
 */
function policedLookup(policy: AddressPolicy, lookup: HostLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname).then(
      (addresses) => {
        for (const a of addresses) {
          const verdict = policy.check(a.address);
          // As at check time, the internal address itself is not repeated back to the key's owner.
          if (!verdict.allowed) return callback(refusal(`its host resolves to a ${verdict.reason} address`), '', 0);
        }
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const fitting = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (!fitting.length) return callback(Object.assign(new Error(`${hostname} has no permitted address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) callback(null, fitting);
        else callback(null, fitting[0].address, fitting[0].family);
      },
      (err: Error) => callback(refusal(`its host does not resolve (${(err as NodeJS.ErrnoException).code ?? err.message})`), '', 0),
    );
  };
}

/**
 * A fetch for calls to a URL a user named (a person's own model key's base URL, docs/API.md "Your own model
 * keys"): it connects only to addresses the policy allows, judged at connection time (an IP literal before
 * the connection, a name by the socket's lookup), and never follows a redirect: a 3xx is refused with
 * PROVIDER_URL_REFUSED, since following it would reach somewhere nobody checked (the metadata service).
 * Refusals reach the caller as the `cause` of the SDK's connection error.
 */
export function guardedFetch(policy: AddressPolicy, lookup: HostLookup = systemLookup): GuardedFetch {
  const connectVia = buildConnector({ lookup: policedLookup(policy, lookup) });
  const agent = new Agent({
    connect: (options, callback) => {
      // The socket skips its lookup for an IP literal: judge the literal here.
      if (parseIp(options.hostname)) {
        const verdict = policy.check(options.hostname);
        if (!verdict.allowed) return callback(refusal(`its host is a ${verdict.reason} address`), null);
      }
      connectVia(options, callback);
    },
  });
  return async (input, init) => {
    // Both SDKs pass the URL and put everything else in `init`.
    const url = input instanceof Request ? input.url : input;
    // The same WHATWG shapes declared twice (Node's bundled copy of undici and this one): only the types differ.
    const response = await undiciFetch(url, { ...(init as UndiciRequestInit), redirect: 'manual', dispatcher: agent });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw refusal(`its server answered with a redirect (${response.status}), which is not followed`);
    }
    return response;
  };
}
