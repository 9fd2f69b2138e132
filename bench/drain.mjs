// Drain benchmark: 10,000 queued leads written into the simulator by the real worker, against the
// least a worker can do with the same jobs (bench/servers/minimal-worker.mjs: the same PATCH over
// the same kind of client), and a BullMQ worker that does nothing with them for context; all on
// this machine in the same run, the two writers into the same simulator process.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { fillQueue } from './fill-queue.mjs';
import { peakRssMb, startServer, startWorkerProcess, stopServer } from './load.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const { createWorkerConnection } = require('@leadbridge/service-kit');
const { LEAD_QUEUE } = require('@leadbridge/lead-model');
const { Queue, Worker } = require('bullmq');

/**
 * Seconds until `isDone`; gives up after `limitSeconds`, so a writer whose every request fails
 * ends the run with a message rather than hanging it.
 */
async function timeDrain(count, isDone, limitSeconds = 60 + count / 20) {
  const started = process.hrtime.bigint();
  const deadline = Date.now() + limitSeconds * 1000;
  while (!(await isDone())) {
    if (Date.now() > deadline) {
      throw new Error(`the drain of ${count} leads did not end within ${limitSeconds} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, perSecond: count / seconds };
}

/** A check: has the simulator taken `count` more writes than it had when this was called? */
async function writesFrom(sim) {
  const before = (await sim.stats()).writes;
  return async (count) => (await sim.stats()).writes - before >= count;
}

/**
 * Times one writer (started by `start`, stopped by `stop`) draining `count` leads into the
 * simulator, then counts the records the simulator holds. The simulator is emptied first and
 * warmed by `warmUp` leads through the same writer, so both writers meet a simulator alike; the
 * measured leads are queued behind a paused queue, so the clock starts with a ready worker.
 */
async function timeWriter({ redisUrl, sim, count, warmUp, start, stop }) {
  const prefix = `drain-${randomUUID()}`;
  const connection = createWorkerConnection(redisUrl);
  const queue = new Queue(LEAD_QUEUE, { connection, prefix });
  try {
    await sim.clearLeads();
    await fillQueue(redisUrl, prefix, warmUp);
    const warmed = await writesFrom(sim);
    const writer = await start(prefix);
    let timed, rssMb;
    try {
      await timeDrain(warmUp, () => warmed(warmUp));
      await queue.pause();
      await fillQueue(redisUrl, prefix, count, warmUp);
      await sim.clearLeads();
      const written = await writesFrom(sim);
      await queue.resume();
      timed = await timeDrain(count, () => written(count));
      rssMb = await peakRssMb(writer.child.pid);
    } finally {
      await stop(writer);
    }
    return { ...timed, written: await sim.leadCount(), rssMb };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export async function benchDrain({ count = 10_000, concurrency = 50, warmUp = 500 } = {}) {
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  try {
    // Context: a worker that does nothing, in this process.
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

    // Baseline: the minimal worker in a process of its own, into the simulator.
    const minimal = await timeWriter({
      redisUrl: redis.url,
      sim,
      count,
      warmUp,
      start: (prefix) =>
        startServer(new URL('./servers/minimal-worker.mjs', import.meta.url), {
          ...sim.env,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          MINIMAL_WORKER_CONCURRENCY: String(concurrency),
        }),
      stop: stopServer,
    });

    // Leadbridge: the worker process as deployed, msal-node and axios over TLS into the
    // simulator, rate limit lifted.
    const leadbridge = await timeWriter({
      redisUrl: redis.url,
      sim,
      count,
      warmUp,
      start: (prefix) =>
        startWorkerProcess({
          ...sim.env,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          DATAVERSE_MAX_CONCURRENCY: String(concurrency),
          DATAVERSE_RATE_LIMIT_MAX: '100000',
          // The minimal worker's request, one per lead: bench/backlog.mjs measures bulk writes.
          DATAVERSE_BULK_WRITES: 'off',
        }),
      stop: stopServer,
    });
    return {
      count,
      concurrency,
      warmUp,
      baseline,
      minimal,
      leadbridge,
      ratio: leadbridge.perSecond / baseline.perSecond,
      minimalRatio: leadbridge.perSecond / minimal.perSecond,
      workerPeakRssMb: leadbridge.rssMb,
      written: leadbridge.written,
    };
  } finally {
    sim.stop();
    await redis.stop();
  }
}

// Alone: `node bench/drain.mjs [--quick]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchDrain(process.argv.includes('--quick') ? { count: 1_000 } : {});
  const { baseline, minimal, leadbridge } = result;
  console.log(
    `drain ${result.count} leads: do-nothing ${baseline.perSecond.toFixed(0)} jobs/s; minimal worker ${minimal.perSecond.toFixed(0)} leads/s (${minimal.written} written); Leadbridge ${leadbridge.perSecond.toFixed(0)} leads/s (${leadbridge.written} written); Leadbridge / minimal ${result.minimalRatio.toFixed(2)} (target ≥ 0.80)`,
  );
  process.exit(0);
}
