/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy must not pass them on,
 * in either direction, nor any header the Connection header names. `Proxy-Connection` is the same thing in
 * an old, never-standard spelling.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * `rawHeaders` pairs (`[name, value, name, value...]`, duplicates kept, as Node gives and takes them) without
 * the hop-by-hop ones. On a websocket upgrade `Upgrade` is what the request is for, so it stays; the caller
 * adds `Connection: Upgrade` itself.
 */
export function endToEndHeaders(raw: readonly string[], { upgrade = false }: { upgrade?: boolean } = {}): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const header of raw[i + 1].split(',')) named.add(header.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const keep = upgrade && name === 'upgrade' ? true : !HOP_BY_HOP.has(name) && !named.has(name);
    if (keep) kept.push(raw[i], raw[i + 1]);
  }
  return kept;
}
