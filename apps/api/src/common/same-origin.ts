/**
 * Whether an `Origin` header names the host the request was sent to (its `Host` header): the page that made
 * the request is the API's own web client. The host is compared as browsers serialize origins (lower case,
 * default port dropped), so `https://studio.example` matches `studio.example` and `studio.example:443`.
 * The scheme is not compared: behind a proxy that ends TLS the API sees http. A deployment's proxy must pass
 * `Host` through unchanged, as the preview proxy needs anyway.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a file) and anything else that is not an origin
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) return false;
  const authority = host.toLowerCase();
  if (url.host === authority) return true;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return !url.port && `${url.hostname}:${defaultPort}` === authority;
}
