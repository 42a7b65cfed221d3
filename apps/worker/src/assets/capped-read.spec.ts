import { Readable } from 'node:stream';
import { readCapped } from './capped-read.js';

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('readCapped', () => {
  it('answers the bytes of a stream within the cap', async () => {
    const read = await readCapped(chunks('abc', 'def'), 6);
    expect(read).toEqual({ kind: 'bytes', bytes: Buffer.from('abcdef') });
  });

  it('stops past the cap without reading the rest, and destroys the stream', async () => {
    let pulled = 0;
    const stream = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(4, 1));
      },
    });
    const read = await readCapped(stream, 10);
    expect(read).toEqual({ kind: 'too-large', read: 12 });
    expect(stream.destroyed).toBe(true);
    // An endless stream: it was not read to its end (a few chunks of read-ahead at most).
    expect(pulled).toBeLessThan(10);
  });

  it('answers missing for no object', async () => {
    expect(await readCapped(null, 10)).toEqual({ kind: 'missing' });
  });
});
