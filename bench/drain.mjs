// Drain benchmark: 10,000 queued leads written into the simulator by the real worker, against a
// BullMQ worker that does nothing with the same jobs, on the same machine in the same run.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { fillQueue } from './fill-queue.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const {
  destinationFromEnvironment,
  startLeadWorker,
  DEFAULT_RETRY_SCHEDULE,
} = require('@leadbridge/worker');
const { createLogger, createWorkerConnection } = require('@leadbridge/service-kit');
const { LEAD_QUEUE } = require('@leadbridge/lead-model');
const { Worker } = require('bullmq');

const quiet = createLogger({
  service: 'bench',
  stream: new Writable({ write: (_c, _e, done) => done() }),
});

async function timeDrain(count, queue, isDone) {
  const started = process.hrtime.bigint();
  while (!(await isDone())) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, perSecond: count / seconds };
}

export async function benchDrain({ count = 10_000, concurrency = 50 } = {}) {
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  try {
    // Baseline: a worker that does nothing.
    const basePrefix = `drain-${randomUUID()}`;
    await fillQueue(redis.url, basePrefix, count);
    let done = 0;
    const baseConnection = createWorkerConnection(redis.url);
    const nothing = new Worker(
      LEAD_QUEUE,
      async () => {
        done++;
      },
      { connection: baseConnection, prefix: basePrefix, concurrency },
    );
    const baseline = await timeDrain(count, null, async () => done >= count);
    await nothing.close();
    baseConnection.disconnect();

    // Leadbridge: the real worker, msal-node and axios over TLS into the simulator.
    const prefix = `drain-${randomUUID()}`;
    await fillQueue(redis.url, prefix, count);
    const destination = destinationFromEnvironment(
      {
        dataverseUrl: sim.env.DATAVERSE_URL,
        authorityHost: sim.env.AZURE_AUTHORITY_HOST,
        tenantId: sim.env.AZURE_TENANT_ID,
        clientId: sim.env.AZURE_CLIENT_ID,
        credential: { kind: 'secret', clientSecret: sim.env.AZURE_CLIENT_SECRET },
        maxConcurrency: concurrency,
        requestTimeoutMs: 30_000,
        rateLimit: { max: 100_000, durationMs: 1_000 },
      },
      { ca: sim.ca },
    );
    const connection = createWorkerConnection(redis.url);
    const worker = startLeadWorker({
      connection,
      prefix,
      destinations: [destination],
      logger: quiet,
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      lockDurationMs: 30_000,
    });
    const leadbridge = await timeDrain(
      count,
      worker.queue,
      async () => (await sim.stats()).writes >= count,
    );
    await worker.close(5_000);
    connection.disconnect();
    return {
      count,
      concurrency,
      baseline,
      leadbridge,
      ratio: leadbridge.perSecond / baseline.perSecond,
      written: (await sim.stats()).writes,
    };
  } finally {
    sim.stop();
    await redis.stop();
  }
}
