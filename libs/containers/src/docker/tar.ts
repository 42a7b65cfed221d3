import type { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';

/**
 * Files as a tar stream for Docker's archive API, extracted into the folder named in the call; everything is
 * owned by the container's user (the folder itself too, through the `./` entry) so its build can write there.
 */
export function tarOf(files: Map<string, Buffer>, owner: { uid: number; gid: number }): Readable {
  const tar = pack();
  const dirs = new Set<string>(['.']);
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const dir of [...dirs].sort()) tar.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, ...owner });
  for (const [path, content] of files) tar.entry({ name: path, mode: 0o644, ...owner }, content);
  tar.finalize();
  // tar-stream's Pack is a streamx Readable, which Docker's client pipes like a Node one.
  return tar as unknown as Readable;
}

/** The regular files of a tar stream, by path without its first segment (Docker names them after the folder asked for). */
export async function filesOfTar(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let total = 0;
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, entry, next) => {
      const chunks: Buffer[] = [];
      entry.on('data', (data: unknown) => {
        const c = data as Buffer;
        total += c.length;
        if (total > maxBytes) reader.destroy(new Error(`the build's output is larger than ${maxBytes} bytes`));
        else chunks.push(c);
      });
      entry.on('end', () => {
        if (header.type === 'file') files.set(header.name.split('/').slice(1).join('/'), Buffer.concat(chunks));
        next();
      });
      entry.resume();
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  stream.pipe(reader);
  await done;
  return files;
}
