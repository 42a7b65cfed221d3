import { StudioError, UPLOAD_MEDIA_TYPES, type UploadMediaType } from '@studio/contracts';
import { fileTypeFromBuffer } from 'file-type';

/**
 * What the bytes of an upload really are, whatever the browser declared. Binary formats are known by their
 * magic bytes (file-type); SVG has none, so it is recognised as text: an XML document whose root element is
 * `<svg>`, after an optional BOM, XML declaration, comments and a doctype.
 */

// file-type names a few of our formats differently; everything else it finds is a format we do not take.
const FILE_TYPE_MIMES: Record<string, UploadMediaType> = {
  'image/png': 'image/png',
  // An animated PNG is a PNG to every browser and to libvips.
  'image/apng': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/webp': 'image/webp',
  'image/avif': 'image/avif',
  'image/gif': 'image/gif',
  'font/woff2': 'font/woff2',
};

// How far into the text the `<svg` root may start: a long licence comment is fine, a megabyte of prologue is not an SVG.
const SVG_PROLOGUE_CHARS = 64 * 1024;

/** The media type the bytes are, or undefined when they are none we take. */
export async function detectMediaType(bytes: Buffer): Promise<UploadMediaType | undefined> {
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  const found = await fileTypeFromBuffer(bytes);
  return found ? FILE_TYPE_MIMES[found.mime] : undefined;
}

/** Returns the declared type when the bytes are of it; throws ASSET_TYPE_MISMATCH naming both when they are not. */
export async function checkDeclaredType(bytes: Buffer, declared: UploadMediaType): Promise<UploadMediaType> {
  const detected = await detectMediaType(bytes);
  if (detected === declared) return declared;
  const what = detected ? `${detected} (.${UPLOAD_MEDIA_TYPES[detected]})` : 'none of the image or font formats we take';
  throw new StudioError('ASSET_TYPE_MISMATCH', `The file was declared as ${declared} but its bytes are ${what}.`, {
    declared,
    detected: detected ?? null,
  });
}

/** Whether the text starts, after its prologue, with an `<svg` root element. Reads at most SVG_PROLOGUE_CHARS. */
export function looksLikeSvg(bytes: Buffer): boolean {
  let text = bytes.subarray(0, SVG_PROLOGUE_CHARS * 2).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let at = 0;
  // The prologue, by hand rather than by one regular expression, so a crafted prologue cannot backtrack.
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (at >= SVG_PROLOGUE_CHARS) return false;
    const skip = (open: string, close: string): boolean => {
      if (!text.startsWith(open, at)) return false;
      const end = text.indexOf(close, at + open.length);
      if (end < 0) return false;
      at = end + close.length;
      return true;
    };
    if (skip('<?xml', '?>') || skip('<!--', '-->')) continue;
    // A doctype without an internal subset only: `[` would let it declare entities (the "billion laughs").
    if (text.startsWith('<!DOCTYPE', at)) {
      const end = text.indexOf('>', at);
      if (end < 0 || text.slice(at, end).includes('[')) return false;
      at = end + 1;
      continue;
    }
    return /^<svg[\s>/]/.test(text.slice(at, at + 5));
  }
}
