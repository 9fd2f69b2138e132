// Ingest per-step cost: the CPU time per request of each step a lead POST goes through in the
// API, in the order the request meets them, each timed in isolation with the built packages' own
// exports, beside the whole API and the queue-add baseline app timed by the same client.
//
// HTTP layers run in a child process each (bench/servers/ingest-layers-server.mjs), timed by the
// CPU that process used, so the client's work is not counted; the rows are the differences
// between successive layers. Every other step runs here, timed by this process's CPU over many
// calls (Redis steps one call at a time, against a private Redis this benchmark starts). Each
// figure is the median of several rounds.
import { randomUUID } from 'node:crypto';
import { request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { cpuMs, median, startApiProcess, startServer, stopServer } from './load.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const {
  connectionReady,
  createLogger,
  createProducerConnection,
} = require('@leadbridge/service-kit');
const {
  contentKeyFor,
  describeOrigin,
  LEAD_JOB_OPTIONS,
  LEAD_QUEUE,
  newLeadId,
  parseLead,
  ROUTE_LEAD_JOB,
} = require('@leadbridge/lead-model');
const { Queue } = require('bullmq');
const {
  createApiMetrics,
  createLeadRecords,
  createLookupHash,
  createQueueLeadStore,
} = require('@leadbridge/api');
const { checkIngestSecret } = require('@leadbridge/api/dist/http/require-secret.js');
const { createFailureLimiter } = require('@leadbridge/api/dist/http/failure-limiter.js');
const { ingestSpan, withinIngestSpan } = require('@leadbridge/api/dist/http/ingest-span.js');
const { ingestOutcome } = require('@leadbridge/api/dist/metrics.js');
const { receivedEntryOf } = require('@leadbridge/api/dist/ingest/received-ledger.js');
const { DEFAULT_DEDUPE_WINDOW_SECONDS } = require('@leadbridge/api/dist/ingest/lead-store.js');
// The ajv validator is internal to lead-model (its exports hide dist/); it is loaded by file so
// the validation is timed apart from the normalisation around it.
const { validateMarketplaceLead } = require(
  join(dirname(require.resolve('@leadbridge/lead-model/package.json')), 'dist/schema.js'),
);

const SECRET = 'bench-secret-0123456789abcdef0123456789ab';
const run = randomUUID().slice(0, 8);

/** The lead bench/load.mjs posts, the `n`th of this run. */
function leadText(n) {
  return JSON.stringify({
    UserDetails: {
      FirstName: 'Bench',
      LastName: `Lead ${n}`,
      Email: `steps${n}-${run}@example.com`,
      Company: 'Contoso',
      Country: 'US',
    },
    LeadSource: 'AzureMarketplace-INS|contoso.widget',
    OfferTitle: 'Widget',
    Description: `ingest steps ${run} ${n}`,
  });
}

let sent = 0;
const nextLead = () => leadText(sent++);

/** µs of this process's CPU per call of `fn` over `calls` calls, one after another. */
async function cpuPerCall(fn, calls) {
  const before = process.cpuUsage();
  for (let n = 0; n < calls; n++) {
    const result = fn(n);
    if (result instanceof Promise) await result;
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

/** Median over `rounds` of cpuPerCall, after one unmeasured round to warm the code up. */
async function timeStep(fn, { calls, rounds }) {
  await cpuPerCall(fn, Math.min(calls, 300));
  const figures = [];
  for (let round = 0; round < rounds; round++) figures.push(await cpuPerCall(fn, calls));
  return median(figures);
}

/** A server's CPU time so far in µs: asked over IPC when it answers, else read from /proc. */
function serverCpuMicros(server) {
  if (!server.child.connected) return cpuMs(server.child.pid).then((ms) => ms * 1000);
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (!message?.cpu) return;
      server.child.off('message', onMessage);
      resolve(message.cpu.user + message.cpu.system);
    };
    server.child.on('message', onMessage);
    server.child.send('cpu');
  });
}

