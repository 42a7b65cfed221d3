import { StudioError } from '@studio/contracts';
import { sha256Hex } from '@studio/files';
import { processedJpeg, uploadRow, uploadWorld } from './testing/upload-fakes.js';

const refusing = (code: 'ASSET_TYPE_MISMATCH' | 'IMAGE_TOO_LARGE' | 'ASSET_UNREADABLE') => async () => {
  throw new StudioError(code, `refused: ${code}`);
};

describe('UploadHandler: an asset', () => {
  it('commits the cleaned original and its variants as one user version, with metadata, and tells everyone', async () => {
    const { state, handler, head } = uploadWorld();
    const outcome = await handler.process('up-1', 'req-1');

    expect(outcome).toEqual({ done: 'asset', version: 2, path: 'public/assets/team-photo.jpg' });
    expect(head()).toBe(2);
    expect(state.commits).toEqual([{ source: 'user', message: 'Added asset Team Photo.jpg', version: 2 }]);
    const files = state.versions[1];
    expect(Object.keys(files).sort()).toEqual(['public/assets/team-photo-480w.webp', 'public/assets/team-photo-960w.webp', 'public/assets/team-photo.jpg', 'src/App.tsx']);
    expect(state.blobs.get(files['public/assets/team-photo.jpg'].sha256)?.toString()).toBe('clean-jpeg');
    // The bytes libs/assets checked are the uploaded ones, declared as the upload said.
    expect(state.checked).toEqual([{ bytes: Buffer.from('jpeg!!'), declared: 'image/jpeg', purpose: 'asset' }]);

    expect(state.assetRows).toEqual([
      {
        projectId: 'project-1',
        sha256: sha256Hex(Buffer.from('clean-jpeg')),
        path: 'public/assets/team-photo.jpg',
        kind: 'image',
        contentType: 'image/jpeg',
        bytes: 10,
        width: 1200,
        height: 800,
        dominantColor: '#336699',
        alt: 'Team photo',
        variants: [
          { path: 'public/assets/team-photo-480w.webp', width: 480, height: 320, bytes: 4 },
          { path: 'public/assets/team-photo-960w.webp', width: 960, height: 640, bytes: 5 },
        ],
      },
    ]);
    expect(state.upload).toMatchObject({ status: 'done', result: { version: 2, path: 'public/assets/team-photo.jpg' }, storedBytes: 19 });
    expect(state.objects.has('projects/project-1/uploads/up-1')).toBe(false);
    expect(state.followed).toEqual(['project-1']);
    expect(state.webhooks).toEqual([{ event: 'project.version.created', data: { projectId: 'project-1', version: 2, source: 'user' } }]);
    expect(state.events).toEqual([{ name: 'upload:processed', payload: { uploadId: 'up-1', status: 'done', version: 2, path: 'public/assets/team-photo.jpg' } }]);
  });

  it('keeps the alt text the person gave', async () => {
    const { state, handler } = uploadWorld({ upload: uploadRow({ alt: 'Our team at the summit' }) });
    await handler.process('up-1');
    expect(state.assetRows[0].alt).toBe('Our team at the summit');
  });

  it('picks a path no file of the head has, variants included', async () => {
    const manifest = { 'public/assets/team-photo.jpg': { sha256: 'a', size: 1 }, 'public/assets/team-photo-2-480w.webp': { sha256: 'b', size: 1 } };
    const { handler } = uploadWorld({ manifest });
    expect(await handler.process('up-1')).toMatchObject({ path: 'public/assets/team-photo-3.jpg' });
  });

  it('replaces an asset at the same path and deletes its old variants that are not made again', async () => {
    const manifest = {
      'public/assets/logo.jpg': { sha256: 'old', size: 3 },
      'public/assets/logo-480w.webp': { sha256: 'o480', size: 1 },
      'public/assets/logo-960w.webp': { sha256: 'o960', size: 1 },
      'public/assets/logo-1920w.webp': { sha256: 'o1920', size: 1 },
    };
    const { state, handler } = uploadWorld({ manifest, upload: uploadRow({ replaces: 'public/assets/logo.jpg' }) });
    expect(await handler.process('up-1')).toEqual({ done: 'asset', version: 2, path: 'public/assets/logo.jpg' });
    expect(state.commits[0].message).toBe('Replaced asset public/assets/logo.jpg');
    expect(Object.keys(state.versions[1]).sort()).toEqual(['public/assets/logo-480w.webp', 'public/assets/logo-960w.webp', 'public/assets/logo.jpg']);
    expect(state.versions[1]['public/assets/logo.jpg'].sha256).toBe(sha256Hex(Buffer.from('clean-jpeg')));
  });

  it('refuses a replacement of another type, leaving everything as it was', async () => {
    const manifest = { 'public/assets/logo.png': { sha256: 'old', size: 3 } };
    const { state, handler, head } = uploadWorld({ manifest, upload: uploadRow({ replaces: 'public/assets/logo.png' }) });
    expect(await handler.process('up-1')).toEqual({ refused: 'ASSET_TYPE_MISMATCH' });
    expect(head()).toBe(1);
    expect(state.blobs.size).toBe(0);
  });

  it('lands on top of a version someone else made meanwhile (other files)', async () => {
    const world = uploadWorld();
    world.state.concurrentWrite = { 'src/App.tsx': { sha256: 'edited', size: 12 } };
    expect(await world.handler.process('up-1')).toMatchObject({ done: 'asset', version: 3 });
    expect(world.state.versions[2]['src/App.tsx'].sha256).toBe('edited');
    expect(world.state.versions[2]['public/assets/team-photo.jpg']).toBeDefined();
  });

  it('refuses an asset past the project limits before any blob is written', async () => {
    const big = processedJpeg({ bytes: Buffer.alloc(20_000, 1) });
    const { state, handler, head } = uploadWorld({ check: async () => big });
    expect(await handler.process('up-1')).toEqual({ refused: 'FILE_TOO_LARGE' });
    expect(head()).toBe(1);
    expect(state.blobs.size).toBe(0);
    expect(state.assetRows).toEqual([]);
  });
});

