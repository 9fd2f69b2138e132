// Backlog benchmark: a backlog of leads queued for one Dataverse destination (routed to it while
// its queue was paused, as when Dataverse was out of reach), drained by the real worker process
// into the simulator enforcing Dataverse's service protection limits at their real rates over a
// shorter window (600 requests and 120,000 ms of execution time per 30 s,
// 52 concurrent; Dataverse: 6,000 and 1,200,000 ms per 300 s), every record costing execution
// time. Once with one request per lead (DATAVERSE_BULK_WRITES=off), once with CreateMultiple
// (auto), the same limits in the same run; a fresh lead is queued every second meanwhile, as the
// API stores one, and timed from queued to written.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { fillQueue } from './fill-queue.mjs';
import { startWorkerProcess, stopServer } from './load.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';

const require = createRequire(import.meta.url);
const { startPrivateRedis } = require('@leadbridge/test-support');
const { createQueueLeadStore } = require('@leadbridge/api');
const { createProducerConnection, createWorkerConnection } = require('@leadbridge/service-kit');
const {
  describeOrigin,
  destinationQueueName,
  newLeadId,
  parseLead,
} = require('@leadbridge/lead-model');
const { DEFAULT_DESTINATION_NAME } = require('@leadbridge/config');
const { Queue } = require('bullmq');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Every Dataverse write request the simulator answered (or cut), single and CreateMultiple. */
function writeRequests(stats) {
  const sum = (kind) => Object.values(stats.requests[kind] ?? {}).reduce((a, n) => a + n, 0);
  return sum('leads') + sum('create-multiple');
}

/** Queues one fresh lead every `everyMs`, as the API stores it, until stopped. */
function queueFreshLeads(redisUrl, prefix, everyMs) {
  const connection = createProducerConnection(redisUrl);
  const store = createQueueLeadStore({ connection, prefix });
  const queued = new Map();
  let stopped = false;
  const running = (async () => {
    for (let n = 0; !stopped; n++) {
      const parsed = parseLead({
        UserDetails: { LastName: `Fresh ${n}`, Email: `fresh${n}@example.com` },
        OfferTitle: 'Widget',
        Description: `fresh ${prefix} ${n}`,
      });
      const leadId = newLeadId();
      const at = Date.now();
      await store.put({
        leadId,
        requestId: `fresh-${n}`,
        receivedAt: new Date(at).toISOString(),
        rawBody: '{}',
        lead: parsed.lead,
        origin: describeOrigin(parsed.lead),
      });
      queued.set(leadId, at);
      await sleep(Math.max(0, at + everyMs - Date.now()));
    }
  })();
  return {
    queued,
    async stop() {
      stopped = true;
      await running;
      await store.close();
      connection.disconnect();
    },
  };
}

/**
 * One drain: the backlog on the lead queue, then the worker process started with `mode`; until
 * `until` leads of the backlog are written (all of them, or a sample for the slow mode) and
 * every fresh lead queued meanwhile is written, or `limitSeconds` pass.
 */
