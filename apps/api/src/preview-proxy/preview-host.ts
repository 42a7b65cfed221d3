const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `<projectId>.<PREVIEW_DOMAIN>[:port]` → the project id; anything else is the API's own host. */
export function previewHostMatcher(domain: string): (host: string | undefined) => string | null {
  const pattern = new RegExp(`^(${UUID})\\.${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?$`, 'i');
  return (host) => {
    const match = host ? pattern.exec(host) : null;
    return match ? match[1].toLowerCase() : null;
  };
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The request's cookies without ours: the preview's dev server has no business with it. */
export function withoutCookie(header: string, name: string): string {
  return header
    .split(';')
    .filter((part) => part.split('=')[0].trim() !== name)
    .join(';')
    .trim();
}

/** Only a path on the same origin: `next` must not send the browser elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
