import { type AssetLimits, processUpload, uniqueAssetPath, variantPath } from '@studio/assets';
import { suggestedAlt } from '../assets/asset-changes.js';
import type { AssetMaker } from './stages/attached-assets.js';

/**
 * The turn's `use: asset` pictures made assets with libs/assets, under the same limits and path rules as an
 * asset upload (apps/worker/src/assets), so a logo from the chat and one from the assets panel look alike.
 */
export function assetMakerFor(limits: AssetLimits): AssetMaker {
  return {
    process: (bytes, contentType) => processUpload(bytes, contentType, 'asset', limits),
    paths: (fileName, processed, taken) => {
      const original = uniqueAssetPath(fileName, processed.contentType, (p) => taken.has(p), limits.variantWidths);
      return { original, variants: processed.variants.map((v) => variantPath(original, v.width)) };
    },
    alt: suggestedAlt,
  };
}
