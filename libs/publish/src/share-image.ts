import sharp from 'sharp';

/** Link previews show a card ~600 px wide; an image over ~300 KB costs the crawlers' time and some skip it. */
export const MAX_SHARE_IMAGE_BYTES = 300 * 1024;

/**
 * A screenshot as a share image of `width`×`height` (cropped from the top) under MAX_SHARE_IMAGE_BYTES:
 * lossless when small enough (flat colours and text, most pages); else a 256-colour palette; else, for a page
 * of photos or noise, the palette at half the size. Always a PNG. The palette is quantised at libimagequant's
 * lowest effort: at its default a noisy 1200x630 shot took 23 s here, at the lowest 1.6 s, for the same size.
 */
export async function shareImage(shot: Buffer, width: number, height: number): Promise<Buffer> {
  const attempts: { px: [number, number]; palette: boolean }[] = [
    { px: [width, height], palette: false },
    { px: [width, height], palette: true },
    { px: [Math.round(width / 2), Math.round(height / 2)], palette: true },
  ];
  let png = Buffer.alloc(0);
  for (const { px, palette } of attempts) {
    const resized = sharp(shot).resize(px[0], px[1], { fit: 'cover', position: 'top' });
    png = await resized.png(palette ? { compressionLevel: 9, palette: true, effort: 1 } : { compressionLevel: 9 }).toBuffer();
    if (png.byteLength <= MAX_SHARE_IMAGE_BYTES) break;
  }
  return png;
}
