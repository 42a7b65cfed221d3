import type { Readable } from 'node:stream';

/** What reading an uploaded object with a byte cap found. */
export type CappedRead = { kind: 'bytes'; bytes: Buffer } | { kind: 'missing' } | { kind: 'too-large'; read: number };

/**
 * Reads a stream into memory, but never more than `cap` bytes: past it, the stream is destroyed and the answer
 * is `too-large`. An upload's object can be bigger than it declared (a store that does not enforce the signed
 * length), so the worker reads at most its declared size, stops at the first chunk past it and refuses the rest unread.
 */
export async function readCapped(stream: Readable | null, cap: number): Promise<CappedRead> {
  if (!stream) return { kind: 'missing' };
  const chunks: Buffer[] = [];
  let read = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
      read += buf.length;
      if (read > cap) return { kind: 'too-large', read };
      chunks.push(buf);
    }
  } finally {
    // Stops the download of whatever is left when we returned early; a no-op once the stream has ended.
    stream.destroy();
  }
  return { kind: 'bytes', bytes: Buffer.concat(chunks, read) };
}
