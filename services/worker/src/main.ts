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
import { createHealthServer } from './health-server';
import { startLeadWorker } from './lead-worker';
import { createWorkerMetrics } from './metrics';

const config = readConfigOrExit('worker', readWorkerConfig);
const logger = createLogger({ service: 'worker', level: config.logLevel });
logFatalErrors(logger);

const metrics = createWorkerMetrics();
const connection = createWorkerConnection(config.redisUrl);
connection.on('error', (error) => logger.warn('redis connection error', { error }));
const { dataverse, tokens } = createDataverseDelivery(config, { observer: metrics });
const leadWorker = startLeadWorker({
  connection,
  prefix: config.queuePrefix,
  dataverse,
  logger,
  metrics,
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

const health = createHealthServer({
  registry: metrics.registry,
  checks: {
    redis: async () => (await connection.ping()) === 'PONG',
    // msal answers from its cache while the token is valid, so this costs nothing when healthy.
    token: async () => (await tokens.getToken()).length > 0,
  },
});
health.on('error', (error) => logger.error('health listener failed', { error }));
health.listen(config.healthPort, () => {
  const address = health.address();
  logger.info('health listener listening', {
    port: typeof address === 'object' && address ? address.port : config.healthPort,
  });
});

closeOnSignals(logger, config.shutdownGraceMs + 5_000, async () => {
  health.close();
  await leadWorker.close(config.shutdownGraceMs);
  connection.disconnect();
});
