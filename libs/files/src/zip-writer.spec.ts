import { randomBytes } from 'node:crypto';
import { unzip } from './testing/unzip.js';
import { type ZipInput, zipStream } from './zip-writer.js';

async function zip(entries: ZipInput[]): Promise<Buffer> {
  async function* source() {
    yield* entries;
  }
  const parts: Buffer[] = [];
  for await (const part of zipStream(source())) parts.push(part);
  return Buffer.concat(parts);
}

describe('zipStream', () => {
  it('writes entries another zip reader reads back exactly (CRC checked), with UTF-8 names', async () => {
    const text = Buffer.from('export default function App() { return null; }\n'.repeat(20));
    const image = randomBytes(5000);
    const files = await unzip(
      await zip([
        { name: 'src/App.tsx', data: text },
        { name: 'public/hero.png', data: image },
        { name: 'src/café.ts', data: Buffer.from('é') },
        { name: 'empty.txt', data: Buffer.alloc(0) },
      ]),
    );
    expect([...files.keys()]).toEqual(['src/App.tsx', 'public/hero.png', 'src/café.ts', 'empty.txt']);
    expect(files.get('src/App.tsx')).toEqual({ bytes: text, method: 8 }); // deflated
    expect(files.get('public/hero.png')).toEqual({ bytes: image, method: 0 }); // already compressed: stored
    expect(files.get('src/café.ts')!.bytes.toString()).toBe('é');
    expect(files.get('empty.txt')!.bytes.length).toBe(0);
  });

  it('gives the same bytes for the same files (fixed timestamps)', async () => {
    const entries = [{ name: 'a.ts', data: Buffer.from('a') }];
    expect((await zip(entries)).equals(await zip(entries))).toBe(true);
  });

  it('writes a valid empty zip', async () => {
    expect((await unzip(await zip([]))).size).toBe(0);
  });
});
