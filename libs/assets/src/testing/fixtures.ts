import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** Test fixtures made in the tests themselves (no binary files in the repository). */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A "decompression bomb" PNG written by hand: a valid signature and IHDR claiming width × height RGB pixels,
 * then a tiny IDAT (one zero row), so the file is a few dozen bytes and only a decoder would find it short.
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  // compression, filter and interlace methods: 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1 + 3 * 16))), chunk('IEND', Buffer.alloc(0))]);
}

/** A solid-colour image of the given format. */
export function solid(width: number, height: number, colour: string): Sharp {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/** Random pixels: a photo-like image that does not compress away (for sizes close to real ones). */
export function noisy(width: number, height: number, seed = 1): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    // xorshift32: fast, deterministic, good enough for noise.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A WOFF2 file's header and a body, as far as the checks read: magic, flavor, total length. */
export function woff2(bytes = 256): Buffer {
  const font = Buffer.alloc(bytes);
  font.write('wOF2', 0, 'latin1');
  font.writeUInt32BE(0x00010000, 4); // flavor: TrueType
  font.writeUInt32BE(bytes, 8);
  return font;
}

/** The first bytes of a TrueType font (sfnt version 1.0). */
export function ttf(bytes = 256): Buffer {
  const font = Buffer.alloc(bytes);
  font.writeUInt32BE(0x00010000, 0);
  font.writeUInt16BE(4, 4); // numTables
  return font;
}
