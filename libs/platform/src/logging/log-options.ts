import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { Level } from 'pino';
import type { Options } from 'pino-http';
import { maskAuthorization } from '../secrets/mask-secrets.js';

/** Nest's level names (LOG_LEVEL) as pino's: nestjs-pino logs Nest's `log` as `info` and `verbose` as `trace`. */
export const PINO_LEVEL: Record<Env['LOG_LEVEL'], Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Nest's levels up to LOG_LEVEL, for Nest's own ConsoleLogger (LOG_FORMAT=pretty). */
export function nestLevels(level: Env['LOG_LEVEL']): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  return order.slice(0, order.indexOf(level) + 1);
}

/**
 * Credentials never reach a log line, wherever a header or token ends up in one: the request line carries no
 * headers at all, and these paths are censored in anything else logged (`maskSecrets` covers free text).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.apiKey',
  '*.secretAccessKey',
];

/** Paths probed every few seconds by load balancers and scrapers: answered, but not logged. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** The path of a request without its query string (tokens and signatures travel in queries). */
export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const cut = raw.search(/[?#]/);
  return cut === -1 ? raw : raw.slice(0, cut);
}

/**
 * pino-http's options for one app (`app`: `api` or `worker`, on every line): JSON lines at LOG_LEVEL; each
 * request's id is the one the X-Request-Id middleware settled on (never a second one), bound to every line
 * logged while handling it as `requestId`; one line per finished request with method, path, status and
 * duration.
 */
export function pinoHttpOptions(env: Pick<Env, 'LOG_LEVEL'>, app: string): Options<IncomingMessage, ServerResponse> {
  return {
    level: PINO_LEVEL[env.LOG_LEVEL],
    base: { app, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    messageKey: 'msg',
    // Free text too: a `Bearer ...` or `Basic ...` in a message, or in a string field such as an error's stack.
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskAuthorization(arg) : isPlainObject(arg) ? maskFields(arg) : arg));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && given ? given : randomUUID();
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    // Express's originalUrl: a middleware mounted on a path sees `url` without it.
    autoLogging: { ignore: (req) => QUIET_PATHS.test(('originalUrl' in req && typeof req.originalUrl === 'string' ? req.originalUrl : req.url) ?? '') },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request done',
    customErrorMessage: () => 'request failed',
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The object's own string fields masked (one level: messages and error texts, not whole payloads). */
function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? maskAuthorization(v) : v]));
}
