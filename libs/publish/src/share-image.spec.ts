import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { MAX_SHARE_IMAGE_BYTES, shareImage } from './share-image.js';

const raw = (width: number, height: number, pixels: Buffer) =>
  sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();

describe('shareImage', () => {
  it('keeps a flat page lossless at the asked size, cropped from the top', async () => {
    // 1200x1000: a white top and a black bottom; the share image is the top 630 rows, all white.
    const pixels = Buffer.alloc(1200 * 1000 * 3, 255);
    pixels.fill(0, 1200 * 700 * 3);
    const png = await shareImage(await raw(1200, 1000, pixels), 1200, 630);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height, meta.isPalette]).toEqual(['png', 1200, 630, false]);
    const stats = await sharp(png).stats();
    expect(stats.channels.map((c) => c.min)).toEqual([255, 255, 255]);
    expect(png.byteLength).toBeLessThan(MAX_SHARE_IMAGE_BYTES);
  });

  it('stays under the cap for a page that will not compress (noise), with a palette at half the size', async () => {
    const noisy = await raw(1200, 630, randomBytes(1200 * 630 * 3));
    expect(noisy.byteLength).toBeGreaterThan(MAX_SHARE_IMAGE_BYTES);
    const png = await shareImage(noisy, 1200, 630);
    expect(png.byteLength).toBeLessThanOrEqual(MAX_SHARE_IMAGE_BYTES);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 600, 315]);
  }, 30_000);
});
