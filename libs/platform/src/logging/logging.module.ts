import type { DynamicModule } from '@nestjs/common';
import type { Env } from '@studio/config';
import { LoggerModule } from 'nestjs-pino';
import { pinoHttpOptions } from './log-options.js';

/**
 * nestjs-pino's module for JSON logs: in the API its middleware logs each request and binds its id to every
 * line logged while handling it (the worker has no HTTP pipeline: its jobs use runInLogContext). None for
 * LOG_FORMAT=pretty. The root logger is one per process, whoever builds it first (createLogger, at boot).
 */
export function loggingImports(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>, app: string): DynamicModule[] {
  if (env.LOG_FORMAT !== 'json') return [];
  return [LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(env, app) })];
}
