import { DbScope } from '@studio/data';
import type { NextFunction, Request, Response } from 'express';

/**
 * Every request runs in a scope of its own (row-level security, docs/ARCHITECTURE.md "Row-level security"),
 * empty until the auth guard fills it: its user's rows, or the system scope on a public route. Until then,
 * and on anything that never gets there, the API's queries see no tenant row at all.
 */
export function dbScope(_req: Request, _res: Response, next: NextFunction) {
  DbScope.open(next);
}
