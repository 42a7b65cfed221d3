import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ErrorBody, type ErrorCode, StudioError } from '@studio/contracts';
import type { Request, Response } from 'express';
import { RateLimitedError } from './domain-error.js';
import { statusOf } from './error-status.js';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_DOWN',
};

/**
 * Every failed request answers `{error: {code, message, details?}}` (docs/API.md). Domain errors keep their code;
 * framework errors (bad JSON, unknown route, body too large) get the code of their status; anything else is
 * logged with its stack and answered as a bare INTERNAL, so no internals reach a client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const [status, body] = this.describe(exception, req);
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (res.headersSent) return;
    // Refused before its body arrived (no credentials, a body too slow or too large): close the connection
    // once answered, rather than let Node read and discard the rest of a body nobody wants.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(status).json({ error: body });
  }

  private describe(exception: unknown, req: Request): [number, ErrorBody] {
    if (exception instanceof StudioError) return [statusOf(exception), exception.toBody()];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_FOR_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      // A framework 5xx is our fault as much as any other: logged, or the "it has been logged" is a lie.
      if (status >= 500) this.logUnhandled(exception, req);
      const message = status === 404 ? `No route ${req.method} ${req.path}` : this.messageOf(exception);
      return [status, { code, message }];
    }
    // Body-parser errors are plain errors with a status (malformed JSON, body too large).
    const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = CODE_FOR_STATUS[status] ?? 'VALIDATION_FAILED';
      const message = status === 413 ? 'Request body too large' : 'Request body is not valid JSON';
      return [status, { code, message }];
    }
    this.logUnhandled(exception, req);
    return [500, { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' }];
  }

  private logUnhandled(exception: unknown, req: Request) {
    this.logger.error({ msg: 'unhandled error', method: req.method, path: req.path, requestId: req.headers['x-request-id'], err: String((exception as Error)?.stack ?? exception) });
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  }
}
