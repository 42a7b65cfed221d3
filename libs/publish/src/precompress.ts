import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { contentTypeOf, isCompressible } from './content-types.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a compressed copy saves less than its own round trip to the object store is worth. */
export const MIN_COMPRESS_BYTES = 1024;
/**
 * Brotli's quality 11 is what makes precompressing worth it (~15-20 % smaller than gzip -9 on JS), but it
 * runs at ~1 MB/s; above this size a large bundle would hold the publish for seconds, so those get quality 9.
 */
const BROTLI_MAX_QUALITY_BYTES = 1024 * 1024;
/** A copy kept must save at least this share: a 1 % saving is not worth a second object and a cache entry. */
const MIN_SAVING = 0.05;
/** zlib's async calls run on libuv's pool of 4 threads; more at once would only queue there. */
const PARALLEL = 4;

export interface Compressed {
  br?: Buffer;
  gz?: Buffer;
}

async function compressOne(path: string, bytes: Buffer): Promise<Compressed> {
  const contentType = contentTypeOf(path);
  if (bytes.byteLength <= MIN_COMPRESS_BYTES || !isCompressible(contentType)) return {};
  const text = contentType.startsWith('text/') || contentType.includes('json') || contentType.includes('xml');
  const [br, gzipped] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: bytes.byteLength < BROTLI_MAX_QUALITY_BYTES ? 11 : 9,
        [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }),
    gz(bytes, { level: 9 }),
  ]);
  const pays = (copy: Buffer) => copy.byteLength <= bytes.byteLength * (1 - MIN_SAVING);
  return { ...(pays(br) ? { br } : {}), ...(pays(gzipped) ? { gz: gzipped } : {}) };
}

/**
 * Brotli and gzip copies of the built files that shrink (text, JSON, SVG, uncompressed fonts over 1 KB),
 * made once at publish so the site host never compresses per request. Files with no copy worth keeping
 * are absent from the result.
 */
export async function precompress(files: Map<string, Buffer>): Promise<Map<string, Compressed>> {
  const out = new Map<string, Compressed>();
  const queue = [...files];
  const next = async (): Promise<void> => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [path, bytes] = item;
      const copies = await compressOne(path, bytes);
      if (copies.br || copies.gz) out.set(path, copies);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, next));
  return out;
}
