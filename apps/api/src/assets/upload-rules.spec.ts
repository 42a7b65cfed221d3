import type { CreateUploadBody } from '@studio/contracts';
import { StudioError } from '@studio/contracts';
import { checkUploadRequest, maxUploadBytes, uploadObjectKey } from './upload-rules.js';

const limits = { ASSET_MAX_IMAGE_BYTES: 1000, ASSET_MAX_FONT_BYTES: 100 };
const body = (over: Partial<CreateUploadBody> = {}): CreateUploadBody => ({ fileName: 'a.png', contentType: 'image/png', size: 10, purpose: 'asset', ...over });
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof StudioError ? { code: err.code, details: err.details } : err;
  }
};

describe('checkUploadRequest', () => {
  it('takes images and fonts within their limits', () => {
    expect(codeOf(() => checkUploadRequest(body({ size: 1000 }), limits))).toBeNull();
    expect(codeOf(() => checkUploadRequest(body({ contentType: 'font/woff2', size: 100 }), limits))).toBeNull();
    expect(codeOf(() => checkUploadRequest(body({ purpose: 'chat', contentType: 'image/webp' }), limits))).toBeNull();
  });

  it('refuses a size past the limit of its kind', () => {
    expect(codeOf(() => checkUploadRequest(body({ size: 1001 }), limits))).toEqual({ code: 'UPLOAD_TOO_LARGE', details: { size: 1001, limit: 1000 } });
    expect(codeOf(() => checkUploadRequest(body({ contentType: 'font/woff2', size: 101 }), limits))).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(maxUploadBytes('image/svg+xml', limits)).toBe(1000);
  });

  it('refuses a chat picture a model cannot be shown, and a chat upload that replaces an asset', () => {
    expect(codeOf(() => checkUploadRequest(body({ purpose: 'chat', contentType: 'image/svg+xml' }), limits))).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(codeOf(() => checkUploadRequest(body({ purpose: 'chat', contentType: 'font/woff2' }), limits))).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(codeOf(() => checkUploadRequest(body({ purpose: 'chat', contentType: 'image/avif' }), limits))).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(codeOf(() => checkUploadRequest(body({ purpose: 'chat', replaces: 'public/assets/a.png' }), limits))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('puts the object under the project prefix', () => {
    expect(uploadObjectKey('p1', 'u1')).toBe('projects/p1/uploads/u1');
  });
});
