// Ingest benchmark: POST /leads through Leadbridge (real Redis) against a bare Express app that
// parses the same JSON and stores nothing, side by side in paired runs on this machine.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { median, peakRssMb, postLeads, startServer, stopServer } from './load.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');

const SECRET = 'bench-secret-0123456789abcdef0123456789ab';

export async function benchIngest({ pairs = 3, seconds = 8, connections = 50 } = {}) {
  const redis = await startPrivateRedis();
  const env = { REDIS_URL: redis.url, INGEST_SECRETS: SECRET };
  const runs = [];
  let rss = 0;
  try {
    for (let pair = 0; pair < pairs; pair++) {
      for (const kind of pair % 2 === 0 ? ['bare', 'leadbridge'] : ['leadbridge', 'bare']) {
        const server = await startServer(new URL(`./servers/${kind}-server.mjs`, import.meta.url), {
          ...env,
          QUEUE_PREFIX: `bench-${randomUUID()}`,
        });
        const url = `http://127.0.0.1:${server.port}/leads?code=${SECRET}`;
        await postLeads(url, { seconds: 1, connections }); // warm-up
        const result = await postLeads(url, { seconds, connections });
        if (kind === 'leadbridge') rss = Math.max(rss, await peakRssMb(server.child.pid));
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

    // Latency at a fixed, realistic-but-busy rate.
    const server = await startServer(new URL('./servers/leadbridge-server.mjs', import.meta.url), {
      ...env,
      QUEUE_PREFIX: `bench-${randomUUID()}`,
    });
    const fixed = await postLeads(`http://127.0.0.1:${server.port}/leads?code=${SECRET}`, {
      seconds,
      connections: 20,
      overallRate: 1000,
    });
    await stopServer(server);

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
      fixedRate: {
        rps: fixed.requests.average,
        p50: fixed.latency.p50,
        p99: fixed.latency.p99,
        non2xx: fixed.non2xx,
      },
      peakRssMb: rss,
    };
  } finally {
    await redis.stop();
  }
}
