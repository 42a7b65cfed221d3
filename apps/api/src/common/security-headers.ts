import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Every API answer (/api/*): never sniffed into another type, never kept by a cache (answers are per user).
 * A route that means to be cached says so itself (a template's thumbnail).
 */
export function apiHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The web client's headers (index.html and its assets). The CSP allows exactly what the build does:
 * - script-src 'self': Vite emits module scripts from /assets and no inline script; so no injected markup
 *   can run script.
 * - style-src 'self': one stylesheet from /assets; React sets `style` through the CSSOM, which CSP does not
 *   restrict, so no 'unsafe-inline' is needed (and injected <style> cannot restyle the page to phish).
 * - img-src 'self' blob:: template thumbnails are fetched with the session and shown from blob: URLs.
 * - connect-src 'self' and the object store: REST and the Socket.IO websocket of the same origin (CSP 3's 'self'
 *   covers ws(s):), and uploads PUT straight to the store's presigned URLs (`uploadOrigin`).
 * - frame-src: the preview iframe, every project's own origin (`previewOrigins`, e.g. http://*.preview.localhost:3000).
 * - frame-ancestors 'none' (and X-Frame-Options DENY for older browsers): no site may frame the client.
 * Referrer-Policy no-referrer: nothing reads a Referer, and project ids in URLs stay here.
 * On https, HSTS and upgrade-insecure-requests as well.
 */
export function webClientHeaders({ previewOrigins, uploadOrigin, https }: { previewOrigins: string; uploadOrigin: string; https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", uploadOrigin],
        frameSrc: [previewOrigins],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
  });
}
