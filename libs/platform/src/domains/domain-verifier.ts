import { Resolver } from 'node:dns/promises';
import type { Env } from '@studio/config';
import { domainVerifyName } from '@studio/contracts';

/**
 * What a lookup of a domain's verification record found. `missing` and `other-value` are answers: the record
 * no longer proves the domain. `lookup-failed` is no answer (a timeout, a failing server): it proves nothing
 * either way, so a domain already verified is not taken down for it.
 */
export type DomainCheckFailure = 'missing' | 'other-value' | 'lookup-failed';
export type DomainCheck = { ok: true } | { ok: false; failure: DomainCheckFailure; reason: string; found: string[] };

/** Proves a person controls a domain: its `_studio-verify.<domain>` TXT record holds their token (docs/ARCHITECTURE.md "Custom domains and TLS"). */
export interface DomainVerifier {
  check(domain: string, expectedToken: string): Promise<DomainCheck>;
}

/** The injection key of the app's one DomainVerifier (the API's verify route, the worker's recheck job). */
export const DOMAIN_VERIFIER = Symbol('DOMAIN_VERIFIER');

/** The one call of node's resolver the verifier makes, so a test can answer it. */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

// A verification runs while a person waits on a request (and per domain in the recheck job): a silent
// resolver must cost seconds, not the system default's 4 tries of 5 s.
const TIMEOUT_MS = 2000;
const TRIES = 2;
// What a failed check keeps of the values it found: enough to show a person their typo, never a zone's worth.
const MAX_FOUND = 10;
const MAX_FOUND_CHARS = 255;
// The resolver's codes for "the name exists nowhere" and "the name has no TXT record": the record is missing.
const MISSING = new Set(['ENOTFOUND', 'ENODATA']);

/** DOMAIN_DNS_SERVERS (comma-separated `host[:port]`, IPv6 as `[addr]:port`) as node's resolver takes them. */
export function dnsServers(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A resolver asking DOMAIN_DNS_SERVERS when set (tests point it at their own DNS server), else the system's. */
export function createTxtResolver(env: Pick<Env, 'DOMAIN_DNS_SERVERS'>): TxtResolver {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  const servers = dnsServers(env.DOMAIN_DNS_SERVERS);
  if (servers.length) {
    try {
      resolver.setServers(servers);
    } catch (err) {
      throw new Error(`DOMAIN_DNS_SERVERS: ${(err as Error).message} (expected comma-separated host[:port])`);
    }
  }
  return resolver;
}

const errorCode = (err: unknown): string => (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN');

export function domainVerifier(env: Pick<Env, 'DOMAIN_DNS_SERVERS'>, resolver: TxtResolver = createTxtResolver(env)): DomainVerifier {
  return {
    async check(domain, expectedToken) {
      const name = domainVerifyName(domain);
      let records: string[][];
      try {
        records = await resolver.resolveTxt(name);
      } catch (err) {
        const code = errorCode(err);
        if (MISSING.has(code)) return { ok: false, failure: 'missing', reason: `no TXT record at ${name}`, found: [] };
        return { ok: false, failure: 'lookup-failed', reason: `the DNS lookup of ${name} failed (${code})`, found: [] };
      }
      // A TXT record longer than 255 bytes arrives in chunks; its value is the chunks joined.
      const values = records.map((chunks) => chunks.join(''));
      if (values.some((v) => v.trim() === expectedToken)) return { ok: true };
      const found = values.slice(0, MAX_FOUND).map((v) => v.slice(0, MAX_FOUND_CHARS));
      if (!values.length) return { ok: false, failure: 'missing', reason: `no TXT record at ${name}`, found };
      return { ok: false, failure: 'other-value', reason: `the TXT record at ${name} holds another value`, found };
    },
  };
}
