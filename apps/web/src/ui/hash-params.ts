/**
 * The query of the page's hash route (`#/p/<id>?tab=code`): what a workspace shows is kept in the address, so a
 * reload or a shared link opens the same view (the server knows everything else the page shows).
 */
function split(hash: string): [path: string, params: URLSearchParams] {
  const at = hash.indexOf('?');
  return at < 0 ? [hash, new URLSearchParams()] : [hash.slice(0, at), new URLSearchParams(hash.slice(at + 1))];
}

/** One parameter of the hash's query; null when absent. */
export function hashParam(hash: string, name: string): string | null {
  return split(hash)[1].get(name);
}

/** The hash with one parameter set (or removed, for null), the route and the other parameters kept. */
export function withHashParam(hash: string, name: string, value: string | null): string {
  const [path, params] = split(hash);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const query = params.toString();
  return `${path || '#/'}${query ? `?${query}` : ''}`;
}
