import { StudioError } from '@studio/contracts';
import sharp from 'sharp';
import { processUpload } from './process-upload.js';
import { noisy, pngBomb, solid } from './testing/fixtures.js';
import { DEFAULT_ASSET_LIMITS } from './types.js';

const codeOf = async (run: Promise<unknown>) => {
  try {
    await run;
    return 'OK';
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    return err.code;
  }
};

describe('raster images', () => {
  it('strips EXIF and GPS from a JPEG', async () => {
    const input = await solid(64, 48, '#336699')
      .jpeg()
      // EXIF stores tag numbers, not names: the datum's text is what a byte search can find of the GPS block.
      .withExif({
        IFD0: { Make: 'Studio Camera' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1', GPSMapDatum: 'GPS WGS-84' },
      })
      .toBuffer();
    // The fixture really carries what must go.
    expect((await sharp(input).metadata()).exif).toBeDefined();
    expect(input.includes('GPS')).toBe(true);
    expect(input.includes('Studio Camera')).toBe(true);

    const out = await processUpload(input, 'image/jpeg', 'asset');
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(out.bytes.includes('GPS')).toBe(false);
    expect(out.bytes.includes('WGS-84')).toBe(false);
    expect(out.bytes.includes('Studio Camera')).toBe(false);
    expect(out).toMatchObject({ kind: 'image', contentType: 'image/jpeg', ext: 'jpg', width: 64, height: 48 });
  });

  it('drops an embedded ICC profile, the pixels converted to sRGB', async () => {
    const input = await solid(32, 32, '#ff0000').png().withIccProfile('p3').toBuffer();
    expect((await sharp(input).metadata()).icc).toBeDefined();
    const out = await processUpload(input, 'image/png', 'asset');
    const meta = await sharp(out.bytes).metadata();
    expect(meta.icc).toBeUndefined();
    expect(meta.space).toBe('srgb');
  });

  it('applies the EXIF orientation to the pixels before dropping it', async () => {
    // Orientation 6: the camera was turned; a viewer rotates 90° clockwise, so 80×40 shows as 40×80.
    const input = await solid(80, 40, '#00ff00').jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await processUpload(input, 'image/jpeg', 'asset');
    const meta = await sharp(out.bytes).metadata();
    expect([out.width, out.height]).toEqual([40, 80]);
    expect([meta.width, meta.height]).toEqual([40, 80]);
    expect(meta.orientation).toBeUndefined();
  });

  it('refuses a 20000×20000 PNG from its header, fast', async () => {
    const bomb = pngBomb(20000, 20000);
    expect(bomb.length).toBeLessThan(200);
    const started = performance.now();
    const err = await processUpload(bomb, 'image/png', 'asset').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 20000, height: 20000, limit: DEFAULT_ASSET_LIMITS.maxImagePixels } });
  });

  it('refuses a truncated JPEG as unreadable', async () => {
    const whole = await noisy(256, 256).jpeg().toBuffer();
    expect(await codeOf(processUpload(whole, 'image/jpeg', 'asset'))).toBe('OK');
    expect(await codeOf(processUpload(whole.subarray(0, Math.floor(whole.length / 2)), 'image/jpeg', 'asset'))).toBe('ASSET_UNREADABLE');
  });

  it('makes WebP variants at each configured width below the image width, aspect kept', async () => {
    const input = await noisy(1200, 600).png().toBuffer();
    const out = await processUpload(input, 'image/png', 'asset');
    expect(out.variants.map((v) => [v.width, v.height])).toEqual([
      [480, 240],
      [960, 480],
    ]);
    for (const v of out.variants) {
      expect(v.ext).toBe('webp');
      expect(v.bytes.toString('latin1', 0, 4)).toBe('RIFF');
      expect(v.bytes.toString('latin1', 8, 12)).toBe('WEBP');
      expect(v.bytes.length).toBeLessThan(out.bytes.length);
      expect((await sharp(v.bytes).metadata()).exif).toBeUndefined();
    }
    // PNG stays lossless: the pixels are the ones that came in.
    const [a, b] = await Promise.all([sharp(input).raw().toBuffer(), sharp(out.bytes).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  it('makes no variants of an image narrower than every width', async () => {
    const out = await processUpload(await solid(300, 200, '#123456').webp().toBuffer(), 'image/webp', 'asset');
    expect(out).toMatchObject({ contentType: 'image/webp', width: 300, height: 200, variants: [] });
  });

  it('finds the dominant colour of a solid red image', async () => {
    const out = await processUpload(await solid(200, 100, '#ff0000').png().toBuffer(), 'image/png', 'asset');
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(out.dominantColor?.slice(i, i + 2) ?? '', 16));
    expect(out.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeLessThan(25);
    expect(b).toBeLessThan(25);
  });

  it('scales a chat picture down to the longest side a model is shown, with no variants', async () => {
    const input = await solid(3000, 1500, '#808080').jpeg().toBuffer();
    const out = await processUpload(input, 'image/jpeg', 'chat');
    expect(out).toMatchObject({ purpose: 'chat', contentType: 'image/jpeg', width: 1568, height: 784, variants: [] });
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1568, 784]);
    const small = await processUpload(await solid(100, 50, '#000').png().toBuffer(), 'image/png', 'chat');
    expect([small.width, small.height]).toEqual([100, 50]);
  });

  it('gives a chat GIF as its first frame in PNG, and keeps an asset GIF animated without variants', async () => {
    const frames = await sharp(Buffer.concat([Buffer.alloc(20 * 10 * 3, 0), Buffer.alloc(20 * 10 * 3, 255)]), {
      raw: { width: 20, height: 20, channels: 3, pageHeight: 10 },
    })
      .gif({ loop: 0, delay: [100, 100] })
      .toBuffer();
    expect((await sharp(frames).metadata()).pages).toBe(2);
    const chat = await processUpload(frames, 'image/gif', 'chat');
    expect(chat).toMatchObject({ contentType: 'image/png', ext: 'png', width: 20, height: 10 });
    expect(chat.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const asset = await processUpload(frames, 'image/gif', 'asset');
    expect(asset).toMatchObject({ contentType: 'image/gif', width: 20, height: 10, variants: [] });
    expect((await sharp(asset.bytes).metadata()).pages).toBe(2);
  });
});
