import type { OutgoingHttpHeaders } from 'node:http';
import type { DeployedFile, DeploymentManifest } from '@studio/publish';
import { IMMUTABLE, REVALIDATE } from './site-headers.js';

/** One way to send a file: as built, or one of its precompressed copies; headers made once per deployment. */
export interface Representation {
  key: string;
  size: number;
  /** Status 200 (GET and HEAD alike). */
  headers: OutgoingHttpHeaders;
  /** Status 304: validators and caching only, no body headers. */
  notModified: OutgoingHttpHeaders;
}

export interface ServedFile {
  identity: Representation;
  br?: Representation;
  gzip?: Representation;
  /** Every ETag this file was sent with (one per representation), for If-None-Match. */
  etags: ReadonlySet<string>;
}

/**
 * A deployment ready to serve: each file of its manifest with its answers' headers prepared once, so a request
 * only looks up a path and writes. Precompressed copies get an ETag of their own (`"<etag>-br"`): a strong
 * validator names one representation's bytes. A conditional request is answered 304 for any of them, as the
 * content is the same file.
 */
export class ServedDeployment {
  private readonly files = new Map<string, ServedFile>();
  /** The manifest's 404 page, answered with status 404 (no validators: it stands for every missing path). */
  readonly notFound: ServedFile | undefined;

  constructor(manifest: DeploymentManifest, base: OutgoingHttpHeaders) {
    for (const [path, file] of Object.entries(manifest.files)) this.files.set(path, served(file, base, false));
    const page = manifest.files[manifest.notFound];
    this.notFound = Object.hasOwn(manifest.files, manifest.notFound) && page ? served(page, base, true) : undefined;
  }

  has = (path: string): boolean => this.files.has(path);
  file = (path: string): ServedFile | undefined => this.files.get(path);
}

function served(file: DeployedFile, base: OutgoingHttpHeaders, notFound: boolean): ServedFile {
  const cacheControl = notFound ? REVALIDATE : file.immutable ? IMMUTABLE : REVALIDATE;
  // Only files with a compressed copy vary by Accept-Encoding; a PNG is the same for every client.
  const varies = Boolean(file.br || file.gz);
  const representation = (key: string, size: number, encoding: 'br' | 'gzip' | null): Representation => {
    const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"` : file.etag;
    const caching: OutgoingHttpHeaders = {
      'Cache-Control': cacheControl,
      ...(notFound ? {} : { ETag: etag }),
      ...(varies ? { Vary: 'Accept-Encoding' } : {}),
    };
    return {
      key,
      size,
      headers: { ...base, 'Content-Type': file.contentType || 'application/octet-stream', 'Content-Length': size, ...(encoding ? { 'Content-Encoding': encoding } : {}), ...caching },
      notModified: { ...base, ...caching },
    };
  };
  const identity = representation(file.key, file.size, null);
  const br = file.br ? representation(file.br.key, file.br.size, 'br') : undefined;
  const gzip = file.gz ? representation(file.gz.key, file.gz.size, 'gzip') : undefined;
  const etags = new Set<string>([identity, br, gzip].flatMap((r) => (r && typeof r.headers.ETag === 'string' ? [r.headers.ETag] : [])));
  return { identity, br, gzip, etags };
}

/** Whether If-None-Match names one of the file's ETags (weak comparison, RFC 9110 13.1.2), or is `*`. */
export function matchesEtag(ifNoneMatch: string, etags: ReadonlySet<string>): boolean {
  if (ifNoneMatch.trim() === '*') return etags.size > 0;
  for (const candidate of ifNoneMatch.split(',')) {
    const tag = candidate.trim().replace(/^W\//, '');
    if (etags.has(tag)) return true;
  }
  return false;
}
