import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { Env } from '@studio/config';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured (JSON) logs by default; `LOG_FORMAT=pretty` for people reading a terminal. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>, prefix: string) {
  const logLevels = ORDER.slice(0, ORDER.indexOf(env.LOG_LEVEL) + 1);
  return new ConsoleLogger({ json: env.LOG_FORMAT === 'json', logLevels, prefix, colors: env.LOG_FORMAT === 'pretty' });
}
