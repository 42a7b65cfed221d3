import { type IncomingHttpHeaders, request } from 'node:http';

/**
 * The site host of the test stack: `./studio test` gives it a free port (SITES_PORT) and SITES_DOMAIN, in the
 * apps' environment and the tests' alike. Sites are reached at 127.0.0.1 with `Host: <slug>.<SITES_DOMAIN>:<port>`
 * (Node resolves no `*.localhost` names; Chromium does, so a browser can open `siteUrl(slug)` as it is).
 */
export const SITES_PORT = (() => {
  const port = Number(process.env.SITES_PORT);
  if (!port) throw new Error('SITES_PORT is not set: run the end-to-end tests through `./studio test`.');
  return port;
})();
export const SITES_DOMAIN = process.env.SITES_DOMAIN ?? 'sites.localhost';

export const siteHost = (slug: string) => `${slug}.${SITES_DOMAIN}:${SITES_PORT}`;
export const siteUrl = (slug: string, path = '/') => `http://${siteHost(slug)}${path}`;

export interface SiteReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request to the site host with the Host header given (a slug's host, a custom domain, anything). */
export function siteRequest(host: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<SiteReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: SITES_PORT, method: opts.method ?? 'GET', path, headers: { host, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
