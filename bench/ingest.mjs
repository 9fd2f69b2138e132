// Ingest benchmark: POST /leads through Leadbridge (real Redis) against a bare Express app that
// parses the same JSON and stores nothing, side by side in paired runs on this machine.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import {
  cpuMs,
  median,
  peakRssMb,
  postLeads,
  startApiProcess,
  startServer,
  stopServer,
} from './load.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');

const SECRET = 'bench-secret-0123456789abcdef0123456789ab';

/** A baseline app (bench/servers), or Leadbridge's API process as deployed, on a queue of its own. */
function start(kind, redisUrl) {
  const env = {
    REDIS_URL: redisUrl,
    INGEST_SECRETS: SECRET,
    QUEUE_PREFIX: `bench-${randomUUID()}`,
  };
  return kind === 'leadbridge'
    ? startApiProcess(env)
    : startServer(new URL(`./servers/${kind}-server.mjs`, import.meta.url), env);
}

export async function benchIngest({ pairs = 3, seconds = 8, connections = 50 } = {}) {
  const redis = await startPrivateRedis();
  const runs = [];
  const rss = { bare: 0, leadbridge: 0 };
  const fixedRate = {};
  try {
    for (let pair = 0; pair < pairs; pair++) {
      for (const kind of pair % 2 === 0 ? ['bare', 'leadbridge'] : ['leadbridge', 'bare']) {
        const server = await start(kind, redis.url);
        const url = `http://127.0.0.1:${server.port}/leads?code=${SECRET}`;
        await postLeads(url, { seconds: 1, connections }); // warm-up
        const result = await postLeads(url, { seconds, connections });
        rss[kind] = Math.max(rss[kind], await peakRssMb(server.child.pid));
        await stopServer(server);
        runs.push({
          pair,
          kind,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
        });
      }
    }

    // Latency and CPU per request at a fixed, realistic-but-busy rate. The bare app shows the load
    // generator's own tail at this rate; the plain queue.add app, what storing a job costs.
    for (const kind of ['bare', 'queue-add', 'leadbridge']) {
      const server = await start(kind, redis.url);
      const url = `http://127.0.0.1:${server.port}/leads?code=${SECRET}`;
      await postLeads(url, { seconds: 1, connections: 20, overallRate: 1000 }); // warm-up
      const cpuBefore = await cpuMs(server.child.pid);
      const fixed = await postLeads(url, { seconds, connections: 20, overallRate: 1000 });
      const cpuUsed = (await cpuMs(server.child.pid)) - cpuBefore;
      await stopServer(server);
      fixedRate[kind] = {
        cpuMicrosPerRequest: (cpuUsed * 1000) / fixed.requests.total,
        rps: fixed.requests.average,
        p50: fixed.latency.p50,
        p99: fixed.latency.p99,
        non2xx: fixed.non2xx,
      };
    }

    const ratios = [];
    for (let pair = 0; pair < pairs; pair++) {
      const bare = runs.find((run) => run.pair === pair && run.kind === 'bare');
      const lb = runs.find((run) => run.pair === pair && run.kind === 'leadbridge');
      ratios.push(lb.rps / bare.rps);
    }
    return {
      runs,
      ratio: median(ratios),
      ratios,
      fixedRate,
      peakRssMb: rss,
    };
  } finally {
    await redis.stop();
  }
}
