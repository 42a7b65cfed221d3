import type { Request } from 'express';

/** The caller's address as Express sees it; `trust proxy` (TRUST_PROXY_HOPS) decides whether X-Forwarded-For counts. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
