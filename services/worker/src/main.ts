import {
  closeOnSignals,
  createLogger,
  createWorkerConnection,
  logFatalErrors,
  readConfigOrExit,
  withTimeout,
} from '@leadbridge/service-kit';
import { alerterFromConfig } from './alerts/alerter-from-config';
import { DEFAULT_RETRY_SCHEDULE } from './delivery/retry-schedule';
import {
  destinationFromEnvironment,
  destinationsFromFile,
} from './destinations/build-destinations';
import { createHealthServer } from './health-server';
import { startLeadWorker } from './lead-worker';
import { createWorkerMetrics } from './metrics';
import { startFailedRetention } from './retention/failed-retention';
import { readWorkerSettings } from './worker-settings';

const settings = readConfigOrExit('worker', readWorkerSettings);
const config = settings.process;
const logger = createLogger({ service: 'worker', level: config.logLevel });
logFatalErrors(logger);

const metrics = createWorkerMetrics();
const connection = createWorkerConnection(config.redisUrl);
connection.on('error', (error) => logger.warn('redis connection error', { error }));

const destinations =
  settings.kind === 'file'
    ? readConfigOrExit('worker', (env) =>
        destinationsFromFile(settings.destinations, {
          env,
          requestTimeoutMs: config.requestTimeoutMs,
          observer: metrics,
          smtpRequireTls: config.smtpRequireTls,
        }),
      )
    : [destinationFromEnvironment(settings.process, { observer: metrics })];
const alertsConfig = settings.kind === 'file' ? settings.alerts : undefined;
const alerts = alertsConfig
  ? readConfigOrExit('worker', (env) =>
      alerterFromConfig(alertsConfig, {
        env,
        redis: connection,
        prefix: config.queuePrefix,
        logger,
        smtpRequireTls: config.smtpRequireTls,
      }),
    )
  : undefined;

const leadWorker = startLeadWorker({
  connection,
  prefix: config.queuePrefix,
  destinations,
  logger,
  metrics,
  retrySchedule: { ...DEFAULT_RETRY_SCHEDULE, windowMs: config.retryWindowMs },
  retryAfterMaxMs: config.retryAfterMaxMs,
  lockDurationMs: config.lockDurationMs,
  ...(alerts ? { alerts: alerts.alerter, backlogThreshold: alerts.backlogThreshold } : {}),
});
// Every worker sweeps; a lead stripped by one is skipped by the others.
const retention = startFailedRetention({
  connection,
  prefix: config.queuePrefix,
  retentionMs: config.failedRetentionMs,
  logger,
});
logger.info('worker started', {
  configuration: settings.kind === 'file' ? settings.path : 'environment',
  destinations: destinations.map(({ name, type }) => `${name} (${type})`),
});

// Readiness now tells the operator at once whether the credentials work; leads wait either way.
for (const destination of destinations) {
  destination.ready().then(
    () => logger.info('destination ready', { destination: destination.name }),
    (error: unknown) =>
      logger.error('destination not reachable yet: its leads will wait and retry', {
        destination: destination.name,
        error,
      }),
  );
}

const health = createHealthServer({
  registry: metrics.registry,
  checks: {
    redis: async () => (await connection.ping()) === 'PONG',
    // A Dataverse destination is ready when a token can be had; an SMTP server being down only
    // delays e-mails, so it does not make the worker unready.
    ...Object.fromEntries(
      destinations
        .filter((destination) => destination.type === 'dataverse')
        .map((destination) => [destination.name, () => destination.ready()]),
    ),
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
  await Promise.all([
    leadWorker.close(config.shutdownGraceMs),
    // A sweep is a series of atomic steps: one cut short is finished by the next.
    withTimeout(retention.stop(), config.shutdownGraceMs, 'sweeping failed leads').catch(
      () => undefined,
    ),
  ]);
  connection.disconnect();
});
