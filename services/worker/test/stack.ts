import { randomUUID } from 'node:crypto';
import {
  createApp,
  createLeadRecords,
  createLookupHash,
  createQueueLeadStore,
} from '@leadbridge/api';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@leadbridge/dataverse-simulator';
import {
  destinationQueueName,
  type DestinationJobData,
  type LeadJobData,
  type MatchSpec,
} from '@leadbridge/lead-model';
import { createLogger, createProducerConnection } from '@leadbridge/service-kit';
import { compileMapping, type MappingSpec } from '@leadbridge/lead-model/mapping';
import { LogCapture, testRedisUrl } from '@leadbridge/test-support';
import { DEFAULT_DESTINATION_NAME } from '@leadbridge/config';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import request from 'supertest';
import {
  createDataverseDelivery,
  createDataverseDestination,
  createWorker,
  createWorkerMetrics,
  DEFAULT_POLICIES,
  readWorkerSettings,
  type DataverseClient,
  type DataversePolicies,
  type Destination,
  type LeadWorker,
  type LeadWorkerOptions,
  type BulkWriteSettings,
  type RetrySchedule,
  type TokenProvider,
  type WorkerMetrics,
} from '../src';

export const SECRET = 'e2e-secret-0123456789abcdef0123456789ab';

/** Short delays, so a test sees several retries in seconds; the window stays generous. */
export const FAST_RETRIES: RetrySchedule = {
  baseDelayMs: 200,
  maxDelayMs: 1_000,
  windowMs: 120_000,
};

export interface Stack {
  sim: Simulator;
  api: Express;
  worker: LeadWorker;
  /** The Dataverse destination's queue, where each lead's delivery job is. */
  deliveries: Queue<DestinationJobData>;
  metrics: WorkerMetrics;
  /** The worker's own client of the simulator. */
  dataverse: DataverseClient;
  tokens: TokenProvider;
  logs: LogCapture;
  prefix: string;
  /** Posts a lead to the real ingest endpoint; resolves with the lead id. */
  post(body: object): Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  simulator?: SimulatorOptions;
  retrySchedule?: RetrySchedule;
  concurrency?: number;
  /** Client secret the worker uses; the simulator's own by default. */
  clientSecret?: string;
  /** The Dataverse destination's mapping; the default mapping when absent. */
  mapping?: MappingSpec;
  policies?: Partial<DataversePolicies>;
  /** Which leads the simulator's destination takes; every lead when absent. */
  match?: MatchSpec;
  /** More destinations beside the simulator's Dataverse one. */
  extraDestinations?: Destination[];
  /** Where failures for good are raised. */
  alerts?: LeadWorkerOptions['alerts'];
  /** The longest pause a Retry-After may cause; the worker's default when absent. */
  retryAfterMaxMs?: number;
  /**
   * Index each lead's e-mail address for the lookup, and record it in the received ledger, with
   * this HMAC key; neither when absent.
   */
  lookupHashKey?: string;
  /** The API's redelivery window; its default (a day) when absent. */
  dedupeWindowSeconds?: number;
  /** The Dataverse destination's bulk writes; off when absent. */
  bulkWrites?: BulkWriteSettings;
}

