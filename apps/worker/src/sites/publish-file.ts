import { contentTypeOf, type DeploymentManifest, deployedFile, isHashedAsset, precompress } from '@studio/publish';

/** One file of a deployment as targets receive it: its bytes, how it is served, and its precompressed forms. */
export interface PublishFile {
  /** Without a leading slash, e.g. `index.html`, `assets/index-3f2a9c1b.js`. */
  path: string;
  bytes: Buffer;
  contentType: string;
  /** Vite's hashed assets never change under their name: cached for a year. */
  immutable: boolean;
  br?: Buffer;
  gz?: Buffer;
}

/** The page a site answers with when a path has no file (its manifest's `notFound`). */
export const NOT_FOUND_PAGE = '404.html';

/** The finished site's files with their content types and, where compression pays, brotli and gzip forms. */
export async function publishFilesOf(files: Map<string, Buffer>): Promise<PublishFile[]> {
  const compressed = await precompress(files);
  return [...files].map(([path, bytes]) => {
    const variants = compressed.get(path);
    return {
      path,
      bytes,
      contentType: contentTypeOf(path),
      immutable: isHashedAsset(path),
      ...(variants?.br ? { br: variants.br } : {}),
      ...(variants?.gz ? { gz: variants.gz } : {}),
    };
  });
}

/** Where each file (and its compressed forms) lives in the object store, as the site host reads it. */
export function manifestOf(projectId: string, deploymentId: string, files: PublishFile[]): DeploymentManifest {
  const manifest: DeploymentManifest = { files: {}, notFound: NOT_FOUND_PAGE };
  for (const file of files) manifest.files[file.path] = deployedFile(projectId, deploymentId, file.path, file.bytes, file);
  return manifest;
}

/** A caught error's words for a log line or a person. */
export const errorText = (err: unknown): string => (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' ? err.message : String(err));

/** Runs `task` over `items` with at most `limit` at a time; the first failure rejects (no further item is started). */
export async function eachLimited<T>(items: Iterable<T>, limit: number, task: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by the lanes: each takes the next item when it is free.
  const queue = items[Symbol.iterator]();
  let failed = false;
  const lane = async () => {
    for (let item = queue.next(); !item.done && !failed; item = queue.next()) {
      try {
        await task(item.value);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
}
