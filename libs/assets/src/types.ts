import type { UploadMediaType, UploadPurpose } from '@studio/contracts';

/** How far the platform trusts an upload. The defaults suit landing-page images; operators change them in config. */
export interface AssetLimits {
  /** Bytes of one uploaded image (an SVG included). */
  maxImageBytes: number;
  /** Bytes of one uploaded web font. */
  maxFontBytes: number;
  /** Width × height past which an image is refused before it is decoded (decompression bombs). */
  maxImagePixels: number;
  /** Widths of the WebP variants made of an asset image, where the image is wider. */
  variantWidths: readonly number[];
  /** The longest side a chat picture is shown to a model at (larger ones are scaled down; providers do the same). */
  chatImageMaxSide: number;
}

export const DEFAULT_ASSET_LIMITS: AssetLimits = {
  maxImageBytes: 10 * 1024 * 1024,
  maxFontBytes: 2 * 1024 * 1024,
  maxImagePixels: 50_000_000,
  variantWidths: [480, 960, 1920],
  chatImageMaxSide: 1568,
};

export interface ProcessedVariant {
  width: number;
  height: number;
  bytes: Buffer;
  /** Always WebP. */
  ext: 'webp';
}

/** An upload after its checks: the cleaned bytes to store, what they are, and the variants to store beside them. */
export interface ProcessedUpload {
  purpose: UploadPurpose;
  kind: 'image' | 'font';
  /** What the bytes really are (equal to the declared type, or the upload was refused). */
  contentType: UploadMediaType;
  ext: string;
  /** Metadata stripped (EXIF, GPS, XMP, comments), SVG sanitised; for `chat`, scaled to fit chatImageMaxSide. */
  bytes: Buffer;
  width?: number;
  height?: number;
  /** `#rrggbb` of the image's dominant colour (raster images). */
  dominantColor?: string;
  /** `asset` raster images only; none for `chat`, SVG, GIF and fonts. */
  variants: ProcessedVariant[];
}
