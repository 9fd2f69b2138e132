import {
  closeOnSignals,
  createLogger,
  logFatalErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import { startTracing } from '@leadbridge/tracing';
import { createWorker } from './create-worker';
import { readWorkerSettings } from './worker-settings';

const settings = readConfigOrExit('worker', readWorkerSettings);
const logger = createLogger({ service: 'worker', level: settings.process.logLevel });
logFatalErrors(logger);
const tracing = startTracing(settings.process.tracing, logger);
const worker = readConfigOrExit('worker', (env) =>
  createWorker(settings, {
    env,
    logger,
    ...(tracing.bullmq ? { telemetry: tracing.bullmq } : {}),
  }),
);
/** Lets go of every lead in flight, then sends the spans of their last steps. */
const close = () => worker.close().then(() => tracing.shutdown());
worker.start().catch((error: unknown) => {
  // A health listener that cannot listen is logged, and leads are delivered without it; any
  // other failure means no lead would be, so the process says so and stops.
  if (error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'listen') return;
  logger.error('worker could not start', { error });
  process.exitCode = 1;
  void close();
});
closeOnSignals(logger, settings.process.shutdownGraceMs + 5_000, close);
