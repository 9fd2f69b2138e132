import type { Logger } from './logger';
import { withTimeout } from './timeout';

/**
 * Runs `close` once on SIGTERM or SIGINT, bounded by `graceMs`, then exits. A second signal, or a
 * close that overruns, exits at once: an orchestrator would kill the process anyway.
 */
export function closeOnSignals(logger: Logger, graceMs: number, close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    logger.info('shutting down', { signal, graceMs });
    withTimeout(close(), graceMs, 'shutdown')
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error('shutdown did not complete cleanly', { error });
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Logs what would otherwise vanish, then lets the process die as Node would. */
export function logFatalErrors(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: reason });
    process.exit(1);
  });
}
