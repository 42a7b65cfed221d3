import { StudioError } from '@studio/contracts';
import { checkDeclaredType, detectMediaType, looksLikeSvg } from './sniff.js';
import { solid, ttf, woff2 } from './testing/fixtures.js';

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (err: unknown) => (err instanceof StudioError ? err : Promise.reject(err)),
  );

describe('what the bytes really are', () => {
  it('knows each raster format by its magic bytes', async () => {
    const image = () => solid(8, 8, '#fff');
    expect(await detectMediaType(await image().png().toBuffer())).toBe('image/png');
    expect(await detectMediaType(await image().jpeg().toBuffer())).toBe('image/jpeg');
    expect(await detectMediaType(await image().webp().toBuffer())).toBe('image/webp');
    expect(await detectMediaType(await image().gif().toBuffer())).toBe('image/gif');
    expect(await detectMediaType(await image().avif().toBuffer())).toBe('image/avif');
    expect(await detectMediaType(woff2())).toBe('font/woff2');
  });

  it('knows an SVG by its root element, after a BOM, declaration, comments and doctype', () => {
    expect(looksLikeSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(true);
    expect(looksLikeSvg(Buffer.from('\ufeff<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg>'))).toBe(true);
    expect(looksLikeSvg(Buffer.from('<svgx/>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('<html><svg/></html>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg/>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('<!-- never closed <svg/>'))).toBe(false);
  });

  it('refuses a PNG declared as JPEG, naming both', async () => {
    const png = await solid(8, 8, '#000').png().toBuffer();
    const err = await refusal(checkDeclaredType(png, 'image/jpeg'));
    expect(err).toMatchObject({ code: 'ASSET_TYPE_MISMATCH', details: { declared: 'image/jpeg', detected: 'image/png' } });
    expect(err?.message).toContain('image/jpeg');
    expect(err?.message).toContain('image/png');
  });

  it('refuses text declared as PNG, and a TrueType font declared as WOFF2', async () => {
    expect(await refusal(checkDeclaredType(Buffer.from('just some text, not a picture'), 'image/png'))).toMatchObject({
      code: 'ASSET_TYPE_MISMATCH',
      details: { declared: 'image/png', detected: null },
    });
    expect(await refusal(checkDeclaredType(ttf(), 'font/woff2'))).toMatchObject({ code: 'ASSET_TYPE_MISMATCH', details: { declared: 'font/woff2', detected: null } });
  });

  it('refuses an SVG declared as PNG and a PNG declared as SVG', async () => {
    const png = await solid(8, 8, '#000').png().toBuffer();
    expect(await refusal(checkDeclaredType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'))).toMatchObject({
      details: { detected: 'image/svg+xml' },
    });
    expect(await refusal(checkDeclaredType(png, 'image/svg+xml'))).toMatchObject({ details: { detected: 'image/png' } });
    expect(await checkDeclaredType(png, 'image/png')).toBe('image/png');
  });
});
