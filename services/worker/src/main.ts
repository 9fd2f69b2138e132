import {
  closeOnSignals,
  createLogger,
  logFatalErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import { createWorker } from './create-worker';
import { readWorkerSettings } from './worker-settings';

const settings = readConfigOrExit('worker', readWorkerSettings);
const logger = createLogger({ service: 'worker', level: settings.process.logLevel });
logFatalErrors(logger);
const worker = readConfigOrExit('worker', (env) => createWorker(settings, { env, logger }));
// A health listener that cannot listen is logged; leads are delivered without it.
worker.start().catch(() => undefined);
closeOnSignals(logger, settings.process.shutdownGraceMs + 5_000, () => worker.close());
