// Service protection benchmark: the worker against the simulator enforcing Dataverse's limits,
// scaled down (600 requests per 30 s instead of 6,000 per 300 s). The baseline is the rate the
// limit allows; the figures are the share of it sustained and the share of requests refused.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { fillQueue } from './fill-queue.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const { createWorker, readWorkerSettings } = require('@leadbridge/worker');
const { createLogger } = require('@leadbridge/service-kit');

const quiet = createLogger({
  service: 'bench',
  stream: new Writable({ write: (_c, _e, done) => done() }),
});

export async function benchProtection({ requests = 600, windowSeconds = 30, count = 1_200 } = {}) {
  const allowedPerSecond = requests / windowSeconds;
  // The worker's limiter takes 95% of the allowed rate in one-second windows: a 30 s sliding
  // window overlaps at most 31 of them, 19 × 31 = 589 < 600, so the limit is never exceeded.
  // (The defaults, 18/s against 6,000 per 300 s, leave the same kind of margin.)
  const max = Math.floor(allowedPerSecond * 0.95);
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  try {
    await sim.setFaults({ serviceProtection: { requests, windowSeconds, concurrent: 52 } });
    const prefix = `protection-${randomUUID()}`;
    await fillQueue(redis.url, prefix, count);
    // The same environment for the settings and for the secrets the destination reads.
    const env = {
      ...sim.env,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      DATAVERSE_MAX_CONCURRENCY: '8',
      DATAVERSE_RATE_LIMIT_MAX: String(max),
      // One request per lead, the rate this measures against: bench/backlog.mjs does bulk writes.
      DATAVERSE_BULK_WRITES: 'off',
      WORKER_HEALTH_PORT: '0',
      SHUTDOWN_GRACE_MS: '5000',
    };
    const worker = createWorker(readWorkerSettings(env), { env, ca: sim.ca, logger: quiet });
    const started = process.hrtime.bigint();
    await worker.start();
    let stats = await sim.stats();
    while (stats.writes < count) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = await sim.stats();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await worker.close();
    const writeRequests = Object.values(stats.requests.leads ?? {}).reduce((sum, n) => sum + n, 0);
    return {
      requests,
      windowSeconds,
      count,
      workerLimitPerSecond: max,
      perSecond: count / seconds,
      shareOfAllowed: count / seconds / allowedPerSecond,
      throttled: stats.throttled,
      throttledShare: writeRequests === 0 ? 0 : stats.throttled / writeRequests,
      written: stats.writes,
    };
  } finally {
    sim.stop();
    await redis.stop();
  }
}
