import { StudioError, UPLOAD_MEDIA_TYPES, type UploadMediaType, type UploadPurpose } from '@studio/contracts';
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import type { AssetLimits, ProcessedVariant } from './types.js';

/**
 * Raster images through sharp (libvips): the pixel limit read from the header before anything is decoded, a
 * clean copy (oriented, re-encoded in its own format, no metadata), the dominant colour, and WebP variants or,
 * for a chat picture, a copy scaled to what a model is shown.
 */

// The worker that calls this also runs turns on a 2-core machine: one libvips thread per image and no
// operation cache keep a 4 MB photo from taking both cores or holding decoded pixels after the job.
sharp.concurrency(1);
sharp.cache(false);

export type RasterType = Exclude<UploadMediaType, 'image/svg+xml' | 'font/woff2'>;

export interface RasterResult {
  contentType: RasterType;
  bytes: Buffer;
  width: number;
  height: number;
  dominantColor: string;
  variants: ProcessedVariant[];
}

const JPEG_QUALITY = 88;
const WEBP_QUALITY = 90;
const AVIF_QUALITY = 70;
const VARIANT_WEBP_QUALITY = 82;
// The dominant colour is the same on a thumbnail, at a fraction of the cost.
const DOMINANT_SAMPLE_SIDE = 128;

/** Every sharp() call goes through here, so none can be made without the pixel limit (a lying header cannot get past). */
function open(input: Buffer, limits: AssetLimits, options: SharpOptions = {}): Sharp {
  return sharp(input, { limitInputPixels: limits.maxImagePixels, failOn: 'error', ...options });
}

/** Runs a sharp step, turning libvips' failures into stable codes. */
async function attempt<T>(run: () => Promise<T>, limits: AssetLimits): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StudioError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new StudioError('IMAGE_TOO_LARGE', `The image has more pixels than the limit of ${limits.maxImagePixels}.`, { limit: limits.maxImagePixels });
    }
    throw new StudioError('ASSET_UNREADABLE', `The image cannot be read (${reason.split('\n')[0].slice(0, 200)}).`);
  }
}

/** Width and height from the header alone, refused past maxImagePixels before a pixel is decoded. */
export async function readRasterHeader(bytes: Buffer, limits: AssetLimits): Promise<{ width: number; height: number; frames: number }> {
  // The one call without sharp's pixel limit: metadata() reads the header and decodes no pixel, and with the
  // limit set it would refuse a bomb without saying its size. The limit is applied just below, by us.
  const meta = await attempt(() => sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata(), limits);
  const { width, height } = meta;
  if (!width || !height) throw new StudioError('ASSET_UNREADABLE', 'The image header has no dimensions.');
  const frames = meta.pages ?? 1;
  // Every frame of an animation is decoded, so the limit is on all of them together.
  const pixels = width * height * frames;
  if (pixels > limits.maxImagePixels) {
    throw new StudioError('IMAGE_TOO_LARGE', `The image is ${width}×${height}${frames > 1 ? ` × ${frames} frames` : ''}, past the limit of ${limits.maxImagePixels} pixels.`, {
      width,
      height,
      limit: limits.maxImagePixels,
      ...(frames > 1 ? { frames } : {}),
    });
  }
  return { width, height, frames };
}

/** Re-encodes in `type`, which is where metadata goes: sharp writes none unless asked (withMetadata is never called). */
function encode(pipeline: Sharp, type: RasterType): Sharp {
  switch (type) {
    case 'image/jpeg':
      // Plain libjpeg, not mozjpeg: on a 12 MP photo mozjpeg took 4.3 s against 0.64 s (one libvips thread) for
      // files ~10% smaller; the WebP variants are what pages serve, so the original's size matters less than the wait.
      return pipeline.jpeg({ quality: JPEG_QUALITY });
    case 'image/png':
      return pipeline.png();
    case 'image/webp':
      return pipeline.webp({ quality: WEBP_QUALITY });
    case 'image/avif':
      return pipeline.avif({ quality: AVIF_QUALITY });
    case 'image/gif':
      return pipeline.gif();
  }
}

async function dominantColor(cleaned: Buffer, limits: AssetLimits): Promise<string> {
  const sample = await open(cleaned, limits).resize(DOMINANT_SAMPLE_SIDE, DOMINANT_SAMPLE_SIDE, { fit: 'inside' }).png().toBuffer();
  const { dominant } = await open(sample, limits).stats();
  return `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Checks and cleans a raster image; see the file's comment for what each purpose gets. */
export async function processRaster(bytes: Buffer, type: RasterType, purpose: UploadPurpose, limits: AssetLimits): Promise<RasterResult> {
  const header = await readRasterHeader(bytes, limits);
  return attempt(async () => {
    if (purpose === 'chat') return chatCopy(bytes, type, limits);
    const animated = type === 'image/gif' && header.frames > 1;
    // EXIF orientation is applied to the pixels before the EXIF goes; a GIF has none (and rotating would flatten it).
    const base = animated ? open(bytes, limits, { animated: true }) : open(bytes, limits).rotate();
    const { data, info } = await encode(base, type).toBuffer({ resolveWithObject: true });
    const height = animated ? (info.pageHeight ?? info.height) : info.height;
    const variants = type === 'image/gif' ? [] : await makeVariants(data, info.width, limits);
    return { contentType: type, bytes: data, width: info.width, height, dominantColor: await dominantColor(data, limits), variants };
  }, limits);
}

/** WebP copies at each configured width below the image's own, aspect kept, from the cleaned (metadata-free) bytes. */
async function makeVariants(cleaned: Buffer, width: number, limits: AssetLimits): Promise<ProcessedVariant[]> {
  const variants: ProcessedVariant[] = [];
  for (const target of [...new Set(limits.variantWidths)].filter((w) => w < width).sort((a, b) => a - b)) {
    const { data, info } = await open(cleaned, limits).resize({ width: target }).webp({ quality: VARIANT_WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
    variants.push({ width: info.width, height: info.height, bytes: data, ext: 'webp' });
  }
  return variants;
}

/** A chat picture: scaled to fit chatImageMaxSide; a GIF becomes its first frame as a PNG (models take still images). */
async function chatCopy(bytes: Buffer, type: RasterType, limits: AssetLimits): Promise<RasterResult> {
  const outType: RasterType = type === 'image/gif' ? 'image/png' : type;
  const side = limits.chatImageMaxSide;
  const pipeline = open(bytes, limits).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await encode(pipeline, outType).toBuffer({ resolveWithObject: true });
  return { contentType: outType, bytes: data, width: info.width, height: info.height, dominantColor: await dominantColor(data, limits), variants: [] };
}

export const rasterExt = (type: RasterType) => UPLOAD_MEDIA_TYPES[type];