/**
 * The whole path in one process, over real sockets: the ingest app → a real Redis (own key
 * prefix) → the BullMQ worker → msal-node and axios over TLS → the simulator.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const redisUrl = testRedisUrl();
  const prefix = `test-${randomUUID()}`;
  const logs = new LogCapture();
  const sim = await startSimulator(options.simulator);

  const producer = createProducerConnection(redisUrl);
  const hash =
    options.lookupHashKey !== undefined
      ? createLookupHash({ connection: producer, prefix, key: options.lookupHashKey })
      : undefined;
  const store = createQueueLeadStore({
    connection: producer,
    prefix,
    ...(options.dedupeWindowSeconds ? { dedupeWindowSeconds: options.dedupeWindowSeconds } : {}),
    // The lookup index and the received ledger, keyed by one HMAC, as the API wires them.
    ...(hash ? { records: createLeadRecords({ connection: producer, prefix, hash }) } : {}),
  });
  const api = createApp({
    logger: createLogger({ service: 'api', stream: logs }),
    store,
    ingestSecrets: [SECRET],
  });

  const concurrency = options.concurrency ?? 8;
  const settings = readWorkerSettings({
    DATAVERSE_URL: sim.url,
    AZURE_AUTHORITY_HOST: sim.url,
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: sim.clientId,
    AZURE_CLIENT_SECRET: options.clientSecret ?? sim.clientSecret,
    DATAVERSE_MAX_CONCURRENCY: String(concurrency),
    DATAVERSE_TIMEOUT_MS: '5000',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_LOCK_DURATION_MS: '5000',
    WORKER_HEALTH_PORT: '0',
    ...(options.retryAfterMaxMs !== undefined
      ? { RETRY_AFTER_MAX_SECONDS: String(options.retryAfterMaxMs / 1000) }
      : {}),
  });
  const { mapping, problems } = compileMapping(options.mapping);
  if (problems.length > 0) throw new Error(`bad test mapping: ${JSON.stringify(problems)}`);
  const metrics = createWorkerMetrics();
  const { dataverse, tokens } = createDataverseDelivery(
    {
      dataverseUrl: sim.url,
      authorityHost: sim.url,
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      credential: { kind: 'secret', clientSecret: options.clientSecret ?? sim.clientSecret },
      maxConcurrency: concurrency,
      requestTimeoutMs: 5_000,
    },
    { ca: sim.caCertPem, observer: metrics },
  );
  const runner = createWorker(settings, {
    logger: createLogger({ service: 'worker', stream: logs, level: 'debug' }),
    metrics,
    // The simulator's destination carries the test's mapping, policies and match.
    destinations: [
      createDataverseDestination({
        name: DEFAULT_DESTINATION_NAME,
        ...(options.match ? { match: options.match } : {}),
        dataverse,
        tokens,
        mapping,
        policies: { ...DEFAULT_POLICIES, ...options.policies },
        concurrency,
        rateLimit: { max: 1_000, durationMs: 1_000 },
        ...(options.bulkWrites ? { bulkWrites: options.bulkWrites, observer: metrics } : {}),
      }),
      ...(options.extraDestinations ?? []),
    ],
    ...(options.alerts ? { alerts: options.alerts } : {}),
    retrySchedule: options.retrySchedule ?? FAST_RETRIES,
  });
  const { leads: worker } = await runner.start();

  return {
    sim,
    api,
    worker,
    deliveries: worker.destinations.get(DEFAULT_DESTINATION_NAME)
      ?.queue as Queue<DestinationJobData>,
    metrics,
    dataverse,
    tokens,
    logs,
    prefix,
    async post(body) {
      const response = await request(api).post(`/leads?code=${SECRET}`).send(body);
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
      return (response.body as { id: string }).id;
    },
    async close() {
      // Leads still in flight are let go at once, and the test's queues emptied.
      await Promise.all(
        [worker.router, ...[...worker.destinations.values()].map((runner) => runner.worker)].map(
          (item) => item.close(true),
        ),
      );
      for (const queue of [
        worker.queue,
        ...[...worker.destinations.values()].map((r) => r.queue),
      ]) {
        await queue.obliterate({ force: true }).catch(() => undefined);
      }
      await runner.close();
      await store.close();
      producer.disconnect();
      await sim.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type { LeadJobData };

/**
 * The Dataverse delivery job once it has reached `state` (or the job in `queue`). The state is
 * read before the job, so the job read afterwards carries what that state wrote (its return
 * value or failure reason).
 */
export async function jobIn(
  stack: Stack,
  id: string,
  state: 'completed' | 'failed',
  queue: Queue = stack.deliveries,
) {
  return eventually(async () =>
    (await queue.getJobState(id)) === state ? queue.getJob(id) : undefined,
  );
}

export { destinationQueueName };
