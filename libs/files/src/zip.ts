import { Readable } from 'node:stream';
import type { Manifest } from '@studio/data';
import { fetchAhead } from './fetch-ahead.js';
import { type ZipInput, zipStream } from './zip-writer.js';

/**
 * How far a zip's blob reads run ahead of the writer. A cold zip is one object-store GET per file, and a GET
 * costs about the same store and client time whatever its size, so the reads go side by side, completing in
 * any order while the writer takes them in path order (B6 in docs/BENCHMARKS.md). 16 in flight keep a store
 * busy (the embedded development server, serving one request at a time, gains nothing past 8) and leave most
 * of the S3 client's 50 pooled keep-alive sockets to the rest of the process. 8 MiB ahead bounds one zip's
 * memory whatever the mix of file sizes: at most 8 MiB of blobs read or in flight, or one larger blob (a file
 * is at most 5 MiB by default), plus the entry being written.
 */
export const ZIP_READ_AHEAD = { concurrency: 16, maxBytesAhead: 8 * 1024 * 1024 };

/** Streams a manifest's files as a zip, in path order, reading blobs ahead of the writer (ZIP_READ_AHEAD). */
export function zipManifest(manifest: Manifest, read: (sha256: string) => Promise<Buffer>): Readable {
  const paths = Object.keys(manifest).sort();
  async function* inputs(): AsyncGenerator<ZipInput> {
    const blobs = fetchAhead(paths, (path) => read(manifest[path].sha256), { ...ZIP_READ_AHEAD, sizeOf: (path) => manifest[path].size });
    let i = 0;
    for await (const data of blobs) yield { name: paths[i++], data };
  }
  return Readable.from(zipStream(inputs()), { objectMode: false });
}

/** Files already in memory (a built site) as a zip, in path order. */
export function zipFiles(files: ReadonlyMap<string, Buffer>): Readable {
  async function* inputs(): AsyncGenerator<ZipInput> {
    for (const name of [...files.keys()].sort()) yield { name, data: files.get(name)! };
  }
  return Readable.from(zipStream(inputs()), { objectMode: false });
}
