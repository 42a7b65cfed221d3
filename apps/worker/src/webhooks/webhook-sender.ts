import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CheckedAddress, WebhookTarget } from '@studio/platform';

/** What one POST came to: the receiver's status when it answered, or why it did not. */
export interface SendResult {
  status?: number;
  error?: string;
  durationMs: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that answers only with addresses the policy already accepted, so the socket
 * connects to exactly what was checked and a second DNS answer (rebinding to an internal address) is never
 * asked for. TLS still verifies the certificate against the host name.
 */
export function pinnedLookup(addresses: CheckedAddress[]) {
  return (_hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const fitting = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (!fitting.length) {
      callback(Object.assign(new Error('no permitted address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all)
      callback(
        null,
        fitting.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, fitting[0].address, fitting[0].family);
  };
}

/**
 * POSTs a body to a checked target, once. No redirects are followed (a 3xx is a failed attempt: following
 * one would lead a delivery somewhere nobody checked); the whole exchange, connection to the end of the
 * answer, must fit in `timeoutMs`. The answer's body is read and dropped.
 */
export function postOnce(target: WebhookTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let status: number | undefined;
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      {
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target.addresses),
        // A fresh connection per attempt: a pooled socket could be to an address checked for another delivery.
        agent: false,
      },
      (res) => {
        status = res.statusCode;
        res.resume();
        res.once('end', () => finish(outcomeOf(status)));
        res.once('error', () => finish(outcomeOf(status)));
      },
    );
    const timer = setTimeout(() => {
      // An answer whose status arrived counts, even if its body did not finish in time.
      if (status !== undefined) finish(outcomeOf(status));
      else finish({ error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.once('error', (err: NodeJS.ErrnoException) => finish(status !== undefined ? outcomeOf(status) : { error: err.message || err.code || 'connection failed' }));
    req.end(body);
  });
}

function outcomeOf(status: number | undefined): Omit<SendResult, 'durationMs'> {
  if (status !== undefined && status >= 300 && status < 400) return { status, error: 'redirects are not followed' };
  return { status };
}
