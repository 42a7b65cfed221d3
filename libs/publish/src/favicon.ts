import sharp from 'sharp';

/**
 * Favicons from the site's logo (any format sharp reads, SVG rasterised): `favicon-32.png` for the `<link
 * rel=icon>`, `apple-touch-icon.png` (180 px, on white: iOS shows transparency as black) and `favicon.ico`,
 * which browsers fetch from the root whatever the page says. The logo is fitted whole into the square
 * (transparent bars), never cropped: a cut-off wordmark is worse than a small one.
 */

export const FAVICON_PNG = 'favicon-32.png';
export const APPLE_TOUCH_ICON = 'apple-touch-icon.png';
export const FAVICON_ICO = 'favicon.ico';

/** One square rendering everything is scaled down from, so an SVG is rasterised once and sharply. */
const MASTER_PX = 512;
const ICO_SIZES = [16, 32, 48];
/** librsvg's memory grows with density; a tiny viewBox must not ask for a 100k-pixel-wide render. */
const MAX_SVG_DENSITY = 2400;
/** The logo came through libs/assets' checks; this is a second fence, as large as those allow. */
const MAX_INPUT_PIXELS = 50_000_000;

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

async function master(logo: Buffer): Promise<Buffer> {
  const meta = await sharp(logo, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const side = Math.min(meta.width ?? 0, meta.height ?? 0);
  // An SVG's size is read at 72 dpi; render it at the density that makes its short side the master's size.
  const density = meta.format === 'svg' && side > 0 ? Math.min(MAX_SVG_DENSITY, Math.max(72, Math.ceil((72 * MASTER_PX) / side))) : undefined;
  return sharp(logo, { limitInputPixels: MAX_INPUT_PIXELS, ...(density ? { density } : {}) })
    .resize(MASTER_PX, MASTER_PX, { fit: 'contain', background: TRANSPARENT })
    .png()
    .toBuffer();
}

const square = (png: Buffer, px: number) => sharp(png).resize(px, px, { fit: 'contain', background: TRANSPARENT }).png({ compressionLevel: 9 }).toBuffer();

/**
 * An ICO holding PNG images (every browser since IE 9 reads them): a 6-byte header, a 16-byte entry per
 * image (width and height as one byte each, 0 meaning 256), then the PNGs as they are.
 */
export function icoOf(images: { px: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon (2 would be a cursor)
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ px, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(px >= 256 ? 0 : px, entry);
    header.writeUInt8(px >= 256 ? 0 : px, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** Throws what sharp throws when the logo cannot be read: the caller publishes without favicons. */
export async function faviconsFrom(logo: Buffer): Promise<{ path: string; bytes: Buffer }[]> {
  const big = await master(logo);
  const icoImages = await Promise.all(ICO_SIZES.map(async (px) => ({ px, png: await square(big, px) })));
  const apple = await sharp(big).resize(180, 180).flatten({ background: '#ffffff' }).png({ compressionLevel: 9 }).toBuffer();
  const png32 = icoImages.find((i) => i.px === 32)?.png ?? (await square(big, 32));
  return [
    { path: FAVICON_PNG, bytes: png32 },
    { path: APPLE_TOUCH_ICON, bytes: apple },
    { path: FAVICON_ICO, bytes: icoOf(icoImages) },
  ];
}
