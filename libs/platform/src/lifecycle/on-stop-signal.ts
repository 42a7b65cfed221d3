import type { LoggerService } from '@nestjs/common';

/**
 * Runs `drain` once on SIGTERM or SIGINT, then `close`, then exits 0 (1 when either throws). The same signal a
 * second time (Ctrl-C again) exits at once with 1; another signal while draining changes nothing (Ctrl-C
 * reaches the whole process group, then `./studio up` sends SIGTERM). One rule for the API and the worker.
 */
export function onStopSignal(opts: { graceMs: number; logger: LoggerService; drain: () => Promise<void>; close: () => Promise<void> }): void {
  const { logger } = opts;
  const received = new Set<NodeJS.Signals>();
  const stop = (signal: NodeJS.Signals) => {
    if (received.has(signal)) {
      logger.warn?.(`${signal} again while draining: exiting now`, 'Shutdown');
      process.exit(1);
    }
    received.add(signal);
    if (received.size > 1) return;
    logger.log(`${signal}: draining (grace ${opts.graceMs} ms)`, 'Shutdown');
    opts
      .drain()
      .then(() => opts.close())
      .then(() => {
        logger.log('stopped', 'Shutdown');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error(`shutdown failed: ${(err as Error)?.stack ?? err}`, 'Shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
