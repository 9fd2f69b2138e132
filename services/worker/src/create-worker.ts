import { createLeadActivityWriter } from '@leadbridge/lead-activity';
import {
  createLogger,
  createWorkerConnection,
  describeRedis,
  logRedisErrors,
  withTimeout,
  type Logger,
  type RedisConnection,
} from '@leadbridge/service-kit';
import type { Telemetry } from 'bullmq';
import { alerterFromConfig } from './alerts/alerter-from-config';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './delivery/retry-schedule';
import { DESTINATION_TYPES, buildDestinations } from './destinations/registry';
import type { Destination } from './delivery/destination';
import { createHealthServer } from './health-server';
import { startLeadWorker, type LeadWorker, type LeadWorkerOptions } from './lead-worker';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';
import { describeProxySettings } from './proxy/proxy-description';
import { startFailedRetention, type FailedRetention } from './retention/failed-retention';
import type { WorkerSettings } from './worker-settings';

export interface WorkerDeps {
  /**
   * Where the destinations' secrets are read (the configuration file's, or AZURE_CLIENT_SECRET
   * without one): the environment the settings were read from. @defaultValue `process.env`
   */
  env?: NodeJS.ProcessEnv;
  /** @defaultValue a JSON logger on stdout at the configured LOG_LEVEL */
  logger?: Logger;
  /** Extra CA certificate (PEM) to trust, e.g. the simulator's; NODE_EXTRA_CA_CERTS otherwise. */
  ca?: string;
  /** @defaultValue new metrics, which the settings' destinations report to */
  metrics?: WorkerMetrics;
  /**
   * Destinations in place of those the settings describe, for tests and benchmarks that bring
   * their own mapping, policies or transports. @defaultValue the settings' destinations
   */
  destinations?: readonly Destination[];
  /** Told when a lead fails for good, in place of the file's `alerts`. @defaultValue the file's */
  alerts?: LeadWorkerOptions['alerts'];
  /** @defaultValue the default schedule within DELIVERY_RETRY_HOURS */
  retrySchedule?: RetrySchedule;
  /**
   * BullMQ's telemetry: each lead's trace continues from the API's job through routing to every
   * delivery. @defaultValue none: the worker records no trace
   */
  telemetry?: Telemetry;
}

/** The worker once started: its queues and the port its health listener took. */
export interface StartedWorker {
  leads: LeadWorker;
  healthPort: number;
}

export interface Worker {
  readonly metrics: WorkerMetrics;
  readonly destinations: readonly Destination[];
  /**
   * Starts taking leads, the retention sweep and the health listener; resolves once it listens,
   * rejects when it cannot (leads are delivered all the same).
   */
  start(): Promise<StartedWorker>;
  /** Stops taking leads, waits up to SHUTDOWN_GRACE_MS for those in flight, then lets go of Redis. */
  close(): Promise<void>;
}

/**
 * The worker process, wired once from its settings: the Redis connection, the destinations, the
 * alerts, the retention sweep and the health listener. Only the Redis connection opens before
 * `start`. A bad secret or file setting throws a ConfigError here.
 */
export function createWorker(settings: WorkerSettings, deps: WorkerDeps = {}): Worker {
  const config = settings.process;
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? createLogger({ service: 'worker', level: config.logLevel });
  const tls = deps.ca ? { ca: deps.ca } : {};
  const metrics = deps.metrics ?? createWorkerMetrics();
  const destinations =
    deps.destinations ??
    buildDestinations(settings.destinations, {
      env,
      requestTimeoutMs: config.requestTimeoutMs,
      dataverse: config.dataverse,
      observer: metrics,
      smtpRequireTls: config.smtpRequireTls,
      proxy: config.proxy,
      ...tls,
    });

  const connection: RedisConnection = createWorkerConnection(config.redis);
  logRedisErrors(connection, logger);
  let alerts: { alerter: LeadWorkerOptions['alerts']; backlogThreshold?: number } | undefined;
  try {
    alerts = deps.alerts
      ? { alerter: deps.alerts }
      : settings.kind === 'file' && settings.alerts
        ? alerterFromConfig(settings.alerts, {
            env,
            redis: connection,
            prefix: config.queuePrefix,
            logger,
            smtpRequireTls: config.smtpRequireTls,
            proxy: config.proxy,
            ...tls,
          })
        : undefined;
  } catch (error) {
    connection.disconnect();
    throw error;
  }

  const health = createHealthServer({
    registry: metrics.registry,
    checks: {
      redis: async () => (await connection.ping()) === 'PONG',
      // Only the kinds of destination whose leads cannot move until they answer make the worker
      // unready: a Dataverse org whose token cannot be had, not an SMTP server that delays e-mails.
      ...Object.fromEntries(
        destinations
          .filter((destination) => DESTINATION_TYPES[destination.type].gatesReadiness)
          .map((destination) => [destination.name, () => destination.ready()]),
      ),
    },
  });
  health.on('error', (error) => logger.error('health listener failed', { error }));

  let running: { leads: LeadWorker; retention: FailedRetention } | undefined;
  return {
    metrics,
    destinations,
    async start() {
      const leads = startLeadWorker({
        connection,
        prefix: config.queuePrefix,
        destinations,
        logger,
        metrics,
        retrySchedule: deps.retrySchedule ?? {
          ...DEFAULT_RETRY_SCHEDULE,
          windowMs: config.retryWindowMs,
        },
        retryAfterMaxMs: config.retryAfterMaxMs,
        lockDurationMs: config.lockDurationMs,
        activity: createLeadActivityWriter({
          connection,
          prefix: config.queuePrefix,
          retentionDays: config.activityRetentionDays,
          logger,
        }),
        ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
        ...(alerts?.alerter ? { alerts: alerts.alerter } : {}),
        ...(alerts?.backlogThreshold !== undefined
          ? { backlogThreshold: alerts.backlogThreshold }
          : {}),
      });
      // Every worker sweeps; a lead stripped by one is skipped by the others.
      const retention = startFailedRetention({
        connection,
        prefix: config.queuePrefix,
        retentionMs: config.failedRetentionMs,
        logger,
      });
      running = { leads, retention };
      // How each Dataverse destination signs in, so a log shows which credential is in use.
      const signsInWith = new Map(
        settings.destinations.flatMap((d) =>
          d.type === 'dataverse' ? [[d.name, d.credential.kind] as const] : [],
        ),
      );
      logger.info('worker started', {
        configuration: settings.kind === 'file' ? settings.path : 'environment',
        redis: describeRedis(config.redis),
        destinations: destinations.map(({ name, type }) => {
          const credential = signsInWith.get(name);
          return credential ? `${name} (${type}, ${credential})` : `${name} (${type})`;
        }),
        proxy: describeProxySettings(config.proxy),
      });

      // Readiness now tells the operator at once whether the credentials work; leads wait
      // either way.
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

      await new Promise<void>((resolve, reject) => {
        health.once('error', reject);
        health.listen(config.healthPort, () => {
          health.off('error', reject);
          resolve();
        });
      });
      const address = health.address();
      const healthPort = typeof address === 'object' && address ? address.port : config.healthPort;
      logger.info('health listener listening', { port: healthPort });
      return { leads, healthPort };
    },
    async close() {
      health.close();
      if (running) {
        const { leads, retention } = running;
        await Promise.all([
          leads.close(config.shutdownGraceMs),
          // A sweep is a series of atomic steps: one cut short is finished by the next.
          withTimeout(retention.stop(), config.shutdownGraceMs, 'sweeping failed leads').catch(
            () => undefined,
          ),
        ]);
      }
      connection.disconnect();
    },
  };
}