describe('UploadHandler: a chat picture', () => {
  it('keeps the cleaned picture under the project and marks the upload done, with no version', async () => {
    const upload = uploadRow({ purpose: 'chat', contentType: 'image/png', fileName: 'shot.png' });
    const picture = processedJpeg({ purpose: 'chat', contentType: 'image/png', ext: 'png', bytes: Buffer.from('small-png'), width: 800, height: 600, variants: [] });
    const { state, handler, head } = uploadWorld({ upload, check: async () => picture });
    expect(await handler.process('up-1')).toEqual({ done: 'chat', key: 'projects/project-1/chat/up-1.png' });
    expect(state.objects.get('projects/project-1/chat/up-1.png')?.toString()).toBe('small-png');
    expect(state.objects.has(upload.objectKey)).toBe(false);
    expect(state.upload).toMatchObject({ status: 'done', storedBytes: 9, result: { key: 'projects/project-1/chat/up-1.png', width: 800, height: 600, contentType: 'image/png' } });
    expect(head()).toBe(1);
    expect(state.events).toEqual([{ name: 'upload:processed', payload: { uploadId: 'up-1', status: 'done' } }]);
  });
});

describe('UploadHandler: refusals leave nothing', () => {
  it.each(['ASSET_TYPE_MISMATCH', 'IMAGE_TOO_LARGE', 'ASSET_UNREADABLE'] as const)('%s: refused with the code, the object deleted, no blob, version or row', async (code) => {
    const { state, handler, head } = uploadWorld({ check: refusing(code) });
    expect(await handler.process('up-1')).toEqual({ refused: code });
    expect(state.upload).toMatchObject({ status: 'refused', error: { code, message: `refused: ${code}` } });
    expect(state.objects.size).toBe(0);
    expect(state.blobs.size).toBe(0);
    expect(head()).toBe(1);
    expect(state.assetRows).toEqual([]);
    expect(state.webhooks).toEqual([]);
    expect(state.events).toEqual([{ name: 'upload:processed', payload: { uploadId: 'up-1', status: 'refused', error: { code, message: `refused: ${code}` } } }]);
  });

  it('refuses more bytes than were declared without handing them to the checks', async () => {
    const { state, handler } = uploadWorld({ upload: uploadRow({ declaredSize: 3 }), object: Buffer.from('four') });
    expect(await handler.process('up-1')).toEqual({ refused: 'UPLOAD_TOO_LARGE' });
    expect(state.checked).toEqual([]);
    expect(state.objects.size).toBe(0);
  });

  it('accepts exactly the declared size', async () => {
    const { handler } = uploadWorld({ upload: uploadRow({ declaredSize: 4 }), object: Buffer.from('four') });
    expect(await handler.process('up-1')).toMatchObject({ done: 'asset' });
  });

  it('refuses an upload whose bytes are gone', async () => {
    const { state, handler } = uploadWorld({ object: null });
    expect(await handler.process('up-1')).toEqual({ refused: 'UPLOAD_INCOMPLETE' });
    expect(state.upload.status).toBe('refused');
  });
});

describe('UploadHandler: retries', () => {
  it('throws when the store fails, keeping the uploaded object for the next attempt', async () => {
    const { state, handler } = uploadWorld({ storeDown: true });
    await expect(handler.process('up-1')).rejects.toThrow('store unreachable');
    expect(state.upload.status).toBe('processing');
    expect(state.objects.has('projects/project-1/uploads/up-1')).toBe(true);
  });

  it('throws an unexpected error of the checks (not a refusal), so the queue tries again', async () => {
    const { state, handler } = uploadWorld({
      check: async () => {
        throw new Error('out of memory');
      },
    });
    await expect(handler.process('up-1')).rejects.toThrow('out of memory');
    expect(state.upload.status).toBe('processing');
  });

  it('does nothing for an upload already done (a retried job), but makes sure its bytes are gone', async () => {
    const { state, handler, head } = uploadWorld({ upload: uploadRow({ status: 'done' }) });
    expect(await handler.process('up-1')).toEqual({ skipped: 'done' });
    expect(head()).toBe(1);
    expect(state.events).toEqual([]);
    expect(state.objects.size).toBe(0);
  });

  it('lands no version when the upload was finished elsewhere meanwhile', async () => {
    const upload = uploadRow();
    // Another attempt marks it done between this one's checks and its commit.
    const { state, handler, head } = uploadWorld({
      upload,
      check: async () => {
        upload.status = 'done';
        return processedJpeg();
      },
    });
    expect(await handler.process('up-1')).toEqual({ skipped: 'finished elsewhere' });
    expect(head()).toBe(1);
    expect(state.assetRows).toEqual([]);
  });

  it('gives up after the last attempt: the upload is refused, not left processing', async () => {
    const { state, handler } = uploadWorld();
    await handler.giveUp('up-1', new Error('store unreachable'));
    expect(state.upload).toMatchObject({ status: 'refused', error: { code: 'INTERNAL' } });
    expect(state.objects.size).toBe(0);
  });

  it('skips an upload that no longer exists (its project was deleted)', async () => {
    const { handler } = uploadWorld();
    expect(await handler.process('other')).toEqual({ skipped: 'gone' });
  });
});
