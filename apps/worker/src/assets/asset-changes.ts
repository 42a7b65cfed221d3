import { type ProcessedUpload, uniqueAssetPath, variantPath, variantsOf } from '@studio/assets';
import { type AssetVariantView, StudioError } from '@studio/contracts';
import type { AssetMetadata, Manifest } from '@studio/data';
import type { FileChange } from '@studio/files';

/** What an asset upload changes in the project: its files, and what is recorded about them. */
export interface AssetPlan {
  /** Where the original is stored. */
  path: string;
  /** The upload took the place of the asset at `path` (its `replaces`). */
  replaced: boolean;
  changes: FileChange[];
  variants: AssetVariantView[];
  /** The original and its variants: what the upload keeps, for the quota. */
  storedBytes: number;
}

/** The part of an upload's row the plan needs. */
export interface AssetRequest {
  fileName: string;
  replaces: string | null;
}

const extOf = (path: string) => {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'jpeg' ? 'jpg' : ext;
};

/**
 * Where an upload's cleaned original and variants go in the head's files, as one set of changes. A new asset
 * gets a path no file of the head has (nor any of its variant paths, so a variant never overwrites another
 * file); a replacement keeps the replaced path, so the pages that show it need no edit, and deletes the old
 * variants that are not made again (a smaller picture has fewer).
 */
export function planAssetChanges(manifest: Manifest, request: AssetRequest, processed: ProcessedUpload, variantWidths: readonly number[]): AssetPlan {
  const paths = Object.keys(manifest);
  let path: string;
  if (request.replaces) {
    // Same path, new bytes: a page's <img src="/assets/logo.png"> must not receive a JPEG under a .png name.
    if (extOf(request.replaces) !== processed.ext) {
      throw new StudioError('ASSET_TYPE_MISMATCH', `${request.replaces} can only be replaced by a file of the same type (.${extOf(request.replaces)}); this one is .${processed.ext}.`, {
        path: request.replaces,
        declared: processed.contentType,
      });
    }
    path = request.replaces;
  } else {
    path = uniqueAssetPath(request.fileName, processed.contentType, (candidate) => candidate in manifest, variantWidths);
  }
  const variants = processed.variants.map((v) => ({ path: variantPath(path, v.width), width: v.width, height: v.height, bytes: v.bytes.length }));
  const made = new Set(variants.map((v) => v.path));
  const stale = request.replaces ? variantsOf(path, paths).filter((p) => !made.has(p)) : [];
  const changes: FileChange[] = [
    { action: 'write', path, content: processed.bytes },
    ...processed.variants.map((v, i): FileChange => ({ action: 'write', path: variants[i].path, content: v.bytes })),
    ...stale.map((p): FileChange => ({ action: 'delete', path: p })),
  ];
  const storedBytes = processed.bytes.length + variants.reduce((sum, v) => sum + v.bytes, 0);
  return { path, replaced: Boolean(request.replaces && path in manifest), changes, variants, storedBytes };
}

/** Alt text when the person gave none, from the file name: `team-photo_2024.JPG` → `Team photo 2024`. */
export function suggestedAlt(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const words = stem
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!words) return 'Image';
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** The metadata row of a processed asset: one mapping for an upload's asset and a picture a turn saved as one. */
export function assetMetadata(processed: ProcessedUpload, where: Pick<AssetMetadata, 'projectId' | 'sha256' | 'path' | 'alt' | 'variants'>): AssetMetadata {
  return {
    ...where,
    kind: processed.kind,
    contentType: processed.contentType,
    bytes: processed.bytes.length,
    width: processed.width ?? null,
    height: processed.height ?? null,
    dominantColor: processed.dominantColor ?? null,
  };
}
