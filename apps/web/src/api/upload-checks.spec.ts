import type { UploadView } from '@studio/contracts';
import { ACCEPT, formatBytes, MAX_IMAGE_BYTES, mediaTypeOf, outcomeOf, pollDelay, preCheck, settableHeaders } from './upload-checks';

const view = (over: Partial<UploadView>): UploadView => ({
  id: 'u1',
  projectId: 'p1',
  purpose: 'asset',
  fileName: 'logo.png',
  contentType: 'image/png',
  size: 10,
  status: 'processing',
  createdAt: '2026-12-01T00:00:00Z',
  ...over,
});

describe("the browser's early word on an upload", () => {
  it('takes the browser’s type, or the extension when the browser gives none', () => {
    expect(mediaTypeOf({ name: 'Logo.PNG', type: 'image/png' })).toBe('image/png');
    expect(mediaTypeOf({ name: 'Inter.woff2', type: '' })).toBe('font/woff2');
    expect(mediaTypeOf({ name: 'photo.JPEG', type: 'application/octet-stream' })).toBe('image/jpeg');
    // A type the browser knows and we do not take is not overridden by a hopeful extension.
    expect(mediaTypeOf({ name: 'movie.png', type: 'video/mp4' })).toBeNull();
    expect(mediaTypeOf({ name: 'notes.txt', type: '' })).toBeNull();
  });

  it('refuses early, with the server’s codes, what the server would refuse', () => {
    expect(preCheck({ name: 'logo.svg', type: 'image/svg+xml', size: 900 }, 'asset')).toBeNull();
    // A model is shown pictures, not SVG or fonts.
    expect(preCheck({ name: 'logo.svg', type: 'image/svg+xml', size: 900 }, 'chat')).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(preCheck({ name: 'a.pdf', type: 'application/pdf', size: 900 }, 'asset')?.message).toMatch(/a\.pdf is not an image/);
    expect(preCheck({ name: 'big.jpg', type: 'image/jpeg', size: MAX_IMAGE_BYTES * 1.25 }, 'asset')).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: 'big.jpg is 12.5 MB; the most is 10 MB.' });
    expect(preCheck({ name: 'font.woff2', type: 'font/woff2', size: 3 * 1024 * 1024 }, 'asset')).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(preCheck({ name: 'empty.png', type: 'image/png', size: 0 }, 'chat')).toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
    expect(ACCEPT.chat.split(',')).toEqual(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
    expect(ACCEPT.asset).toContain('.woff2');
  });

  it('reads an upload’s verdict: done, refused with its code, expired, or still to wait for', () => {
    expect(outcomeOf(view({ status: 'done', version: 3 }))).toMatchObject({ state: 'done', view: { version: 3 } });
    expect(outcomeOf(view({ status: 'refused', error: { code: 'IMAGE_TOO_LARGE', message: 'The image is 20000×20000 pixels.' } }))).toEqual({
      state: 'failed',
      code: 'IMAGE_TOO_LARGE',
      message: 'The image is 20000×20000 pixels.',
    });
    expect(outcomeOf(view({ status: 'expired' }))).toMatchObject({ state: 'failed', code: 'UPLOAD_EXPIRED' });
    expect(outcomeOf(view({ status: 'pending' }))).toEqual({ state: 'waiting' });
    expect(outcomeOf(view({ status: 'processing' }))).toEqual({ state: 'waiting' });
  });

  it('asks again sooner at first, never less often than every five seconds', () => {
    expect(pollDelay(0)).toBe(1000);
    expect(pollDelay(1)).toBe(1500);
    expect(pollDelay(10)).toBe(5000);
  });

  it('sends the ticket’s headers except those only the browser may set', () => {
    expect(settableHeaders({ 'Content-Type': 'image/png', 'Content-Length': '10', 'x-amz-meta-upload': 'u1' })).toEqual([
      ['Content-Type', 'image/png'],
      ['x-amz-meta-upload', 'u1'],
    ]);
  });

  it('says sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(34 * 1024)).toBe('34 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
