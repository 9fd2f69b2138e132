// Drain baseline: the least a worker can do to write each queued lead into Dataverse. It takes
// the jobs Leadbridge's worker takes (the lead queue, same concurrency), maps each lead with the
// built mapping the Dataverse destination uses, and sends the same create-only PATCH with the same
// headers over one keep-alive TLS client (axios, an https.Agent with the simulator's CA) with a
// bearer token fetched once. No routing to a destination queue, no job data check, no spans, no
// logs, no metrics, no retries: what is left is the floor any design pays.
//
// Started by bench/drain.mjs in a process of its own (as Leadbridge's worker is); it reports
// `{ ready: true }` over IPC once it holds a token and its BullMQ worker is running.
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { createRequire } from 'node:module';
import axios from 'axios';

const require = createRequire(import.meta.url);
const { Worker } = require('bullmq');
const { createWorkerConnection, readRedisSettings } = require('@leadbridge/service-kit');
const { LEAD_QUEUE } = require('@leadbridge/lead-model');
const { compileMapping } = require('@leadbridge/lead-model/mapping');
const { DEFAULT_DESTINATION_NAME } = require('@leadbridge/config');
const { readEnvironmentDestination } = require('@leadbridge/worker');

const env = process.env;
const concurrency = Number(env.MINIMAL_WORKER_CONCURRENCY ?? 50);

// The destination Leadbridge's worker builds from the same variables, so the mapping (and with
// it the body of every PATCH) is the one it sends.
const destination = readEnvironmentDestination(env);
const { mapping, problems } = compileMapping(destination.mapping, {
  columnLengths: destination.columnLengths,
});
if (problems.length > 0) throw new Error(`mapping: ${problems.map((p) => p.message).join('; ')}`);

const http = axios.create({
  httpsAgent: new Agent({
    keepAlive: true,
    maxSockets: concurrency,
    ca: await readFile(env.NODE_EXTRA_CA_CERTS, 'utf8'),
  }),
  proxy: false,
  timeout: 30_000,
  validateStatus: () => true,
  maxRedirects: 0,
});

// One client-credentials token for the whole run (the simulator's last an hour).
const orgUrl = destination.url;
const tokenAnswer = await http.post(
  `${env.AZURE_AUTHORITY_HOST.replace(/\/+$/, '')}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`,
  new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: env.AZURE_CLIENT_ID,
    client_secret: env.AZURE_CLIENT_SECRET,
    scope: `${orgUrl}/.default`,
  }).toString(),
  { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
);
if (tokenAnswer.status !== 200) throw new Error(`token: HTTP ${tokenAnswer.status}`);
const headers = {
  Accept: 'application/json',
  'OData-MaxVersion': '4.0',
  'OData-Version': '4.0',
  'Content-Type': 'application/json; charset=utf-8',
  'If-None-Match': '*',
  Authorization: `Bearer ${tokenAnswer.data.access_token}`,
};

const redis = readRedisSettings(env);
const connection = createWorkerConnection(redis);
const worker = new Worker(
  LEAD_QUEUE,
  async (job) => {
    const data = job.data;
    // The job a destination receives: the lead's data plus the destination's name.
    const { columns } = mapping.map({ ...data, destination: DEFAULT_DESTINATION_NAME });
    const response = await http.patch(`${orgUrl}/api/data/v9.2/leads(${data.leadId})`, columns, {
      headers,
    });
    // 2xx: created; 412: it existed already. Anything else fails the job, visibly.
    if ((response.status < 200 || response.status >= 300) && response.status !== 412) {
      throw new Error(`writing the lead: HTTP ${response.status}`);
    }
  },
  { connection, prefix: redis.queuePrefix, concurrency },
);
worker.on('error', (error) => console.error('minimal worker:', error.message));
await worker.waitUntilReady();
process.send?.({ ready: true });

// Exit normally on SIGTERM so a CPU profile (BENCH_PROFILE_DIR) is written.
process.on('SIGTERM', () => process.exit(0));
