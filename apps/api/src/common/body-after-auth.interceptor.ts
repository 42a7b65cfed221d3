import { type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Env } from '@studio/config';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import { IS_PUBLIC } from './auth.decorators.js';
import { DomainError } from './domain-error.js';

// PUT .../files/raw takes a file's bytes as they are; every other body is JSON.
const RAW_FILE_ROUTE = /^\/api\/projects\/[^/]+\/files\/raw\/?$/;
// Sign-up, sign-in and refresh take a few hundred bytes: an anonymous caller gets no megabyte to fill.
const PUBLIC_JSON_LIMIT = '16kb';
const JSON_LIMIT = '1mb';

/**
 * Request bodies are read here, after the guards: the global AuthGuard has authenticated the caller (or the
 * route is @Public()), so an anonymous request is refused before a byte of its body is buffered, and its
 * connection is closed rather than drained (HttpExceptionFilter). Guards run before interceptors, and
 * @Body() is resolved after them, so handlers see `req.body` as before.
 *
 * A body must arrive within HTTP_BODY_TIMEOUT_MS (408 REQUEST_TIMEOUT), so a slow sender cannot hold a
 * parser open; the server's own request timeout (main.ts) bounds everything else.
 */
export class BodyAfterAuthInterceptor implements NestInterceptor {
  private readonly json: RequestHandler;
  private readonly publicJson: RequestHandler;
  private readonly raw: RequestHandler;

  constructor(
    private readonly reflector: Reflector,
    private readonly env: Pick<Env, 'FILES_MAX_FILE_BYTES' | 'HTTP_BODY_TIMEOUT_MS'>,
  ) {
    this.json = express.json({ limit: JSON_LIMIT });
    this.publicJson = express.json({ limit: PUBLIC_JSON_LIMIT });
    // Twice the file limit, so an oversized file gets the store's FILE_TOO_LARGE (with the limit) rather
    // than a bare 413 from the parser.
    this.raw = express.raw({ type: () => true, limit: env.FILES_MAX_FILE_BYTES * 2 });
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const parser = RAW_FILE_ROUTE.test(req.path) ? this.raw : isPublic ? this.publicJson : this.json;
    return from(this.read(parser, req, res)).pipe(switchMap(() => next.handle()));
  }

  private read(parser: RequestHandler, req: Request, res: Response): Promise<void> {
    const ms = this.env.HTTP_BODY_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new DomainError('REQUEST_TIMEOUT', `The request body did not arrive within ${ms / 1000} s.`)), ms);
      parser(req, res, (err?: unknown) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
    });
  }
}
