import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

// Paths the API itself answers; everything else that asks for a page gets the web client.
const API_PATHS = /^\/(api|socket\.io|health|metrics|docs|__studio)(\/|$)/;

/**
 * The web client (apps/web's build) at /: its files as they are (hashed assets cached for good), and its
 * index.html for any other page a browser asks for, so a reload of `/#/p/<id>` or a deep link works. All of
 * it, and every other path the API does not answer, carries `headers` (its CSP: common/security-headers.ts).
 */
export function mountWebClient(app: NestExpressApplication, dir: string, headers: RequestHandler, log: (message: string) => void): void {
  app.use((req: Request, res: Response, next: NextFunction) => (API_PATHS.test(req.path) ? next() : headers(req, res, next)));
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    log(`web client: ${root} has no build (npx nx build web); / answers 404`);
    return;
  }
  const files = express.static(root, { index: false, maxAge: 0 });
  app.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    // API calls go straight on: no look on disk first.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    files(req, res, () => (req.accepts('html') ? res.set('cache-control', 'no-cache').sendFile(index) : next()));
  });
}
