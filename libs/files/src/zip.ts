import type { Manifest } from '@studio/data';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import yazl from 'yazl';

/**
 * Streams a manifest's files as a zip. yazl writes entries one after another and asks for each entry's
 * stream only when it gets to it, so at most one blob is in flight: memory stays flat whatever the size.
 */
export function zipManifest(manifest: Manifest, open: (sha256: string) => Promise<Readable | Buffer>): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.outputStream.on('error', (err) => out.destroy(err)).pipe(out);
  const mtime = new Date('2000-01-01T00:00:00Z'); // fixed, so the same version always zips to the same bytes
  for (const path of Object.keys(manifest).sort()) {
    const { sha256, size } = manifest[path];
    zip.addReadStreamLazy(path, { mtime, size }, (cb) => {
      open(sha256).then(
        (body) => {
          const stream = Buffer.isBuffer(body) ? new PassThrough().end(body) : body;
          cb(null, stream as unknown as NodeJS.ReadableStream);
        },
        (err) => cb(err, undefined as unknown as NodeJS.ReadableStream),
      );
    });
  }
  zip.end();
  return out;
}
