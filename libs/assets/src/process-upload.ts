import { CHAT_IMAGE_MEDIA_TYPES, StudioError, UPLOAD_MEDIA_TYPES, type UploadMediaType, type UploadPurpose } from '@studio/contracts';
import { checkWoff2 } from './font.js';
import { processRaster, type RasterType } from './raster.js';
import { checkDeclaredType } from './sniff.js';
import { sanitizeSvg } from './svg.js';
import { type AssetLimits, DEFAULT_ASSET_LIMITS, type ProcessedUpload } from './types.js';

/**
 * The one entry point the worker calls with the bytes that arrived: the size limit of the kind, what the bytes
 * really are, then the checks and cleaning of that format. Every refusal is a StudioError with a stable code
 * (UPLOAD_TOO_LARGE, UPLOAD_TYPE_NOT_ALLOWED, ASSET_TYPE_MISMATCH, IMAGE_TOO_LARGE, ASSET_UNREADABLE).
 */
export async function processUpload(bytes: Buffer, declared: UploadMediaType, purpose: UploadPurpose, limits: AssetLimits = DEFAULT_ASSET_LIMITS): Promise<ProcessedUpload> {
  const kind = declared === 'font/woff2' ? 'font' : 'image';
  const limit = kind === 'font' ? limits.maxFontBytes : limits.maxImageBytes;
  if (bytes.length > limit) {
    throw new StudioError('UPLOAD_TOO_LARGE', `The ${kind} is ${bytes.length} bytes; the limit is ${limit}.`, { size: bytes.length, limit });
  }
  if (purpose === 'chat' && !CHAT_IMAGE_MEDIA_TYPES.includes(declared)) {
    throw new StudioError('UPLOAD_TYPE_NOT_ALLOWED', `A chat picture is one of ${CHAT_IMAGE_MEDIA_TYPES.join(', ')}, not ${declared}.`, {
      contentType: declared,
      allowed: CHAT_IMAGE_MEDIA_TYPES,
    });
  }
  if (bytes.length === 0) throw new StudioError('ASSET_UNREADABLE', 'The file is empty.');
  const type = await checkDeclaredType(bytes, declared);

  if (type === 'font/woff2') {
    checkWoff2(bytes);
    return { purpose, kind: 'font', contentType: type, ext: UPLOAD_MEDIA_TYPES[type], bytes, variants: [] };
  }
  if (type === 'image/svg+xml') {
    const svg = await sanitizeSvg(bytes);
    return { purpose, kind: 'image', contentType: type, ext: UPLOAD_MEDIA_TYPES[type], bytes: svg.bytes, width: svg.width, height: svg.height, variants: [] };
  }
  const raster = await processRaster(bytes, type satisfies RasterType, purpose, limits);
  return {
    purpose,
    kind: 'image',
    contentType: raster.contentType,
    ext: UPLOAD_MEDIA_TYPES[raster.contentType],
    bytes: raster.bytes,
    width: raster.width,
    height: raster.height,
    dominantColor: raster.dominantColor,
    variants: raster.variants,
  };
}
