import { assetUrl, isAssetPath, isVariantPath, originalOf, variantsOf, variantWidth } from '@studio/assets';
import { type AssetVariantView, type AssetView, UPLOAD_MEDIA_TYPES, type UploadMediaType } from '@studio/contracts';
import type { ProjectAssetEntity } from '@studio/data';

/** One file of a version's manifest. */
export interface ListedFile {
  path: string;
  size: number;
  sha256: string;
}

type AssetRow = Pick<ProjectAssetEntity, 'sha256' | 'kind' | 'contentType' | 'width' | 'height' | 'dominantColor' | 'alt' | 'variants'>;

// By extension, for a file with no metadata row (an SVG the model wrote, a file put there by hand).
const TYPE_BY_EXT = new Map<string, UploadMediaType>([...Object.entries(UPLOAD_MEDIA_TYPES).map(([type, ext]) => [ext, type as UploadMediaType] as const), ['jpeg', 'image/jpeg']]);

/**
 * The assets of one version: its files under ASSET_DIR that are originals, each with what its metadata row
 * (found by the bytes' sha256, so a restore or rename keeps it) says, and its variants under it. A file with
 * no row is listed with what its path and size can say. A variant whose original is gone is listed on its own.
 */
export function listAssets(files: readonly ListedFile[], rows: readonly AssetRow[]): AssetView[] {
  const assets = files.filter((f) => isAssetPath(f.path));
  const paths = assets.map((f) => f.path);
  const byPath = new Map(assets.map((f) => [f.path, f]));
  const bySha = new Map(rows.map((r) => [r.sha256, r]));
  const listed: AssetView[] = [];
  for (const file of assets) {
    if (isVariantPath(file.path) && originalOf(file.path, paths)) continue;
    const row = bySha.get(file.sha256);
    const variants = row ? variantViews(variantsOf(file.path, paths), byPath, row) : [];
    listed.push(assetView(file, row, variants));
  }
  return listed.sort((a, b) => a.path.localeCompare(b.path));
}

/** The hashes whose rows `listAssets` needs. */
export const assetHashes = (files: readonly ListedFile[]) => files.filter((f) => isAssetPath(f.path)).map((f) => f.sha256);

function assetView(file: ListedFile, row: AssetRow | undefined, variants: AssetVariantView[]): AssetView {
  const ext = file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase();
  const contentType = row?.contentType ?? TYPE_BY_EXT.get(ext) ?? 'image/png';
  return {
    path: file.path,
    url: assetUrl(file.path),
    kind: row?.kind ?? (contentType === 'font/woff2' ? 'font' : 'image'),
    contentType,
    bytes: file.size,
    ...(row?.width != null ? { width: row.width } : {}),
    ...(row?.height != null ? { height: row.height } : {}),
    ...(row?.dominantColor ? { dominantColor: row.dominantColor } : {}),
    alt: row?.alt ?? '',
    variants,
  };
}

/** The variants present in this version, sized from the row (matched by width, since a rename moves the paths). */
function variantViews(variantPaths: string[], byPath: Map<string, ListedFile>, row: AssetRow): AssetVariantView[] {
  return variantPaths.flatMap((path) => {
    const width = variantWidth(path);
    const known = row.variants.find((v) => v.width === width);
    const file = byPath.get(path);
    if (!known || !file) return [];
    return [{ path, width: known.width, height: known.height, bytes: file.size }];
  });
}
