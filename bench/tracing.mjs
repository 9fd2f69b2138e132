// Traces benchmark: POST /leads to the API process as deployed, with traces off (no OTLP
// endpoint: the OpenTelemetry API's no-op tracer only) and with traces on, exported to a local
// OTLP/HTTP receiver, side by side in one run. `npm run bench:tracing` runs it alone.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { cpuMs, peakRssMb, postLeads, startApiProcess, stopServer } from './load.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');

const SECRET = 'bench-secret-0123456789abcdef0123456789ab';

/** A collector that takes every export (protobuf, as deployed by default) and counts it. */
async function startReceiver() {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((request, response) => {
    request.on('data', (chunk) => (received.bytes += chunk.length));
    request.on('end', () => {
      received.requests++;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The same settings but for traces: off has no endpoint at all, whatever this shell sets. */
function environment(kind, redisUrl, receiver) {
  return {
    REDIS_URL: redisUrl,
    INGEST_SECRETS: SECRET,
    QUEUE_PREFIX: `bench-${randomUUID()}`,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_ENDPOINT: kind === 'on' ? receiver.url : '',
  };
}

export async function benchTracing({ seconds = 8, rate = 1000, connections = 50 } = {}) {
  const redis = await startPrivateRedis();
  const receiver = await startReceiver();
  const runs = {};
  try {
    for (const kind of ['off', 'on']) {
      const server = await startApiProcess(environment(kind, redis.url, receiver));
      const url = `http://127.0.0.1:${server.port}/leads?code=${SECRET}`;
      await postLeads(url, { seconds: 1, connections: 20, overallRate: rate }); // warm-up
      const cpuBefore = await cpuMs(server.child.pid);
      const fixed = await postLeads(url, { seconds, connections: 20, overallRate: rate });
      const cpuUsed = (await cpuMs(server.child.pid)) - cpuBefore;
      const full = await postLeads(url, { seconds, connections });
      const rssMb = await peakRssMb(server.child.pid);
      await stopServer(server);
      runs[kind] = {
        p50: fixed.latency.p50,
        p99: fixed.latency.p99,
        cpuMicrosPerRequest: (cpuUsed * 1000) / fixed.requests.total,
        rps: full.requests.average,
        non2xx: fixed.non2xx + full.non2xx,
        rssMb,
      };
    }
    return { rate, seconds, runs, exports: { ...receiver.received } };
  } finally {
    await receiver.close();
    await redis.stop();
  }
}

/** The two runs as rows of one table, for the terminal. */
export function tracingRows({ rate, runs }) {
  const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return ['off', 'on'].map((kind) => {
    const run = runs[kind];
    return `traces ${kind.padEnd(3)}  at ${fmt(rate)}/s: p50 ${run.p50} ms  p99 ${run.p99} ms  CPU ${fmt(run.cpuMicrosPerRequest)} µs/request | full load ${fmt(run.rps)} req/s | non-2xx ${run.non2xx} | peak RSS ${fmt(run.rssMb)} MB`;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const result = await benchTracing(quick ? { seconds: 3 } : {});
  for (const row of tracingRows(result)) console.log(row);
  console.log(
    `received by the OTLP receiver: ${result.exports.requests} exports, ${Math.round(result.exports.bytes / 1024)} KiB`,
  );
  // BullMQ and ioredis keep timers alive after close; the benchmark is done.
  process.exit(0);
}
