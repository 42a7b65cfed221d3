import { blobKey } from '@studio/files';

/** A stored blob's key ends in its SHA-256; anything else under blobs/ is not the collector's to judge. */
const BLOB_NAME = /\/blobs\/([0-9a-f]{64})$/;

/**
 * The collector's decision for one project (docs/ARCHITECTURE.md "Storage lifecycle"): of the keys listed
 * under its blobs/ BEFORE `keep` was read, those whose hash nothing keeps. A key that does not name a blob
 * (another writer's, a hand-made one) is never swept; a key of another project neither.
 */
export function sweepable(projectId: string, listed: Iterable<string>, keep: ReadonlySet<string>): { key: string; sha256: string }[] {
  const out: { key: string; sha256: string }[] = [];
  for (const key of listed) {
    const sha256 = BLOB_NAME.exec(key)?.[1];
    if (!sha256 || key !== blobKey(projectId, sha256) || keep.has(sha256)) continue;
    out.push({ key, sha256 });
  }
  return out;
}

/** Runs `work` over `items` in batches of `size`, each batch side by side: a store round trip per item, not one after another. */
export async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}
