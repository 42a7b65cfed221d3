import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import type { Env } from '@studio/config';
import { PinoLogger, Logger as PinoNestLogger } from 'nestjs-pino';
import { nestLevels, pinoHttpOptions } from './logging/log-options.js';

/**
 * JSON lines through pino (nestjs-pino) by default, one object per line with `app`, `level`, `time`, `msg`,
 * `context` and, inside a request, a socket message or a job, its `requestId`; `LOG_FORMAT=pretty` keeps
 * Nest's ConsoleLogger for people reading a terminal. Built before the application so boot is logged alike;
 * the API's request middleware (`loggingImports`) logs through the same root logger.
 */
export function createLogger(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>, prefix: string): LoggerService {
  if (env.LOG_FORMAT === 'pretty') return new ConsoleLogger({ logLevels: nestLevels(env.LOG_LEVEL), prefix, colors: true });
  const params = { pinoHttp: pinoHttpOptions(env, prefix) };
  return new PinoNestLogger(new PinoLogger(params), params);
}
