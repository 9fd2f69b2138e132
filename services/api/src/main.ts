import {
  closeOnSignals,
  createLogger,
  createProducerConnection,
  describeRedis,
  logFatalErrors,
  logRedisErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import { createServer, type Server } from 'node:http';
import { destinationQueueName, type DestinationJobData } from '@leadbridge/lead-model';
import { createLeadActivityReader, recordOperatorAction } from '@leadbridge/lead-activity';
import { startTracing } from '@leadbridge/tracing';
import { Queue } from 'bullmq';
import { createAdminApp } from './admin/admin-app';
import { createApp } from './app';
import { readApiConfig } from './config';
import { adoptEarlierLeads } from './ingest/adopt-earlier-leads';
import { createEmailIndex } from './ingest/email-index';
import { createQueueLeadStore } from './ingest/lead-store';
import { createLeadRecords } from './ingest/lead-records';
import { createLookupHash } from './ingest/lookup-hash';
import { addSpoolMetric, createApiMetrics } from './metrics';
import { openLeadSpool } from './spool/lead-spool';
import { startSpoolDrain, withSpool } from './spool/spooling-store';
import { createPublicServer } from './tls/public-server';

const config = readConfigOrExit('api', readApiConfig);
const logger = createLogger({ service: 'api', level: config.logLevel });
logFatalErrors(logger);
const tracing = startTracing(config.tracing, logger);

// Opening the spool reads what an earlier run left on disk, so start-up is asynchronous.
async function start(): Promise<void> {
  const connection = createProducerConnection(config.redis);
  logRedisErrors(connection, logger);
  // The lookup index and the received ledger key an address by the same HMAC.
  const hash = createLookupHash({
    connection,
    prefix: config.queuePrefix,
    ...(config.lookupHashKey ? { key: config.lookupHashKey } : {}),
  });
  const emailIndex = createEmailIndex({ connection, prefix: config.queuePrefix, hash });
  const queueStore = createQueueLeadStore({
    connection,
    prefix: config.queuePrefix,
    // The lookup index's entry and the received ledger's record, in one script per lead.
    records: createLeadRecords({ connection, prefix: config.queuePrefix, hash }),
    dedupeWindowSeconds: config.dedupeWindowSeconds,
    ...(tracing.bullmq ? { telemetry: tracing.bullmq } : {}),
    waitReplicas: config.redis.waitReplicas,
  });
  void adoptEarlierLeads(queueStore.queue, connection, config.dedupeWindowSeconds * 1_000).then(
    (adopted) => adopted > 0 && logger.info('earlier leads given a redelivery window', { adopted }),
    (error: unknown) =>
      logger.warn('earlier leads not given a redelivery window; will try at next start', {
        error,
      }),
  );
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
    server: Server,
    port: number,
    what: string,
    fields: Record<string, unknown> = {},
  ): void {
    server.once('error', (error) => {
      logger.error(`${what} cannot listen`, { port, error });
      process.exit(1);
    });
    server.listen(port, () => {
      const address = server.address();
      logger.info(`${what} listening`, {
        port: typeof address === 'object' && address ? address.port : port,
        ...fields,
      });
    });
    servers.push(server);
  }

  const ingest = createPublicServer(
    createApp({
      logger,
      store,
      ingestSecrets: config.ingestSecrets,
      metrics,
      trustProxy: config.trustProxy,
      traced: config.tracing.enabled,
    }),
    config.tls,
    logger,
  );
  listen(ingest.server, config.port, 'api', {
    leadsPath: '/leads?code=<secret>',
    redis: describeRedis(config.redis),
    ...ingest.describe,
  });
  const { admin: adminConfig } = config;
  if (adminConfig.password === undefined && !adminConfig.oidc) {
    logger.warn(
      'admin listener not started: set ADMIN_PASSWORD, or ADMIN_OIDC_ISSUER and its companions ' +
        'to sign in with Microsoft Entra ID, to serve the dashboard, lookup and metrics',
    );
  } else {
    const activityStore = { connection, prefix: config.queuePrefix };
    const admin = createAdminApp({
      queue: store.queue,
      destinationQueues,
      redis: connection,
      ...(adminConfig.password !== undefined
        ? { credentials: { user: adminConfig.user, password: adminConfig.password } }
        : {}),
      ...(adminConfig.viewer ? { viewer: adminConfig.viewer } : {}),
      ...(adminConfig.oidc ? { oidc: { config: adminConfig.oidc } } : {}),
      readOnly: adminConfig.readOnly,
      trustProxy: adminConfig.trustProxy,
      registry: metrics.registry,
      emailIndex,
      activity: createLeadActivityReader(activityStore),
      onLeadAction: async ({ leadId, kind, destination, by, at }) => {
        const action = { kind, by, ...(destination !== undefined ? { destination } : {}) };
        await recordOperatorAction(activityStore, leadId, action, new Date(at));
      },
      logger,
    });
    const signIn = [
      ...(adminConfig.oidc ? ['entra-id'] : []),
      ...(adminConfig.password !== undefined ? ['basic'] : []),
    ];
    // Plain HTTP: it is for this machine (or an SSH tunnel, or a proxy with its own TLS and
    // sign-in), and the public certificate would not name the address it is reached by.
    listen(createServer(admin), adminConfig.port, 'admin', {
      dashboard: '/queues',
      signIn: signIn.join('+'),
      ...(adminConfig.oidc ? { publicUrl: adminConfig.oidc.publicUrl } : {}),
      readOnly: adminConfig.readOnly,
      viewer: adminConfig.viewer?.user ?? 'none',
    });
  }

  closeOnSignals(logger, 10_000, async () => {
    stopDrain();
    ingest.stopReloading();
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    // Lets go of its spool subdirectory: what is left there is taken over by the next process.
    await spool.close();
    await store.close();
    await Promise.all(destinationQueues.map((queue) => queue.close()));
    connection.disconnect();
    // Last, so the spans of the requests answered while closing are sent too.
    await tracing.shutdown();
  });
}

start().catch((error: unknown) => {
  logger.error('api cannot start', { error });
  process.exit(1);
});