async function drainOnce({ redis, sim, limits, recordWriteMs, backlog, until, mode, settings }) {
  const prefix = `backlog-${randomUUID()}`;
  await sim.clearLeads();
  // New limits start with empty windows: the second run does not pay for the first.
  await sim.setFaults({ serviceProtection: null });
  await sim.setFaults({ serviceProtection: limits, recordWriteMs });
  await fillQueue(redis.url, prefix, backlog);
  const before = await sim.stats();
  const connection = createWorkerConnection(redis.url);
  const deliveries = new Queue(destinationQueueName(DEFAULT_DESTINATION_NAME), {
    connection,
    prefix,
  });
  // The destination's queue paused while the worker routes the backlog to it, as when Dataverse
  // was out of reach for a while: the backlog waits for the destination, not for routing.
  await deliveries.pause();
  const worker = await startWorkerProcess({
    ...sim.env,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    DATAVERSE_MAX_CONCURRENCY: String(settings.concurrency),
    DATAVERSE_RATE_LIMIT_MAX: String(settings.rateLimitMax),
    DATAVERSE_BULK_WRITES: mode,
  });
  while ((await deliveries.getJobCountByTypes('wait', 'paused')) < backlog) await sleep(100);
  const started = Date.now();
  const fresh = queueFreshLeads(redis.url, prefix, settings.freshEveryMs);
  await deliveries.resume();
  const written = new Map();
  let drainedAt;
  try {
    const deadline = started + settings.limitSeconds * 1000;
    for (;;) {
      await sleep(100);
      const now = Date.now();
      for (const [leadId, at] of fresh.queued) {
        if (written.has(leadId)) continue;
        if ((await deliveries.getJobState(leadId)) === 'completed') written.set(leadId, now - at);
      }
      const writes = (await sim.stats()).writes - before.writes;
      // Drained: the backlog part measured and every fresh lead queued so far.
      if (drainedAt === undefined && writes >= until + written.size) drainedAt = now;
      // A sample ends with it: its fresh leads wait behind the rest of the backlog.
      if (drainedAt !== undefined && (until < backlog || written.size === fresh.queued.size)) break;
      if (now > deadline) break;
    }
  } finally {
    await fresh.stop();
    await stopServer(worker);
  }
  const stats = await sim.stats();
  const records = await sim.leadCount();
  const seconds = ((drainedAt ?? Date.now()) - started) / 1000;
  const requests = writeRequests(stats) - writeRequests(before);
  const throttled = stats.throttled - before.throttled;
  // A fresh lead still waiting at the end has waited at least this long.
  const waiting = [...fresh.queued]
    .filter(([leadId]) => !written.has(leadId))
    .map(([, at]) => Date.now() - at);
  const latencies = [...written.values()];
  await deliveries.close();
  connection.disconnect();
  return {
    mode,
    measuredLeads: until,
    drained: drainedAt !== undefined,
    seconds,
    perSecond: until / seconds,
    requests,
    bulkRequests: stats.bulkRequests - before.bulkRequests,
    throttled,
    throttledShare: requests === 0 ? 0 : throttled / requests,
    writes: stats.writes - before.writes,
    records,
    fresh: {
      queued: fresh.queued.size,
      written: latencies.length,
      p50Ms: latencies.length ? percentile(latencies, 50) : undefined,
      maxMs: latencies.length ? Math.max(...latencies) : undefined,
      stillWaitingMs: waiting.length ? Math.max(...waiting) : undefined,
      // Each written fresh lead: seconds into the drain it was queued, seconds to its record.
      timeline: [...fresh.queued]
        .filter(([leadId]) => written.has(leadId))
        .map(([leadId, at]) => [(at - started) / 1000, written.get(leadId) / 1000]),
    },
  };
}

export async function benchBacklog({
  backlog = 10_000,
  // One request per lead drains at the request limit's rate (~19 leads/s, ~9 minutes for
  // 10,000): its rate is measured over this many leads of the backlog and the full drain
  // extrapolated from it.
  singleSample = 1_000,
  requests = 600,
  windowSeconds = 30,
  executionMs = 120_000,
  concurrent = 52,
  recordWriteMs = 10,
  freshEveryMs = 1_000,
} = {}) {
  const limits = { requests, windowSeconds, executionMs, concurrent };
  // As the protection benchmark: the worker's limiter at 95% of the allowed rate.
  const rateLimitMax = Math.floor((requests / windowSeconds) * 0.95);
  const settings = { concurrency: 8, rateLimitMax, freshEveryMs };
  const redis = await startPrivateRedis();
  const sim = await startSimulatorProcess();
  try {
    const common = { redis, sim, limits, recordWriteMs, backlog };
    const single = await drainOnce({
      ...common,
      mode: 'off',
      until: Math.min(singleSample, backlog),
      settings: { ...settings, limitSeconds: 60 + (3 * singleSample) / rateLimitMax },
    });
    const bulk = await drainOnce({
      ...common,
      mode: 'auto',
      until: backlog,
      settings: { ...settings, limitSeconds: 60 + (3 * backlog) / rateLimitMax },
    });
    // The single run wrote its sample and the fresh leads; the rest of its backlog was left.
    single.exactlyOnce = single.writes === single.records;
    bulk.exactlyOnce =
      bulk.writes === bulk.records && bulk.records === backlog + bulk.fresh.written;
    const singleFullSeconds = backlog / single.perSecond;
    return {
      backlog,
      limits,
      recordWriteMs,
      rateLimitMax,
      concurrency: settings.concurrency,
      freshEveryMs,
      single: { ...single, fullSeconds: singleFullSeconds },
      bulk,
      speedup: bulk.perSecond / single.perSecond,
    };
  } finally {
    sim.stop();
    await redis.stop();
  }
}

