import { StudioError } from '@studio/contracts';

/**
 * Web fonts: WOFF2 only (every browser we serve reads it, and it is the one compressed font format), stored as
 * it came. The magic bytes were checked by the sniffer; this checks the header agrees with what arrived, so a
 * truncated or padded file is refused here rather than failing in the person's browser.
 */
const WOFF2_HEADER_BYTES = 48;

export function checkWoff2(bytes: Buffer): void {
  if (bytes.length < WOFF2_HEADER_BYTES || bytes.toString('latin1', 0, 4) !== 'wOF2') {
    throw new StudioError('ASSET_UNREADABLE', 'The font is not a complete WOFF2 file.');
  }
  // Offset 8: the total length of the WOFF2 file, as its header states it.
  const stated = bytes.readUInt32BE(8);
  if (stated !== bytes.length) {
    throw new StudioError('ASSET_UNREADABLE', `The font's header says ${stated} bytes but ${bytes.length} arrived (a truncated or altered file).`, {
      stated,
      received: bytes.length,
    });
  }
}
