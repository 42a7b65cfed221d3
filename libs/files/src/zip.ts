import { Readable } from 'node:stream';
import type { Manifest } from '@studio/data';
import { type ZipInput, zipStream } from './zip-writer.js';

// Blobs fetched ahead of the writer: enough to hide S3 latency, few enough to keep memory flat.
const PREFETCH = 8;

/** Streams a manifest's files as a zip, in path order, fetching a few blobs ahead of the writer. */
export function zipManifest(manifest: Manifest, read: (sha256: string) => Promise<Buffer>): Readable {
  const paths = Object.keys(manifest).sort();
  async function* inputs(): AsyncGenerator<ZipInput> {
    const pending: Promise<Buffer>[] = [];
    let next = 0;
    const fill = () => {
      while (pending.length < PREFETCH && next < paths.length) pending.push(read(manifest[paths[next++]].sha256));
    };
    fill();
    for (const name of paths) {
      const data = await pending.shift()!;
      fill();
      yield { name, data };
    }
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
