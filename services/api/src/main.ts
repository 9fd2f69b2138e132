import {
  closeOnSignals,
  createLogger,
  createProducerConnection,
  logFatalErrors,
  readConfigOrExit,
} from '@leadbridge/service-kit';
import type { Server } from 'node:http';
import { createApp } from './app';
import { readApiConfig } from './config';
import { createQueueLeadStore } from './ingest/lead-store';

const config = readConfigOrExit('api', readApiConfig);
const logger = createLogger({ service: 'api', level: config.logLevel });
logFatalErrors(logger);

const connection = createProducerConnection(config.redisUrl);
connection.on('error', (error) => logger.warn('redis connection error', { error }));
const store = createQueueLeadStore({ connection, prefix: config.queuePrefix });
const app = createApp({ logger, store, ingestSecrets: config.ingestSecrets });

const server: Server = app.listen(config.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('api listening', { port, leadsPath: '/leads?code=<secret>' });
});

closeOnSignals(logger, 10_000, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  connection.disconnect();
});