/** POSTs `count` new leads to the server, `inFlight` at a time over keep-alive connections. */
async function postSome(port, count, inFlight, agent) {
  const one = () =>
    new Promise((resolve, reject) => {
      const body = nextLead();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/leads?code=${SECRET}`,
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 202 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const lane = async () => {
    while (next++ < count) await one();
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/**
 * Median µs of each server's CPU per request over `rounds` rounds of `requests` requests. The
 * servers run side by side and take turns within each round, so a busy moment on the machine
 * falls on all of them rather than on one layer's figure.
 */
async function timeServers(starters, { requests, rounds, inFlight }) {
  const servers = {};
  const agents = {};
  try {
    for (const [kind, start] of Object.entries(starters)) {
      servers[kind] = await start();
      agents[kind] = new Agent({ keepAlive: true, maxSockets: inFlight });
      await postSome(servers[kind].port, 300, inFlight, agents[kind]); // warm-up
    }
    const figures = Object.fromEntries(Object.keys(starters).map((kind) => [kind, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [kind, server] of Object.entries(servers)) {
        const before = await serverCpuMicros(server);
        await postSome(server.port, requests, inFlight, agents[kind]);
        figures[kind].push(((await serverCpuMicros(server)) - before) / requests);
      }
    }
    return Object.fromEntries(Object.entries(figures).map(([kind, list]) => [kind, median(list)]));
  } finally {
    for (const agent of Object.values(agents)) agent.destroy();
    await Promise.all(Object.values(servers).map(stopServer));
  }
}

/**
 * The HTTP layers (bench/servers/ingest-layers-server.mjs), and the whole apps in the same
 * harness: the queue-add baseline app and the API process as deployed.
 */
function serverStarters(redisUrl) {
  const layer = (kind) => () =>
    startServer(new URL('./servers/ingest-layers-server.mjs', import.meta.url), {
      INGEST_LAYERS: kind,
    });
  const env = () => ({
    REDIS_URL: redisUrl,
    INGEST_SECRETS: SECRET,
    QUEUE_PREFIX: `steps-${randomUUID()}`,
  });
  return {
    node: layer('node'),
    express: layer('express'),
    context: layer('context'),
    body: layer('body'),
    'queue-add': () =>
      startServer(new URL('./servers/queue-add-server.mjs', import.meta.url), env()),
    leadbridge: () => startApiProcess(env()),
  };
}

const nullStream = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

/** The steps after the body is read, each on its own in this process. */
async function timeInProcess(redisUrl, settings) {
  const prefix = `steps-${randomUUID()}`;
  const connection = createProducerConnection(redisUrl);
  const queue = new Queue(LEAD_QUEUE, { connection, prefix });
  // A hash that answers at once, so the Redis rows do not count the HMAC again.
  const fixedHash = { digest: async () => 'a'.repeat(64) };
  const records = createLeadRecords({ connection, prefix, hash: fixedHash });
  const hash = createLookupHash({ connection, prefix, key: 'b'.repeat(64) });
  const store = createQueueLeadStore({
    connection,
    prefix,
    records: createLeadRecords({ connection, prefix, hash }),
  });
  const logger = createLogger({ service: 'api', stream: nullStream() });
  const metrics = createApiMetrics({ name: LEAD_QUEUE, getJobCounts: async () => ({}) });
  const checkSecret = checkIngestSecret([SECRET], createFailureLimiter({}));
  const serverSpan = ingestSpan('/leads');
  // A producer connection queues nothing while connecting: wait for it, as the store does.
  await connectionReady(connection);

  // Inputs made before the clock starts: a step gets what the one before it handed on.
  const pool = settings.calls + 500;
  const texts = Array.from({ length: pool }, nextLead);
  const bodies = texts.map((text) => JSON.parse(text));
  const leads = bodies.map((body) => parseLead(body).lead);
  const jobs = leads.map((lead, n) => ({
    leadId: newLeadId(),
    requestId: randomUUID(),
    correlationId: 'x',
    receivedAt: new Date().toISOString(),
    rawBody: texts[n],
    lead,
    origin: describeOrigin(lead),
  }));
  const at = (list, n) => list[n % list.length];
  // Each Redis call stores a new job: a fresh lead id and dedupe key for every call.
  let stored = 0;
  const freshJob = () => {
    const job = at(jobs, stored++);
    return { ...job, leadId: newLeadId() };
  };
  const fakeReq = { protocol: 'http', requestId: 'r', query: { code: SECRET } };
  const fakeRes = { once() {}, locals: {} };
  const noop = () => undefined;

  const steps = [
    {
      step: 'secret check (SHA-256, constant-time compare)',
      fn: () => checkSecret(fakeReq),
    },
    {
      step: 'tracing: server span, no-op tracer (ingestSpan)',
      fn: () => serverSpan(fakeReq, fakeRes, noop),
    },
    {
      step: 'metrics: outcome counter and duration histogram',
      fn: () => {
        const started = process.hrtime.bigint();
        const outcome = ingestOutcome(202, 'accepted');
        metrics.recordIngest(outcome, Number(process.hrtime.bigint() - started) / 1e9);
      },
    },
    { step: 'JSON.parse of the body', fn: (n) => JSON.parse(at(texts, n)) },
    {
      step: 'ajv validation (validateMarketplaceLead)',
      fn: (n) => validateMarketplaceLead(at(bodies, n)),
    },
    { step: 'parseLead: normalisation around the validation', fn: (n) => parseLead(at(bodies, n)) },
    { step: 'origin (describeOrigin)', fn: (n) => describeOrigin(at(leads, n)) },
    { step: 'lead id (newLeadId, UUID v4)', fn: () => newLeadId() },
    {
      step: 'content key (canonical JSON, UUID v5) for the deduplication id',
      fn: (n) => contentKeyFor(at(leads, n)),
    },
    {
      step: 'job data, and the ledger entry (given the content key)',
      fn: (n) => {
        const lead = at(leads, n);
        const job = {
          leadId: 'id',
          requestId: 'r',
          correlationId: 'r',
          receivedAt: new Date().toISOString(),
          rawBody: at(texts, n),
          lead,
          origin: at(jobs, n).origin,
        };
        return receivedEntryOf(job, 'content-key');
      },
    },
    {
      // Untraced, the store opens no span of its own: only the route's check for one remains.
      step: 'tracing: withinIngestSpan, no span open',
      fn: () => withinIngestSpan(fakeReq, async () => 1),
    },
    {
      // The index and the ledger key the address by the same HMAC: one per lead.
      step: 'e-mail HMAC (lookup hash), once for the index and the ledger',
      fn: (n) => hash.digest(at(leads, n).UserDetails.Email),
    },
    {
      step: 'Redis: BullMQ add with deduplication',
      redis: true,
      fn: () => {
        const job = freshJob();
        return queue.add(ROUTE_LEAD_JOB, job, {
          ...LEAD_JOB_OPTIONS,
          jobId: job.leadId,
          deduplication: { id: randomUUID(), ttl: DEFAULT_DEDUPE_WINDOW_SECONDS * 1000 },
        });
      },
    },
    {
      step: 'Redis: e-mail index and received-ledger script (one for both)',
      redis: true,
      fn: () => records.add(receivedEntryOf(freshJob())),
    },
    {
      // The request's id rides in the access line itself: no child logger is made for it.
      step: 'log: access line (winston JSON, redaction, null stream)',
      fn: (n) =>
        logger.info('request', {
          requestId: 'r',
          method: 'POST',
          path: '/leads',
          status: 202,
          durationMs: n / 100,
          leadId: 'id',
        }),
    },
  ];

  const figures = [];
  for (const { step, fn, redis } of steps) {
    const calls = redis ? settings.redisCalls : settings.calls;
    figures.push({ step, micros: await timeStep(fn, { ...settings, calls }) });
  }
  // parseLead includes the validation: its own row is what it adds.
  const validation = figures.find((row) => row.step.startsWith('ajv'));
  const normalisation = figures.find((row) => row.step.startsWith('parseLead'));
  normalisation.micros -= validation.micros;
  // The store's put as the API calls it (the two Redis calls at once, timeout, span), a check
  // on the Redis rows rather than a step of its own.
  // The store deduplicates by content: each put gets a lead of its own, or it stores nothing.
  const newContent = () => {
    const job = freshJob();
    return { ...job, lead: { ...job.lead, Description: `${job.lead.Description} ${stored}` } };
  };
  let notAccepted = 0;
  const put = await timeStep(
    () =>
      store.put(newContent()).then((result) => {
        if (result.status !== 'accepted') notAccepted++;
      }),
    {
      ...settings,
      calls: settings.redisCalls,
    },
  );
  // The API sends the two Redis calls in one tick on an auto-pipelining connection: one write
  // and one read for both. What that saves against the calls timed apart is a row of its own,
  // so the sum is the path as the API runs it while each call's own cost stays visible.
  const apart = figures
    .filter((row) => row.step.startsWith('Redis'))
    .reduce((total, row) => total + row.micros, 0);
  const lastRedis = figures.findLastIndex((row) => row.step.startsWith('Redis'));
  figures.splice(lastRedis + 1, 0, {
    step: 'Redis: the two sent together as store.put sends them (put − the two apart)',
    micros: put - apart,
  });
  if (notAccepted > 0) throw new Error(`the store did not accept ${notAccepted} new leads`);
  await store.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { figures, put, apart };
}

/**
 * Times every step and the whole apps. `ingestCpu`: the CPU per request the ingest benchmark
 * measured at 1,000 leads/s in the same run (`fixedRate`), shown beside the sum when given.
 */
export async function benchIngestSteps({ quick = false, ingestCpu } = {}) {
  // Redis steps wait a round trip per call, so they take fewer calls than the steps in memory.
  const settings = quick
    ? { calls: 1_000, redisCalls: 300, rounds: 3, requests: 300, inFlight: 4 }
    : { calls: 3_000, redisCalls: 800, rounds: 5, requests: 800, inFlight: 4 };
  const redis = await startPrivateRedis();
  try {
    const { figures, put, apart } = await timeInProcess(redis.url, settings);
    const layers = await timeServers(serverStarters(redis.url), settings);
    const apps = { leadbridge: layers.leadbridge, 'queue-add': layers['queue-add'] };
    const http = [
      {
        step: "Node's HTTP server: parse, read the body off the socket, answer",
        micros: layers.node,
      },
      {
        step: 'Express: settings, router, req/res helpers, res.status().json()',
        micros: layers.express - layers.node,
      },
      {
        step: 'request context: request id, X-Request-Id, finish hook',
        micros: layers.context - layers.express,
      },
    ];
    const body = {
      step: 'content-type check and body read as text (readLeadBody)',
      micros: layers.body - layers.context,
    };
    // In the order a request meets them (the metrics' and the log's work is partly on finish).
    const byName = (prefix) => figures.find((row) => row.step.startsWith(prefix));
    const rows = [
      ...http,
      byName('tracing: server span'),
      byName('metrics'),
      byName('secret check'),
      body,
      ...[
        'JSON.parse',
        'ajv',
        'parseLead',
        'lead id',
        'origin',
        'tracing: withinIngestSpan',
        'content key',
        'job data',
        'e-mail HMAC',
        'Redis: BullMQ',
        'Redis: e-mail',
        'Redis: the two',
        'log:',
      ].map(byName),
    ];
    const sum = rows.reduce((total, row) => total + row.micros, 0);
    return { rows, sum, put, apart, apps, ...(ingestCpu ? { ingestCpu } : {}), settings };
  } finally {
    await redis.stop();
  }
}

const fmt = (n, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The table as Markdown rows (also readable on a terminal). */
export function ingestStepsTable(result) {
  const lines = ['| step | µs per request | share |', '| --- | --- | --- |'];
  for (const row of result.rows) {
    lines.push(
      `| ${row.step} | ${fmt(row.micros)} | ${fmt((100 * row.micros) / result.sum, 0)}% |`,
    );
  }
  lines.push(`| **sum of the steps** | **${fmt(result.sum)}** | 100% |`);
  // The whole apps, timed by the same client: what the sum should come near, and the baseline.
  const share = (micros) => `${fmt((100 * micros) / result.sum, 0)}%`;
  const { apps } = result;
  lines.push(
    `| whole API process, same client | ${fmt(apps.leadbridge)} | ${share(apps.leadbridge)} |`,
    `| whole queue-add app, same client | ${fmt(apps['queue-add'])} | ${share(apps['queue-add'])} |`,
  );
  return lines.join('\n');
}

/** The comparison lines under the table. */
export function ingestStepsSummary(result) {
  const { apps, ingestCpu } = result;
  const lines = [
    `store.put as the API calls it (the two Redis calls in one tick, with its timeout and span): ${fmt(result.put)} µs, against ${fmt(result.apart)} µs for the two calls timed apart`,
    `same client, whole app: Leadbridge's API process ${fmt(apps.leadbridge)} µs per request (sum of the steps ${fmt(result.sum)} µs = ${fmt((100 * result.sum) / apps.leadbridge, 0)}% of it); queue-add app ${fmt(apps['queue-add'])} µs (Leadbridge ${fmt(apps.leadbridge / apps['queue-add'], 2)} ×)`,
  ];
  if (ingestCpu) {
    lines.push(
      `ingest benchmark at 1,000 leads/s in this run: Leadbridge ${fmt(ingestCpu.leadbridge)} µs per request (sum of the steps = ${fmt((100 * result.sum) / ingestCpu.leadbridge, 0)}% of it); queue-add app ${fmt(ingestCpu['queue-add'])} µs; bare app ${fmt(ingestCpu.bare)} µs`,
    );
  }
  return lines;
}

// Alone: `node bench/ingest-steps.mjs [--quick]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchIngestSteps({ quick: process.argv.includes('--quick') });
  console.log(ingestStepsTable(result));
  for (const line of ingestStepsSummary(result)) console.log(line);
  process.exit(0);
}
