// End-to-end latency: from POST /leads to the record written in the simulator, at a steady
// rate, through the real API process, Redis, the real worker process and the simulator process.
// The worker's own log line "lead written to Dataverse" carries the time the write was confirmed.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { median, peakRssMb, startApiProcess, startWorkerProcess, stopServer } from './load.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');

const SECRET = 'bench-secret-0123456789abcdef0123456789ab';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchEndToEnd({ ratePerSecond = 100, seconds = 10 } = {}) {
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  const prefix = `e2e-${randomUUID()}`;
  const api = await startApiProcess({
    REDIS_URL: redis.url,
    INGEST_SECRETS: SECRET,
    QUEUE_PREFIX: prefix,
  });
  const written = new Map();
  const { child: worker } = await startWorkerProcess(
    {
      ...sim.env,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      DATAVERSE_RATE_LIMIT_MAX: '10000',
    },
    { logs: true },
  );
  createInterface({ input: worker.stdout }).on('line', (line) => {
    try {
      const entry = JSON.parse(line);
      if (entry.message === 'lead written to Dataverse')
        written.set(entry.leadId, Date.parse(entry.timestamp));
    } catch {
      // not a log line
    }
  });
  try {
    const sent = new Map();
    const total = ratePerSecond * seconds;
    const started = Date.now();
    const posts = [];
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / ratePerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = Date.now();
      posts.push(
        fetch(`http://127.0.0.1:${api.port}/leads?code=${SECRET}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            UserDetails: { LastName: `E2E ${n}` },
            OfferTitle: 'Widget',
            Description: `${prefix} ${n}`,
          }),
        })
          .then((response) => response.json())
          .then((body) => sent.set(body.id, at)),
      );
    }
    await Promise.all(posts);
    const deadline = Date.now() + 30_000;
    while (written.size < sent.size && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const latencies = [...sent]
      .filter(([id]) => written.has(id))
      .map(([id, at]) => written.get(id) - at);
    return {
      peakRssMb: {
        api: await peakRssMb(api.child.pid),
        worker: await peakRssMb(worker.pid),
      },
      ratePerSecond,
      sent: sent.size,
      written: latencies.length,
      p50: median(latencies),
      p99: percentile(latencies, 99),
    };
  } finally {
    worker.kill('SIGTERM');
    await stopServer(api);
    sim.stop();
    await redis.stop();
  }
}
