import {
  closeOnSignals,
  createLogger,
  createWorkerConnection,
  logFatalErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import { readWorkerConfig } from './config';
import { createDataverseDelivery } from './create-delivery';
import { DEFAULT_RETRY_SCHEDULE } from './delivery/retry-schedule';
import { startLeadWorker } from './lead-worker';

const config = readConfigOrExit('worker', readWorkerConfig);
const logger = createLogger({ service: 'worker', level: config.logLevel });
logFatalErrors(logger);

const connection = createWorkerConnection(config.redisUrl);
connection.on('error', (error) => logger.warn('redis connection error', { error }));
const { dataverse, tokens } = createDataverseDelivery(config);
const leadWorker = startLeadWorker({
  connection,
  prefix: config.queuePrefix,
  dataverse,
  logger,
  concurrency: config.maxConcurrency,
  rateLimit: config.rateLimit,
  retrySchedule: { ...DEFAULT_RETRY_SCHEDULE, windowMs: config.retryWindowMs },
  lockDurationMs: config.lockDurationMs,
});
logger.info('worker started', {
  dataverseUrl: config.dataverseUrl,
  concurrency: config.maxConcurrency,
  rateLimit: config.rateLimit,
});

// A token now tells the operator at once whether the credentials work; leads wait either way.
tokens.getToken().then(
  () => logger.info('token obtained from Entra ID'),
  (error: unknown) => logger.error('cannot get a token yet: leads will wait and retry', { error }),
);

closeOnSignals(logger, config.shutdownGraceMs + 5_000, async () => {
  await leadWorker.close(config.shutdownGraceMs);
  connection.disconnect();
});
