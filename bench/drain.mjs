// Drain benchmark: 10,000 queued leads written into the simulator by the real worker, against a
// BullMQ worker that does nothing with the same jobs, on the same machine in the same run.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
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

/**
 * The simulator in a process of its own, as in a deployment, so it does not share the worker's
 * event loop; its CLI prints the environment a worker needs.
 */
async function startSimulatorProcess() {
  const certDir = await mkdtemp(join(tmpdir(), 'bench-simulator-'));
  const child = spawn(
    process.execPath,
    [require.resolve('@leadbridge/dataverse-simulator/dist/simulator-cli.js')],
    {
      env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const env = {};
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      for (const line of text.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      }
      if (env.NODE_EXTRA_CA_CERTS) resolve();
    });
  });
  const ca = await readFile(env.NODE_EXTRA_CA_CERTS, 'utf8');
  const https = await import('node:https');
  const agent = new https.Agent({ ca, keepAlive: true });
  const stats = () =>
    new Promise((resolve, reject) => {
      https
        .get(`${env.DATAVERSE_URL}/_simulator/stats`, { agent }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    });
  return {
    env,
    ca,
    stats,
    stop() {
      child.removeAllListeners('exit');
      agent.destroy();
      child.kill('SIGTERM');
    },
  };
}

export async function benchDrain({ count = 10_000, concurrency = 50 } = {}) {
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  try {
    // Baseline: a worker that does nothing.
    const basePrefix = `drain-${randomUUID()}`;
    await fill(redis.url, basePrefix, count);
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
    await fill(redis.url, prefix, count);
    const { dataverse } = createDataverseDelivery(
      {
        dataverseUrl: sim.env.DATAVERSE_URL,
        authorityHost: sim.env.AZURE_AUTHORITY_HOST,
        tenantId: sim.env.AZURE_TENANT_ID,
        clientId: sim.env.AZURE_CLIENT_ID,
        credential: { kind: 'secret', clientSecret: sim.env.AZURE_CLIENT_SECRET },
        maxConcurrency: concurrency,
        requestTimeoutMs: 30_000,
      },
      { ca: sim.ca },
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
