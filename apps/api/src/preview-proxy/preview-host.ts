const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A host under PREVIEW_DOMAIN: the project it names, or null when it names none (answered 404, never by the API). */
export interface PreviewHost {
  projectId: string | null;
}

/**
 * `<projectId>.<PREVIEW_DOMAIN>` → that project. Every other name under the domain is a preview host too
 * (naming no project), so nothing of the API answers anywhere a preview's page could be; only the domain
 * itself and hosts outside it are the API's. Host forms a browser or a client may send are all the same
 * host: any case, with or without a port, with the DNS root's trailing dot.
 */
export function previewHostMatcher(domain: string): (host: string | undefined) => PreviewHost | null {
  const suffix = `.${domain.toLowerCase().replace(/\.$/, '')}`;
  return (host) => {
    if (!host) return null;
    const name = host.toLowerCase().replace(/:\d*$/, '').replace(/\.+$/, '');
    if (!name.endsWith(suffix) || name.length === suffix.length) return null;
    const label = name.slice(0, -suffix.length);
    return { projectId: UUID.test(label) ? label : null };
  };
}

/** The most values of our cookie looked at in one request: enough for a planted one beside the real one. */
const MAX_VALUES = 8;

/**
 * Every value of cookie `name` in a Cookie header (Node joins repeated Cookie headers with `; `). A cookie
 * another page planted under the same name (a sibling subdomain can set one for the parent domain) must not
 * hide the real one, so the caller tries each. A value that is not valid percent-encoding is kept as it is
 * (it then fails verification like any other bad value, rather than throwing).
 */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    if (!raw) continue;
    values.push(decodeOrKeep(raw));
    if (values.length === MAX_VALUES) break;
  }
  return values;
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The request's cookies without ours: the preview's dev server has no business with it. */
export function withoutCookie(header: string, name: string): string {
  return header
    .split(';')
    .filter((part) => part.split('=')[0].trim() !== name)
    .join(';')
    .trim();
}

const BASE = 'http://preview.invalid';

/**
 * Only a path on the same origin: `next` must not send the browser elsewhere. Parsed as a browser would
 * (backslashes, tabs and newlines included), and answered in its serialized form, so the Location header
 * never carries a character a header cannot.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  try {
    const url = new URL(next, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
