import { StudioError } from '@studio/contracts';
import { processUpload } from './process-upload.js';
import { solid, ttf, woff2 } from './testing/fixtures.js';
import { DEFAULT_ASSET_LIMITS } from './types.js';

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (err: unknown) => (err instanceof StudioError ? err : Promise.reject(err)),
  );

describe('processUpload', () => {
  it('refuses bytes past the limit of their kind before looking at them', async () => {
    const limits = { ...DEFAULT_ASSET_LIMITS, maxImageBytes: 100, maxFontBytes: 50 };
    expect(await refusal(processUpload(Buffer.alloc(101), 'image/png', 'asset', limits))).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { size: 101, limit: 100 } });
    expect(await refusal(processUpload(woff2(64), 'font/woff2', 'asset', limits))).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { size: 64, limit: 50 } });
  });

  it('refuses an image past the pixel limit from its header', async () => {
    const png = await solid(20, 20, '#fff').png().toBuffer();
    const limits = { ...DEFAULT_ASSET_LIMITS, maxImagePixels: 399 };
    expect(await refusal(processUpload(png, 'image/png', 'asset', limits))).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 20, height: 20, limit: 399 } });
  });

  it('takes a WOFF2 font as it is, and refuses a TrueType font declared as WOFF2', async () => {
    const font = woff2(512);
    const out = await processUpload(font, 'font/woff2', 'asset');
    expect(out).toMatchObject({ kind: 'font', contentType: 'font/woff2', ext: 'woff2', variants: [] });
    expect(out.bytes.equals(font)).toBe(true);
    expect(await refusal(processUpload(ttf(), 'font/woff2', 'asset'))).toMatchObject({ code: 'ASSET_TYPE_MISMATCH' });
  });

  it('refuses a WOFF2 whose header disagrees with its length', async () => {
    const cut = woff2(512).subarray(0, 300);
    expect(await refusal(processUpload(cut, 'font/woff2', 'asset'))).toMatchObject({ code: 'ASSET_UNREADABLE', details: { stated: 512, received: 300 } });
  });

  it('takes as chat pictures only what a model can be shown', async () => {
    expect(await refusal(processUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml', 'chat'))).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(await refusal(processUpload(woff2(), 'font/woff2', 'chat'))).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
  });

  it('refuses an empty file and mismatched bytes with their codes', async () => {
    expect(await refusal(processUpload(Buffer.alloc(0), 'image/png', 'asset'))).toMatchObject({ code: 'ASSET_UNREADABLE' });
    const png = await solid(8, 8, '#000').png().toBuffer();
    expect(await refusal(processUpload(png, 'image/jpeg', 'asset'))).toMatchObject({ code: 'ASSET_TYPE_MISMATCH', details: { declared: 'image/jpeg', detected: 'image/png' } });
  });
});
