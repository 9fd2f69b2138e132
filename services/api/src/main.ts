import {
  closeOnSignals,
  createLogger,
  createProducerConnection,
  describeRedis,
  logFatalErrors,
  logRedisErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import type { Server } from 'node:http';
import { destinationQueueName, type DestinationJobData } from '@leadbridge/lead-model';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import { createAdminApp } from './admin/admin-app';
import { createApp } from './app';
import { readApiConfig } from './config';
import { createEmailIndex } from './ingest/email-index';
import { createQueueLeadStore } from './ingest/lead-store';
import { addSpoolMetric, createApiMetrics } from './metrics';
import { openLeadSpool } from './spool/lead-spool';
import { startSpoolDrain, withSpool } from './spool/spooling-store';

const config = readConfigOrExit('api', readApiConfig);
const logger = createLogger({ service: 'api', level: config.logLevel });
logFatalErrors(logger);

// Opening the spool reads what an earlier run left on disk, so start-up is asynchronous.
async function start(): Promise<void> {
  const connection = createProducerConnection(config.redis);
  logRedisErrors(connection, logger);
  const emailIndex = createEmailIndex({
    connection,
    prefix: config.queuePrefix,
    ...(config.lookupHashKey ? { key: config.lookupHashKey } : {}),
  });
  const queueStore = createQueueLeadStore({
    connection,
    prefix: config.queuePrefix,
    emailIndex,
    waitReplicas: config.redis.waitReplicas,
  });
  const spool = await openLeadSpool(config.spoolDir, logger);
  const store = withSpool(queueStore, spool, logger);
  const stopDrain = startSpoolDrain(queueStore, spool, logger);
  // One queue per destination: the dashboard, the lookup and the metrics show each.
  const destinationQueues = config.destinations.map(
    (name) =>
      new Queue<DestinationJobData>(destinationQueueName(name), {
        connection,
        prefix: config.queuePrefix,
      }),
  );
  const metrics = createApiMetrics(store.queue, destinationQueues);
  addSpoolMetric(metrics, () => spool.depth());
  if (spool.depth() > 0) logger.info('leads waiting in the spool', { spooled: spool.depth() });
  const servers: Server[] = [];

  function listen(
    app: Express,
    port: number,
    what: string,
    fields: Record<string, unknown> = {},
  ): void {
    const server = app.listen(port, (error?: Error) => {
      if (error) {
        logger.error(`${what} cannot listen`, { port, error });
        process.exit(1);
      }
      const address = server.address();
      logger.info(`${what} listening`, {
        port: typeof address === 'object' && address ? address.port : port,
        ...fields,
      });
    });
    servers.push(server);
  }

  listen(
    createApp({
      logger,
      store,
      ingestSecrets: config.ingestSecrets,
      metrics,
      trustProxy: config.trustProxy,
    }),
    config.port,
    'api',
    {
      leadsPath: '/leads?code=<secret>',
      redis: describeRedis(config.redis),
    },
  );
  if (config.admin.password === undefined) {
    logger.warn(
      'admin listener not started: set ADMIN_PASSWORD to serve the dashboard, lookup and metrics',
    );
  } else {
    const admin = createAdminApp({
      queue: store.queue,
      destinationQueues,
      redis: connection,
      credentials: { user: config.admin.user, password: config.admin.password },
      ...(config.admin.viewer ? { viewer: config.admin.viewer } : {}),
      readOnly: config.admin.readOnly,
      trustProxy: config.admin.trustProxy,
      registry: metrics.registry,
      emailIndex,
      logger,
    });
    listen(admin, config.admin.port, 'admin', {
      dashboard: '/queues',
      readOnly: config.admin.readOnly,
      viewer: config.admin.viewer?.user ?? 'none',
    });
  }

  closeOnSignals(logger, 10_000, async () => {
    stopDrain();
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    // Lets go of its spool subdirectory: what is left there is taken over by the next process.
    await spool.close();
    await store.close();
    await Promise.all(destinationQueues.map((queue) => queue.close()));
    connection.disconnect();
  });
}

start().catch((error: unknown) => {
  logger.error('api cannot start', { error });
  process.exit(1);
});
