/**
 * What the site host sends as Content-Type for a built file, and which files may be cached for good or
 * stored precompressed. Decided once at publish and kept in the manifest, so serving does no guessing.
 */

const UTF8 = '; charset=utf-8';

/** By lowercase extension. Text formats carry their charset: a page without it is decoded by guesswork. */
const TYPES: Record<string, string> = {
  html: `text/html${UTF8}`,
  htm: `text/html${UTF8}`,
  css: `text/css${UTF8}`,
  js: `text/javascript${UTF8}`,
  mjs: `text/javascript${UTF8}`,
  json: `application/json${UTF8}`,
  map: `application/json${UTF8}`,
  webmanifest: `application/manifest+json${UTF8}`,
  txt: `text/plain${UTF8}`,
  xml: `application/xml${UTF8}`,
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  mp4: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** `assets/index-BqGk3kX_.js` → `text/javascript; charset=utf-8`; unknown or no extension → `application/octet-stream`. */
export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return DEFAULT_CONTENT_TYPE;
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/**
 * Vite names what it bundles `assets/<name>-<hash>.<ext>` (rollup's 8-character base64url content hash), so
 * such a file never changes under its name and may be cached for a year. But `public/assets/` is copied to
 * `assets/` as well, and a person's uploads live there (`hero-2.png`, `team-20240101.jpg`): taking one of
 * those for hashed would keep a replaced picture stale in browsers for a year. Upload names are lowercase
 * letters, digits and dashes only (libs/assets `assetSlug`), so a hash must also hold an uppercase letter or
 * an underscore. The few real hashes without one (about 1 in 60) are merely revalidated: the safe mistake.
 */
const HASHED = /^assets\/(?:[^/]+\/)*[^/]+-([A-Za-z0-9_-]{8})\.[A-Za-z0-9]+$/;

export function isHashedAsset(path: string): boolean {
  const hash = HASHED.exec(path)?.[1];
  return hash !== undefined && /[A-Z_]/.test(hash);
}

/** Formats that shrink under brotli or gzip; images, fonts and video other than these are compressed already. */
export function isCompressible(contentType: string): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/manifest+json' ||
    type === 'application/xml' ||
    type === 'application/javascript' ||
    type === 'image/svg+xml' ||
    type === 'image/x-icon' ||
    type === 'font/ttf' ||
    type === 'font/otf'
  );
}
