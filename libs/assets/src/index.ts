// The public surface of @studio/assets (docs/ARCHITECTURE.md "Assets"): checking and cleaning the bytes a person
// uploads, and the paths an asset is stored under. Implemented in the files beside this one.

export { assetSlug, assetUrl, isAssetPath, isVariantPath, originalOf, uniqueAssetPath, variantPath, variantsOf, variantWidth } from './asset-paths.js';
export { processUpload } from './process-upload.js';
export { readRasterHeader } from './raster.js';
export { checkDeclaredType, detectMediaType } from './sniff.js';
export { sanitizeSvg } from './svg.js';
export type { AssetLimits, ProcessedUpload, ProcessedVariant } from './types.js';
export { DEFAULT_ASSET_LIMITS } from './types.js';
