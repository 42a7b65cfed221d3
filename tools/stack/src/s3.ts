import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.js';
import { StackError } from './log.js';
import { freePort } from './ports.js';
import type { Running } from './service.js';

/** The embedded S3-compatible server for development and tests; the apps reach it through @aws-sdk/client-s3 exactly as they reach AWS S3 or MinIO. */
export async function startS3(opts: { dir: string; bucket?: string; log?: (line: string) => void }): Promise<Running & { endpoint: string; accessKeyId: string; secretAccessKey: string }> {
  mkdirSync(opts.dir, { recursive: true });
  const port = await freePort();
  const script = fileURLToPath(new URL('./s3-server.js', import.meta.url));
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const child = startChild(process.execPath, ['--openssl-legacy-provider', script, String(port), opts.dir, ...(opts.bucket ? [opts.bucket] : [])], {
    label: 's3',
    sink: (line) => (line.endsWith(`READY ${port}`) ? ready() : opts.log?.(line)),
  });
  await Promise.race([
    isReady,
    child.exited.then((code) => {
      throw new StackError(`the embedded S3 server exited (code ${code}) before it was ready`);
    }),
  ]);
  return { name: 's3', endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', stop: () => child.stop() };
}
