import { PinoLogger } from 'nestjs-pino';
import { runWithRequestId } from './request-context.js';

let contexts: PinoLogger | undefined;

/**
 * Runs `work` (a job's handler, a socket message) so that every line it logs, through Nest's Logger, carries
 * `bindings` (a `requestId` above all), and so that jobs it enqueues carry that request id on. Without JSON
 * logs (LOG_FORMAT=pretty: no pino root logger) only the request id is kept for what is enqueued.
 */
export function runInLogContext<T>(bindings: { requestId?: string } & Record<string, unknown>, work: () => T): T {
  const { requestId } = bindings;
  const traced = requestId ? () => runWithRequestId(requestId, work) : work;
  if (!PinoLogger.root) return traced();
  contexts ??= new PinoLogger({});
  return contexts.runInContext(traced, { bindings, inherit: true });
}
