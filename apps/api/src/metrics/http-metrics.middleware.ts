import type { NextFunction, Request, Response } from 'express';
import { httpDuration } from './metrics.registry.js';

/**
 * Times every request. The route label is the matched route pattern (`/api/projects/:id`), never the raw
 * URL, so ids do not explode the metric's cardinality; unmatched paths share one label.
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction) {
  const end = httpDuration.startTimer();
  res.once('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}
