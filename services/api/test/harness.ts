import { randomUUID } from 'node:crypto';
import {
  destinationQueueName,
  LEAD_QUEUE,
  type DestinationJobData,
  type LeadJobData,
} from '@leadbridge/lead-model';
import { createLogger, createProducerConnection, withTimeout } from '@leadbridge/service-kit';
import { LogCapture, testRedisUrl } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import { createApp } from '../src/app';
import { createAdminApp, type AdminDeps } from '../src/admin/admin-app';
import { createEmailIndex } from '../src/ingest/email-index';
import { createLeadRecords } from '../src/ingest/lead-records';
import { createQueueLeadStore } from '../src/ingest/lead-store';
import { createLookupHash } from '../src/ingest/lookup-hash';
import { createApiMetrics } from '../src/metrics';

export const SECRET = 'test-secret-0123456789abcdef0123456789';
export const ROTATED_SECRET = 'next-secret-abcdefghijklmnopqrstuvwxyz';
export const ADMIN = { user: 'ops', password: 'correct horse battery staple' };

export interface ApiUnderTest {
  app: Express;
  /** The admin listener's app, sharing the queue, index and metrics with `app`. */
  admin: Express;
  prefix: string;
  logs: LogCapture;
  /** The lead queue as the worker will see it. */
  queue: Queue<LeadJobData>;
  close(): Promise<void>;
}

/**
 * The real app over a real Redis, under a key prefix of its own, so tests never see each other's
 * jobs. `close` obliterates what the test stored.
 */
export function startApi(
  redisUrl = testRedisUrl(),
  options: {
    readOnly?: boolean;
    admin?: Partial<AdminDeps>;
    dedupeWindowSeconds?: number;
    /** How long a store may take before the lead is answered 503. @defaultValue the API's own */
    storeTimeoutMs?: number;
  } = {},
): ApiUnderTest {
  const prefix = `test-${randomUUID()}`;
  const logs = new LogCapture();
  const connection = createProducerConnection(redisUrl);
  connection.on('error', () => undefined); // the tests that stop Redis expect errors
  const hash = createLookupHash({ connection, prefix });
  const emailIndex = createEmailIndex({ connection, prefix, hash });
  const store = createQueueLeadStore({
    connection,
    prefix,
    records: createLeadRecords({ connection, prefix, hash, ledger: false }),
    ...(options.dedupeWindowSeconds ? { dedupeWindowSeconds: options.dedupeWindowSeconds } : {}),
    ...(options.storeTimeoutMs ? { timeoutMs: options.storeTimeoutMs } : {}),
  });
  const logger = createLogger({ service: 'api', stream: logs, level: 'debug' });
  const deliveries = new Queue<DestinationJobData>(destinationQueueName('dynamics'), {
    connection: { url: redisUrl },
    prefix,
  });
  deliveries.on('error', () => undefined);
  const metrics = createApiMetrics(store.queue, [deliveries]);
  // As main.ts wires it without OTEL set: no server span at all.
  const app = createApp({
    logger,
    store,
    ingestSecrets: [SECRET, ROTATED_SECRET],
    metrics,
    traced: false,
  });
  const admin = createAdminApp({
    queue: store.queue,
    destinationQueues: [deliveries],
    redis: connection,
    credentials: ADMIN,
    readOnly: options.readOnly ?? false,
    registry: metrics.registry,
    emailIndex,
    logger,
    ...options.admin,
  });
  const queue = new Queue<LeadJobData>(LEAD_QUEUE, { connection: { url: redisUrl }, prefix });
  queue.on('error', () => undefined);
  return {
    app,
    admin,
    prefix,
    logs,
    queue,
    async close() {
      await store.close();
      connection.disconnect();
      // Bounded: in the outage tests the Redis behind this queue is gone for good.
      await withTimeout(queue.obliterate({ force: true }), 2_000, 'cleanup').catch(() => undefined);
      await withTimeout(queue.close(), 1_000, 'cleanup').catch(() => queue.disconnect());
      await withTimeout(deliveries.close(), 1_000, 'cleanup').catch(() => deliveries.disconnect());
    },
  };
}
