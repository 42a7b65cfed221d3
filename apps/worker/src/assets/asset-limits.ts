import { type AssetLimits, DEFAULT_ASSET_LIMITS } from '@studio/assets';
import type { Env } from '@studio/config';

/** The checks' limits as the operator set them (libs/config ASSET_MAX_*); the variant widths and chat size are the library's. */
export const assetLimitsFrom = (env: Env): AssetLimits => ({
  ...DEFAULT_ASSET_LIMITS,
  maxImageBytes: env.ASSET_MAX_IMAGE_BYTES,
  maxFontBytes: env.ASSET_MAX_FONT_BYTES,
  maxImagePixels: env.ASSET_MAX_IMAGE_PIXELS,
});
