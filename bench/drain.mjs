// Drain benchmark: 10,000 queued leads written into the simulator by the real worker, against a
// BullMQ worker that does nothing with the same jobs, on the same machine in the same run.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { fillQueue } from './fill-queue.mjs';
import { peakRssMb, startWorkerProcess, stopServer } from './load.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const { createWorkerConnection } = require('@leadbridge/service-kit');
const { LEAD_QUEUE } = require('@leadbridge/lead-model');
const { Queue, Worker } = require('bullmq');

async function timeDrain(count, isDone) {
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
    const baseline = await timeDrain(count, async () => done >= count);
    await nothing.close();
    baseConnection.disconnect();

    // Leadbridge: the worker process as deployed, msal-node and axios over TLS into the
    // simulator. The queue is filled and paused first, so the clock starts with a ready worker.
    const prefix = `drain-${randomUUID()}`;
    await fillQueue(redis.url, prefix, count);
    const connection = createWorkerConnection(redis.url);
    const queue = new Queue(LEAD_QUEUE, { connection, prefix });
    await queue.pause();
    const worker = await startWorkerProcess({
      ...sim.env,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      DATAVERSE_MAX_CONCURRENCY: String(concurrency),
      DATAVERSE_RATE_LIMIT_MAX: '100000',
    });
    await queue.resume();
    const leadbridge = await timeDrain(count, async () => (await sim.stats()).writes >= count);
    const workerPeakRssMb = await peakRssMb(worker.child.pid);
    await stopServer(worker);
    await queue.close();
    connection.disconnect();
    return {
      count,
      concurrency,
      baseline,
      leadbridge,
      ratio: leadbridge.perSecond / baseline.perSecond,
      workerPeakRssMb,
      written: (await sim.stats()).writes,
    };
  } finally {
    sim.stop();
    await redis.stop();
  }
}
