// Drain benchmark: 10,000 queued leads written into the simulator by the real worker, against a
// BullMQ worker that does nothing with the same jobs, on the same machine in the same run.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const { startSimulator } = require('@leadbridge/dataverse-simulator');
const { createQueueLeadStore } = require('@leadbridge/api');
const {
  createDataverseDelivery,
  startLeadWorker,
  DEFAULT_RETRY_SCHEDULE,
} = require('@leadbridge/worker');
const {
  createLogger,
  createProducerConnection,
  createWorkerConnection,
} = require('@leadbridge/service-kit');
const { LEAD_QUEUE, describeOrigin, leadIdFor, parseLead } = require('@leadbridge/lead-model');
const { Worker } = require('bullmq');

const quiet = createLogger({
  service: 'bench',
  stream: new Writable({ write: (_c, _e, done) => done() }),
});

async function fill(redisUrl, prefix, count) {
  const connection = createProducerConnection(redisUrl);
  const store = createQueueLeadStore({ connection, prefix });
  const batch = [];
  for (let n = 0; n < count; n++) {
    const parsed = parseLead({
      UserDetails: { LastName: `Lead ${n}`, Email: `drain${n}@example.com` },
      OfferTitle: 'Widget',
      Description: `drain ${prefix} ${n}`,
    });
    const lead = parsed.lead;
    batch.push(
      store.put({
        leadId: leadIdFor(lead),
        correlationId: `drain-${n}`,
        receivedAt: new Date().toISOString(),
        rawBody: '{}',
        lead,
        origin: describeOrigin(lead),
      }),
    );
    if (batch.length === 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.close();
  connection.disconnect();
}

async function timeDrain(count, queue, isDone) {
  const started = process.hrtime.bigint();
  while (!(await isDone())) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, perSecond: count / seconds };
}

export async function benchDrain({ count = 10_000, concurrency = 50 } = {}) {
  const redis = await startPrivateRedis();
  const sim = await startSimulator();
  try {
    // Baseline: a worker that does nothing.
    const basePrefix = `drain-${randomUUID()}`;
    await fill(redis.url, basePrefix, count);
    let done = 0;
    const started = Date.now();
    const nothing = new Worker(
      LEAD_QUEUE,
      async () => {
        done++;
      },
      { connection: createWorkerConnection(redis.url), prefix: basePrefix, concurrency },
    );
    const baseline = await timeDrain(count, null, async () => done >= count);
    await nothing.close();
    void started;

    // Leadbridge: the real worker, msal-node and axios over TLS into the simulator.
    const prefix = `drain-${randomUUID()}`;
    await fill(redis.url, prefix, count);
    const { dataverse } = createDataverseDelivery(
      {
        dataverseUrl: sim.url,
        authorityHost: sim.url,
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        credential: { kind: 'secret', clientSecret: sim.clientSecret },
        maxConcurrency: concurrency,
        requestTimeoutMs: 30_000,
      },
      { ca: sim.caCertPem },
    );
    const connection = createWorkerConnection(redis.url);
    const worker = startLeadWorker({
      connection,
      prefix,
      dataverse,
      logger: quiet,
      concurrency,
      rateLimit: { max: 100_000, durationMs: 1_000 },
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      lockDurationMs: 30_000,
    });
    const leadbridge = await timeDrain(
      count,
      worker.queue,
      async () => sim.leads().length >= count,
    );
    await worker.close(5_000);
    connection.disconnect();
    return {
      count,
      concurrency,
      baseline,
      leadbridge,
      ratio: leadbridge.perSecond / baseline.perSecond,
      written: sim.leads().length,
    };
  } finally {
    await sim.close();
    await redis.stop();
  }
}