const fmt = (n, digits = 0) =>
  n === undefined
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const seconds = (ms) => (ms === undefined ? '–' : `${fmt(ms / 1000, 1)} s`);

/** Fresh leads in words: how fast they were written, and how long any still waited. */
function freshWords({ fresh }) {
  const waited =
    fresh.stillWaitingMs === undefined
      ? ''
      : `; ${fresh.queued - fresh.written} still waiting at the end, the oldest ${seconds(fresh.stillWaitingMs)}`;
  return `${fresh.written} of ${fresh.queued} written, p50 ${seconds(fresh.p50Ms)}, max ${seconds(fresh.maxMs)}${waited}`;
}

/** The targets, each beside its baseline from the same run. */
export function backlogTargets(result) {
  const { single, bulk } = result;
  // "Within seconds": every fresh lead written, none later than 10 s after it was queued.
  const freshMet =
    bulk.fresh.written === bulk.fresh.queued && bulk.fresh.maxMs !== undefined
      ? bulk.fresh.maxMs <= 10_000
      : false;
  return [
    {
      target: 'bulk writes drain a backlog ≥ 10 × faster than one request per lead',
      measured: `${fmt(bulk.perSecond)} leads/s = ${fmt(result.speedup, 1)} ×`,
      baseline: `one request per lead ${fmt(single.perSecond, 1)} leads/s; needed ≥ ${fmt(10 * single.perSecond)} leads/s`,
      met: result.speedup >= 10,
    },
    {
      target: 'bulk writes: 429 answers ≤ 1% of requests',
      measured: `${bulk.throttled} of ${fmt(bulk.requests)} = ${fmt(100 * bulk.throttledShare, 2)}%`,
      baseline: `one request per lead ${single.throttled} of ${fmt(single.requests)} = ${fmt(100 * single.throttledShare, 2)}%`,
      met: bulk.throttledShare <= 0.01,
    },
    {
      target: 'bulk writes: a fresh lead written within 10 s while the backlog drains',
      measured: freshWords(bulk),
      baseline: `one request per lead: ${freshWords(single)}`,
      met: freshMet,
    },
    {
      target: 'bulk writes: every lead written exactly once',
      measured: `${fmt(bulk.records)} records for ${fmt(result.backlog)} + ${bulk.fresh.written} leads, ${fmt(bulk.writes)} writes`,
      baseline: `one request per lead: ${fmt(single.records)} records, ${fmt(single.writes)} writes`,
      met: bulk.exactlyOnce && single.exactlyOnce,
    },
  ];
}

/** Lines to print: each run, then the targets. */
export function backlogLines(result) {
  const { single, bulk, limits } = result;
  const run = (name, r, extra) =>
    `backlog ${name}: ${fmt(r.perSecond, 1)} leads/s over ${fmt(r.measuredLeads)} leads in ${fmt(r.seconds, 1)} s${extra}; ${fmt(r.requests)} write requests, ${r.throttled} answered 429 (${fmt(100 * r.throttledShare, 2)}%); ${fmt(r.records)} records from ${fmt(r.writes)} writes; fresh leads ${freshWords(r)}`;
  return [
    `backlog of ${fmt(result.backlog)} leads, limits ${limits.requests} requests and ${fmt(limits.executionMs)} ms execution per ${limits.windowSeconds} s, ${limits.concurrent} concurrent, ${result.recordWriteMs} ms per record; worker limiter ${result.rateLimitMax}/s, concurrency ${result.concurrency}`,
    run(
      'one request per lead',
      single,
      ` (a sample: the full ${fmt(result.backlog)} at this rate ≈ ${fmt(single.fullSeconds)} s)`,
    ),
    run('bulk (auto)', bulk, `, ${fmt(bulk.bulkRequests)} CreateMultiple requests`),
    ...backlogTargets(result).map(
      (row) => `  ${row.target}: ${row.measured}; ${row.baseline} → ${row.met ? 'met' : 'not met'}`,
    ),
  ];
}

export const QUICK_BACKLOG = { backlog: 2_000, singleSample: 300 };

// Alone: `node bench/backlog.mjs [--quick]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchBacklog(process.argv.includes('--quick') ? QUICK_BACKLOG : {});
  for (const line of backlogLines(result)) console.log(line);
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  process.exit(0);
}
