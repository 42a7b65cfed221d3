import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * The request an action is being done for, so that a service deep in the call (which has no request of its
 * own) records the caller's address and request id without every signature carrying the request.
 */
const current = new AsyncLocalStorage<Request>();

/** Middleware: the rest of the request runs with it as the audit context. */
export function auditContext(req: Request, _res: Response, next: NextFunction): void {
  current.run(req, next);
}

/** The request being handled, when there is one (none in tests that call a service directly). */
export const currentRequest = (): Request | undefined => current.getStore();
