import sharp from 'sharp';
import { APPLE_TOUCH_ICON, FAVICON_ICO, FAVICON_PNG, faviconsFrom, icoOf } from './favicon.js';

const byPath = async (logo: Buffer) => new Map((await faviconsFrom(logo)).map((f) => [f.path, f.bytes]));

/** The ICO's directory: one entry per image, each pointing at a whole PNG. */
function icoEntries(ico: Buffer) {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const size = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    return { width: ico.readUInt8(at), height: ico.readUInt8(at + 1), bits: ico.readUInt16LE(at + 6), png: ico.subarray(offset, offset + size) };
  });
}

describe('faviconsFrom', () => {
  it('makes a 32 px PNG, a 180 px opaque apple-touch icon and an ICO of 16, 32 and 48 px from a raster logo', async () => {
    const logo = await sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } })
      .png()
      .toBuffer();
    const icons = await byPath(logo);
    expect([...icons.keys()]).toEqual([FAVICON_PNG, APPLE_TOUCH_ICON, FAVICON_ICO]);

    const png = await sharp(icons.get(FAVICON_PNG)).metadata();
    expect([png.format, png.width, png.height]).toEqual(['png', 32, 32]);
    // A wide logo is fitted whole, with transparent bars: the top row is clear, the middle is the logo's red.
    const { data } = await sharp(icons.get(FAVICON_PNG)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0);
    expect(data[(16 * 32 + 16) * 4]).toBeGreaterThan(150);

    const apple = await sharp(icons.get(APPLE_TOUCH_ICON)).metadata();
    expect([apple.format, apple.width, apple.height, apple.hasAlpha]).toEqual(['png', 180, 180, false]);

    const entries = icoEntries(icons.get(FAVICON_ICO) ?? Buffer.alloc(0));
    expect(entries.map((e) => [e.width, e.height, e.bits])).toEqual([
      [16, 16, 32],
      [32, 32, 32],
      [48, 48, 32],
    ]);
    for (const e of entries) {
      const meta = await sharp(e.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', e.width, e.height]);
    }
  });

  it('rasterises an SVG logo sharply, even a tiny one', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="#0a0"/></svg>');
    const icons = await byPath(svg);
    const apple = sharp(icons.get(APPLE_TOUCH_ICON));
    expect(await apple.metadata()).toMatchObject({ width: 180, height: 180 });
    // Rendered at the size, not scaled up from 8 px: the circle's edge is a thin band, so most pixels are
    // pure green or pure white, not the blur an 8 px upscale makes.
    const { data } = await apple.raw().toBuffer({ resolveWithObject: true });
    let crisp = 0;
    for (let i = 0; i < data.length; i += 3) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if ((r === 255 && g === 255 && b === 255) || (r === 0 && g === 170 && b === 0)) crisp++;
    }
    expect(crisp / (data.length / 3)).toBeGreaterThan(0.9);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(faviconsFrom(Buffer.from('not an image'))).rejects.toThrow();
  });
});

describe('icoOf', () => {
  it('writes 0 for a 256 px side, as the format says', () => {
    const ico = icoOf([{ px: 256, png: Buffer.from('x') }]);
    expect(icoEntries(ico)).toEqual([{ width: 0, height: 0, bits: 32, png: Buffer.from('x') }]);
  });
});
