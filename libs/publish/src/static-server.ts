import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentTypeOf } from './content-types.js';

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** `/` → `index.html`, `/about/` → `about/index.html`; null for a path that cannot be a file's (bad escapes, `..`). */
export function fileOfUrlPath(urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.split('/').some((s) => s === '..' || s === '.')) return null;
  path = path.replace(/^\/+/, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/**
 * Serves exactly the given files on 127.0.0.1 at a free port, GET and HEAD only, 404 for anything else:
 * what the built site would serve, to a browser on this machine only, for as long as the caller needs it.
 */
export async function serveFiles(files: Map<string, Buffer>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = fileOfUrlPath(new URL(req.url ?? '/', 'http://localhost').pathname);
    const bytes = path === null ? undefined : files.get(path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path === null || bytes === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': contentTypeOf(path), 'content-length': bytes.byteLength, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo; // listen() on a TCP port: address() is an AddressInfo.
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // A keep-alive connection from Chromium would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
