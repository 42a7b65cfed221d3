import { randomUUID } from 'node:crypto';
import { runWithRequestId } from '@studio/platform';
import type { NextFunction, Request, Response } from 'express';

/**
 * Every request gets a correlation id (the caller's, if it is sane), echoed back, logged on every line of the
 * request (pino-http reads it from the header set here) and carried into the data of the jobs it enqueues.
 */
export function requestId(req: Request, res: Response, next: NextFunction) {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('X-Request-Id', id);
  runWithRequestId(id, next);
}
