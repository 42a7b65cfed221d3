import type { ErrorCode } from '@studio/contracts';

/** Why a request's path is refused before any lookup (400): the site host's subset of the path rules' codes. */
export type PathRefusal = Extract<ErrorCode, 'PATH_TOO_LONG' | 'PATH_TRAVERSAL' | 'PATH_BACKSLASH' | 'PATH_CONTROL_CHARACTER' | 'VALIDATION_FAILED'>;

/** A request target longer than this is nobody's page (browsers stop near 2 KB for a link people share). */
export const MAX_TARGET_LENGTH = 2048;

/** A request's path, decoded, without its leading slash (`''` for `/`); its query as sent (with `?`, or empty). */
export interface RequestPath {
  path: string;
  query: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The path of a request target, decoded once, or why it is refused. A site is a map from paths to files
 * (no file system behind it), so a `..` could reach nothing; it is refused all the same, like a backslash,
 * a control character and bad percent-encoding, so every such request answers the same everywhere
 * (400 with a code) instead of whatever a lookup of a strange key would give.
 */
export function parseRequestPath(target: string): RequestPath | { refusal: PathRefusal } {
  if (target.length > MAX_TARGET_LENGTH) return { refusal: 'PATH_TOO_LONG' };
  // Origin form only: a proxy's absolute form or `*` is not a page of a site.
  if (!target.startsWith('/')) return { refusal: 'VALIDATION_FAILED' };
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return { refusal: 'VALIDATION_FAILED' };
  }
  if (CONTROL.test(path)) return { refusal: 'PATH_CONTROL_CHARACTER' };
  if (path.includes('\\')) return { refusal: 'PATH_BACKSLASH' };
  path = path.slice(1);
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) return { refusal: 'PATH_TRAVERSAL' };
  return { path, query: q < 0 ? '' : target.slice(q) };
}

export type PathLookup = { file: string } | { redirect: string } | { missing: true };

/**
 * Which file of a deployment a path is, as static hosts map them: `/` → `index.html`, `/docs/` →
 * `docs/index.html`, `/logo.svg` → `logo.svg`; `/docs` where only `docs/index.html` exists → a redirect
 * to `/docs/` (so the page's relative links resolve as they do in the build); anything else is missing.
 */
export function lookupPath(has: (path: string) => boolean, { path, query }: RequestPath): PathLookup {
  const file = path === '' || path.endsWith('/') ? `${path}index.html` : path;
  if (has(file)) return { file };
  if (file === path && has(`${path}/index.html`)) return { redirect: `${encodeURI(`/${path}/`)}${query}` };
  return { missing: true };
}
